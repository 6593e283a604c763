/// A light English stemmer: strips one of `-ing`, `-ed`, `-es`, `-s` from words longer than
/// four letters, so `talks`/`talk` and `reports`/`reported`/`reporting` meet.
///
/// Far smaller than Porter's algorithm on purpose. It only has to make related forms of a
/// word compare equal; more aggressive rules (silent `e`, `-ies` → `-y`, undoubling) measured
/// worse for summary sentence ranking, because they also merge unrelated words.
/// Works in place on lowercased ASCII bytes; words with other bytes are left as they are.
public enum LightStemmer {
    /// Stems the lowercased word in `word[0..<length]` in place and returns its new length.
    @inlinable
    public static func stem(_ word: UnsafeMutableBufferPointer<UInt8>, length: Int) -> Int {
        let n = length
        guard n > 4 else { return n }
        for k in 0..<n where word[k] >= 0x80 { return n }
        let a = word[n - 3], b = word[n - 2], c = word[n - 1]
        if a == 0x69, b == 0x6E, c == 0x67 { return n - 3 }  // -ing
        if b == 0x65, c == 0x64 { return n - 2 }  // -ed
        if b == 0x65, c == 0x73 { return n - 2 }  // -es
        if c == 0x73 { return n - 1 }  // -s
        return n
    }

    /// The stem of one lowercased word, for tests and callers off the hot path.
    public static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        let n = bytes.withUnsafeMutableBufferPointer { stem($0, length: $0.count) }
        return String(decoding: bytes[0..<n], as: UTF8.self)
    }
}
