/// Folding for comparing lines that differ only in typography: a headline repeated in
/// the body with `'` for `’`, other dashes, other spacing or case.
public enum TextFolding {
    /// Lowercased ASCII letters and digits, with every run of anything else (spaces,
    /// quotes, dashes, punctuation) folded to one space, trimmed.
    public static func foldForComparison(_ text: some StringProtocol) -> String {
        if let folded = text.utf8.withContiguousStorageIfAvailable(fold) { return folded }
        var copy = String(text)
        return copy.withUTF8(fold)
    }

    /// ``foldForComparison(_:)`` over valid UTF-8: ASCII bytes directly, and only the other
    /// characters decoded (letters and digits of any script are kept, lowercased).
    private static func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    out.append(lower)
                } else {
                    pendingSpace = true
                }
                continue
            }
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            guard i + length <= n else { break }
            // U+2000…U+203F (curly quotes, dashes, spaces, ellipsis): punctuation, the common case.
            if b == 0xE2 && bytes[i + 1] == 0x80 {
                pendingSpace = true
                i += 3
                continue
            }
            var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for k in 1 ..< length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
            i += length
            guard let scalar = Unicode.Scalar(value) else { pendingSpace = true; continue }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(contentsOf: String(scalar).lowercased().utf8)
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
