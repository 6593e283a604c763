/// Finds words in UTF-8 text by scanning bytes.
///
/// A word is a run of ASCII letters and digits, or of non-ASCII characters that are not
/// punctuation or spaces (so `café`, `naïve` and CJK runs stay whole). Apostrophes split
/// (`firm's` → `firm`, `s`), as do hyphens and every other ASCII symbol. Shared by every
/// transformer that needs words.
public enum WordTokenizer {
    /// Calls `body` with the byte range of each word of `bytes`, in order.
    @inlinable
    public static func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        let n = bytes.count
        var i = 0
        while i < n {
            // Skip to the start of a word.
            while i < n {
                let width = wordByteWidth(bytes, i)
                if width > 0 { break }
                i += separatorWidth(bytes, i)
            }
            if i >= n { return }
            let start = i
            while i < n {
                let width = wordByteWidth(bytes, i)
                if width == 0 { break }
                i += width
            }
            body(start..<i)
        }
    }

    /// The words of `text`, lowercased (ASCII letters only; other scripts as written).
    public static func words(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { bytes in
            var out: [String] = []
            forEachWord(in: bytes) { range in
                out.append(String(decoding: bytes[range].map(asciiLowercased), as: UTF8.self))
            }
            return out
        }
    }

    /// `b` with ASCII capitals lowered.
    @inlinable @inline(__always)
    public static func asciiLowercased(_ b: UInt8) -> UInt8 {
        (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
    }

    /// The byte width of the word character at `i`, or 0 when it is not one (for callers
    /// that scan words in their own loop).
    @inlinable @inline(__always)
    public static func wordByteWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 {
            return (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) ? 1 : 0
        }
        let width = sequenceWidth(b)
        if isNonASCIIPunctuationOrSpace(bytes, i) { return 0 }
        return min(width, bytes.count - i)
    }

    /// The byte width of the separator at `i` (a whole UTF-8 sequence, never less than 1).
    @inlinable @inline(__always)
    public static func separatorWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = bytes[i]
        return b < 0x80 ? 1 : min(sequenceWidth(b), bytes.count - i)
    }

    @inlinable @inline(__always)
    static func sequenceWidth(_ lead: UInt8) -> Int {
        if lead >= 0xF0 { return 4 }
        if lead >= 0xE0 { return 3 }
        if lead >= 0xC0 { return 2 }
        return 1  // a stray continuation byte: step over it alone
    }

    /// Non-ASCII characters that separate words: Latin-1 punctuation and spaces (U+0080–U+00BF
    /// and ×, ÷), General Punctuation (U+2000–U+206F: dashes, curly quotes, ellipsis), CJK
    /// symbols and punctuation (U+3000–U+303F), full-width ASCII punctuation, and U+FFFD.
    @inlinable @inline(__always)
    static func isNonASCIIPunctuationOrSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let b = bytes[i]
        let n = bytes.count
        if b == 0xC2 { return true }
        if b == 0xC3, i + 1 < n { return bytes[i + 1] == 0x97 || bytes[i + 1] == 0xB7 }
        if b == 0xE2, i + 1 < n { return bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x81 }
        if b == 0xE3, i + 1 < n { return bytes[i + 1] == 0x80 }
        if b == 0xEF, i + 2 < n {
            if bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBD { return true }  // U+FFFD
            if bytes[i + 1] == 0xBC { return bytes[i + 2] < 0x90 || (bytes[i + 2] >= 0x9A && bytes[i + 2] <= 0xA0) || bytes[i + 2] >= 0xBB }
        }
        return false
    }
}
