/// Folding for comparing lines that differ only in typography: a headline repeated in
/// the body with `'` for `’`, other dashes, other spacing or case.
public enum TextFolding {
    /// Lowercased ASCII letters and digits, with every run of anything else (spaces,
    /// quotes, dashes, punctuation) folded to one space, trimmed.
    public static func foldForComparison(_ text: some StringProtocol) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    out.append(b)
                } else if b >= 0x41 && b <= 0x5A {
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    out.append(b | 0x20)
                } else {
                    pendingSpace = true
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
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
