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
        guard length > 4 else { return length }
        for k in 0..<length where word[k] >= 0x80 { return length }
        return stemASCII(word, length: length)
    }

    /// ``stem(_:length:)`` for a word the caller knows to be ASCII. Nothing is written, so
    /// the stem is the word's first `length` bytes as they are. The suffix is chosen without
    /// branches: which one a word has is a coin toss to the branch predictor, and
    /// summarize asks for every word.
    @inlinable
    public static func stemASCII(_ word: UnsafeMutableBufferPointer<UInt8>, length n: Int) -> Int {
        guard n > 4 else { return n }
        let a = word[n - 3], b = word[n - 2], c = word[n - 1]
        let ing = (a == 0x69) && (b == 0x6E) && (c == 0x67)
        let edOrEs = (b == 0x65) && (c == 0x64 || c == 0x73)
        let plural = c == 0x73
        // -ing, else -ed or -es, else -s.
        return n &- (ing ? 3 : edOrEs ? 2 : plural ? 1 : 0)
    }

    /// The stem of one lowercased word, for tests and callers off the hot path.
    public static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        let n = bytes.withUnsafeMutableBufferPointer { stem($0, length: $0.count) }
        return String(decoding: bytes[0..<n], as: UTF8.self)
    }
}
