/// A word, number or punctuation mark in a block's UTF-8 text, with its byte range.
struct WordToken: Equatable {
    enum Kind: UInt8 { case word, number, punctuation }

    var kind: Kind
    var start: Int
    var end: Int
    /// The first byte is an ASCII capital letter.
    var isCapitalized: Bool
    /// Every letter is an ASCII capital and there are at least two.
    var isAllCaps: Bool
    /// The word lists this word is on (filled in by ``WordScanner/scanClassified(_:)``).
    var classes: WordClass = []
}

/// Splits UTF-8 text into words, numbers and punctuation in one pass over the bytes.
///
/// A word is a run of letters (ASCII, or any non-ASCII character that is not typographic
/// punctuation), with inner hyphens and periods of abbreviations (`U.S`) kept. A number
/// is digits with inner `.`/`,` (`3.2`, `235,000`). Curly quotes, apostrophes and dashes
/// are punctuation, so `Shanghai’s` gives `Shanghai`, `’`, `s`.
enum WordScanner {
    static func scan(_ bytes: [UInt8]) -> [WordToken] {
        bytes.withUnsafeBufferPointer { scan($0, lexicon: nil) }
    }

    /// The scan over raw bytes; with a `lexicon`, each word's classes are looked up as it is found.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, lexicon: WordLexicon.Lookup?) -> [WordToken] {
        var tokens: [WordToken] = []
        tokens.reserveCapacity(bytes.count / 5)
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                i += 1
                continue
            }
            if isDigit(b) {
                var j = i + 1
                while j < n {
                    if isDigit(bytes[j]) { j += 1; continue }
                    if (bytes[j] == 0x2E || bytes[j] == 0x2C), j + 1 < n, isDigit(bytes[j + 1]) { j += 2; continue }
                    break
                }
                // `12th`, `3rd`: an ordinal stays one token.
                if j < n, isLetter(bytes[j]) {
                    var k = j
                    while k < n, isLetter(bytes[k]) { k += 1 }
                    if k - j <= 2 { j = k }
                }
                tokens.append(WordToken(kind: .number, start: i, end: j, isCapitalized: false, isAllCaps: false))
                i = j
                continue
            }
            let punctuationLength = b < 0x80 ? 0 : typographicPunctuationLength(bytes, i)
            if punctuationLength > 0 || (b < 0x80 && !isLetter(b)) {
                let length = max(1, punctuationLength)
                tokens.append(WordToken(kind: .punctuation, start: i, end: i + length, isCapitalized: false, isAllCaps: false))
                i += length
                continue
            }
            var j = i
            var capitals = 0
            var lowers = 0
            while j < n {
                let c = bytes[j]
                if c >= 0x80 {
                    if typographicPunctuationLength(bytes, j) > 0 { break }
                    j += 1
                    continue
                }
                // Lowercase letters, most of any text, in a run of their own: one compare a byte.
                if c &- 0x61 < 26 {
                    var k = j &+ 1
                    while k < n, bytes[k] &- 0x61 < 26 { k &+= 1 }
                    lowers &+= k &- j
                    j = k
                    continue
                }
                if c &- 0x41 < 26 { capitals &+= 1; j &+= 1; continue }
                if isDigit(c) { j += 1; continue }
                // Inner hyphen (`high-quality`) or abbreviation period (`U.S`).
                if (c == 0x2D || (c == 0x2E && capitals > 0 && lowers == 0 && j - i <= 3)), j + 1 < n, isLetter(bytes[j + 1]) {
                    j += 1
                    continue
                }
                break
            }
            if j == i { j = i + 1 }
            tokens.append(WordToken(kind: .word, start: i, end: j, isCapitalized: b >= 0x41 && b <= 0x5A,
                                    isAllCaps: capitals >= 2 && lowers == 0,
                                    classes: lexicon?.classes(bytes, i, j) ?? []))
            i = j
        }
        return tokens
    }

    /// ``scan(_:)``, with each word's gazetteer classes looked up once, so the rules test
    /// bits instead of making a `String` of every token for set lookups.
    static func scanClassified(_ bytes: [UInt8]) -> [WordToken] {
        Gazetteer.lexicon.withLookup { lexicon in
            bytes.withUnsafeBufferPointer { scan($0, lexicon: lexicon) }
        }
    }

    /// The value of a token made only of ASCII digits (at most 18), else nil: `Int(text)` without the `String`.
    static func integer(_ bytes: [UInt8], _ token: WordToken) -> Int? {
        let length = token.end - token.start
        guard length > 0, length <= 18 else { return nil }
        var value = 0
        for k in token.start ..< token.end {
            let b = bytes[k]
            guard isDigit(b) else { return nil }
            value = value * 10 + Int(b - 0x30)
        }
        return value
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// The byte length of a typographic punctuation mark at `i` (curly quotes, dashes,
    /// ellipsis, NBSP, CJK punctuation), or 0.
    static func typographicPunctuationLength(_ bytes: [UInt8], _ i: Int) -> Int {
        bytes.withUnsafeBufferPointer { typographicPunctuationLength($0, i) }
    }

    @inline(__always)
    static func typographicPunctuationLength(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = bytes[i]
        if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80 { return 3 }          // U+2000…U+203F
        if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 || bytes[i + 1] == 0xAB || bytes[i + 1] == 0xBB { return 2 }
        if b == 0xE3, i + 2 < bytes.count, bytes[i + 1] == 0x80 { return 3 }          // CJK punctuation U+3000…U+303F
        if b == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBC { return 3 }          // full-width forms
        return 0
    }
}

extension Array where Element == UInt8 {
    /// The token's text.
    func text(of token: WordToken) -> String {
        String(decoding: self[token.start ..< token.end], as: UTF8.self)
    }

    /// Whether the token's bytes equal `word` exactly.
    func token(_ token: WordToken, is word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard token.end - token.start == n else { return false }
        let p = word.utf8Start
        var k = 0
        while k < n {
            if self[token.start + k] != p[k] { return false }
            k += 1
        }
        return true
    }

    /// Whether the token's bytes equal `word` ignoring ASCII case.
    func token(_ token: WordToken, isCaseless word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard token.end - token.start == n else { return false }
        let p = word.utf8Start
        var k = 0
        while k < n {
            if self[token.start + k] | 0x20 != p[k] | 0x20 { return false }
            k += 1
        }
        return true
    }
}
