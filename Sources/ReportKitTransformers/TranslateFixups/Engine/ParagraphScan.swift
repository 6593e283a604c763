import ReportKit

/// Signals from one byte pass over a paragraph, telling which rules could fire.
/// A paragraph with no signal an enabled rule listens to is left untouched without
/// further work: that fast path is what most clean paragraphs take.
struct ScanSignals: OptionSet, Sendable {
    let rawValue: UInt32

    /// A character mojibake is made of: Latin-1 symbols and letters, Latin Extended, Greek,
    /// Cyrillic, Hebrew, Arabic (lead bytes 0xC2–0xDF, except NBSP and the soft hyphen), math
    /// symbols and box drawing (what Mac Roman and code page 437 produce), U+FFFD.
    static let encodingSuspect = ScanSignals(rawValue: 1 << 0)
    static let ampersand = ScanSignals(rawValue: 1 << 1)
    /// C0/C1 controls, escape sequences, ligatures.
    static let control = ScanSignals(rawValue: 1 << 2)
    /// Full-width forms, CJK punctuation, doubled em dashes or ellipses.
    static let cjkPunctuation = ScanSignals(rawValue: 1 << 3)
    /// NBSP, zero-width and other odd spaces, BOM, soft hyphen, runs of spaces.
    static let oddSpace = ScanSignals(rawValue: 1 << 4)
    /// A space before `, . ; : ? ! )` or after `(`.
    static let spaceBeforePunctuation = ScanSignals(rawValue: 1 << 5)
    /// Two punctuation marks in a row, possibly with spaces between (`,,`, `. ,`).
    static let punctuationRun = ScanSignals(rawValue: 1 << 6)
    /// `, . ; : ? !` directly followed by a letter.
    static let missingSpace = ScanSignals(rawValue: 1 << 7)
    /// A lone lowercase letter other than `a` and `i`.
    static let loneLetter = ScanSignals(rawValue: 1 << 8)
    /// The same word twice in a row.
    static let repeatedWord = ScanSignals(rawValue: 1 << 9)
    /// The same sentence twice in a row.
    static let repeatedSentence = ScanSignals(rawValue: 1 << 10)
    /// Curly quotes mixed with straight ones, spaced or doubled.
    static let mixedQuotes = ScanSignals(rawValue: 1 << 11)
    /// A sentence that starts with `It `.
    static let sentenceStartsWithIt = ScanSignals(rawValue: 1 << 12)
    /// A line break inside the block.
    static let lineBreak = ScanSignals(rawValue: 1 << 13)
    /// The paragraph starts with punctuation followed by a space.
    static let leadingPunctuation = ScanSignals(rawValue: 1 << 14)
    /// More CJK scalars than ASCII letters: the paragraph is left alone.
    static let cjkMajority = ScanSignals(rawValue: 1 << 15)
    /// Quote characters seen, kept so that signals of parts of a paragraph can be merged
    /// into `mixedQuotes` (see `mergingQuotes`); no rule listens to them.
    static let curlyQuote = ScanSignals(rawValue: 1 << 16)
    static let straightQuote = ScanSignals(rawValue: 1 << 17)
    static let spacedCurlyQuote = ScanSignals(rawValue: 1 << 18)
    /// Fires for every paragraph (glossary, redundancy).
    static let always = ScanSignals(rawValue: 1 << 31)
}

extension ScanSignals {
    /// The signals with `mixedQuotes` worked out again from the quote kinds seen, after
    /// signals of several parts of one paragraph were put together.
    var mergingQuotes: ScanSignals {
        var s = self
        if s.contains(.curlyQuote), !s.intersection([.straightQuote, .spacedCurlyQuote]).isEmpty { s.insert(.mixedQuotes) }
        return s
    }
}

enum ParagraphScan {
    /// One pass over the bytes. Linear; no allocation.
    static func signals(_ p: UnsafeBufferPointer<UInt8>) -> ScanSignals {
        var s: ScanSignals = [.always]
        let n = p.count
        if n == 0 { return s }
        var cjk = 0, letters = 0
        var hasCurly = false, hasStraight = false, curlyOddity = false
        // Word and sentence tracking for repeats: compare equal-length neighbours only.
        var wordStart = -1, prevWordStart = -1, prevWordLength = 0, prevWordEnd = -2
        var sentenceStart = 0, prevSentenceStart = -1, prevSentenceLength = 0
        var w2Start = -1, w2Length = -1, w3Start = -1, w3Length = -1
        if n >= 2, isLeadPunctuation(p[0]), p[1] == 0x20 { s.insert(.leadingPunctuation) }
        let raw = UnsafeRawPointer(p.baseAddress!)
        /// The word that started at `wordStart` ends at `end`, before byte `b`: the lone-letter
        /// and repeated-word checks, then it becomes the previous word.
        @inline(__always) func endWord(at end: Int, before b: UInt8) {
            let length = end - wordStart
            if b == 0x20 || b == 0x2C || b == 0x2E {
                if length == 1, b == 0x20, ByteText.isLower(p[wordStart]), p[wordStart] != 0x61, p[wordStart] != 0x69,
                   wordStart > 0, p[wordStart - 1] == 0x20 {
                    s.insert(.loneLetter)
                }
                if length == prevWordLength, prevWordEnd == wordStart - 1, p[prevWordEnd] == 0x20,
                   sameLetters(p, prevWordStart, wordStart, length) {
                    s.insert(.repeatedWord)
                }
            }
            // A repeated pair (`in the in the`): this word equals the one two back,
            // the previous one the one three back.
            if length == w2Length, prevWordLength == w3Length, w3Start >= 0,
               sameLetters(p, w2Start, wordStart, length), sameLetters(p, w3Start, prevWordStart, prevWordLength) {
                s.insert(.repeatedWord)
            }
            w3Start = w2Start; w3Length = w2Length
            w2Start = prevWordStart; w2Length = prevWordLength
            prevWordStart = wordStart; prevWordLength = length; prevWordEnd = end
            wordStart = -1
        }
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if ByteText.isLetter(b) {
                    // The common case: run through the rest of the word at once.
                    if wordStart < 0 { wordStart = i }
                    var j = i &+ 1
                    while true {
                        // Eight bytes at a time: find the first byte that is not an ASCII letter.
                        while j &+ 8 <= n {
                            let other = ~ByteMasks.letters(ByteMasks.load(raw, at: j)) & 0x8080_8080_8080_8080
                            if other == 0 { j &+= 8; continue }
                            j &+= other.trailingZeroBitCount >> 3
                            break
                        }
                        while j < n, ByteText.isLetter(p[j]) { j &+= 1 }
                        // `word word`, the most common step: the word ends at the space as in the
                        // general path below (a letter after a space raises no signal), and the
                        // next word starts, without a round through the byte dispatch.
                        guard j &+ 1 < n, p[j] == 0x20, ByteText.isLetter(p[j &+ 1]) else { break }
                        letters &+= j &- i
                        endWord(at: j, before: 0x20)
                        i = j &+ 1
                        wordStart = i
                        j = i &+ 1
                    }
                    letters &+= j &- i
                    i = j
                    continue
                }
                if ByteText.isDigit(b) {
                    wordStart = -1
                    i &+= 1
                    while i < n, ByteText.isDigit(p[i]) { i &+= 1 }
                    continue
                }
                // A word of letters ends here.
                if wordStart >= 0 {
                    endWord(at: i, before: b)
                } else {
                    prevWordEnd = -2
                }
                switch b {
                case 0x20:
                    if i + 1 < n {
                        let c = p[i + 1]
                        if c == 0x20 { s.insert(.oddSpace) }
                        else if c == 0x2C || c == 0x2E || c == 0x3B || c == 0x3A || c == 0x3F || c == 0x21 || c == 0x29 {
                            s.insert(.spaceBeforePunctuation)
                        } else if c == 0x27, isSplitClitic(p, i + 2) {
                            s.insert(.spaceBeforePunctuation)
                        }
                    }
                case 0x2E, 0x21, 0x3F:
                    if i + 1 < n {
                        let c = p[i + 1]
                        // Only `word.Word` can be a missing space (or a glued repeat); `U.S.`, `e.g.` cannot.
                        if ByteText.isUpper(c), i + 2 < n, ByteText.isLower(p[i + 2]), i > 0, ByteText.isAlnum(p[i - 1]) {
                            s.insert(.missingSpace)
                            if ByteText.isLower(p[i - 1]) { s.insert(.repeatedSentence) }
                        }
                        else if isRunPunctuation(c) { s.insert(.punctuationRun) }
                        else if c == 0x20 {
                            if i + 2 < n, isRunPunctuation(p[i + 2]) { s.insert(.punctuationRun) }
                            // A sentence ends: compare it with the previous one.
                            let length = i + 1 - sentenceStart
                            if length == prevSentenceLength, length >= 12,
                               sameBytes(p, prevSentenceStart, sentenceStart, length) {
                                s.insert(.repeatedSentence)
                            }
                            prevSentenceStart = sentenceStart; prevSentenceLength = length
                            sentenceStart = i + 2
                            // `He …. It said …`: only then can a pronoun have slipped.
                            if i + 4 < n, p[i + 2] == 0x49, p[i + 3] == 0x74, p[i + 4] == 0x20, startsWithHeOrShe(p, prevSentenceStart) {
                                s.insert(.sentenceStartsWithIt)
                            }
                        }
                    }
                    if i + 1 == n {
                        let length = n - sentenceStart
                        if length == prevSentenceLength, length >= 12, sameBytes(p, prevSentenceStart, sentenceStart, length) {
                            s.insert(.repeatedSentence)
                        }
                    }
                case 0x2C, 0x3B, 0x3A:
                    if i + 1 < n {
                        let c = p[i + 1]
                        if ByteText.isLetter(c) { s.insert(.missingSpace) }
                        else if isRunPunctuation(c) { s.insert(.punctuationRun) }
                        else if c == 0x20, i + 2 < n, isRunPunctuation(p[i + 2]) { s.insert(.punctuationRun) }
                    }
                case 0x28:
                    if i + 1 < n, p[i + 1] == 0x20 { s.insert(.spaceBeforePunctuation) }
                case 0x26: s.insert(.ampersand)
                case 0x22, 0x27: hasStraight = true
                case 0x0A: s.insert(.lineBreak)
                case 0x09, 0x0D: break
                default:
                    if b < 0x20 || b == 0x7F { s.insert(.control) }
                }
                i += 1
                continue
            }
            // Non-ASCII: a word byte for repeat tracking purposes.
            if wordStart < 0 { wordStart = i }
            let c1: UInt8 = i + 1 < n ? p[i + 1] : 0
            let c2: UInt8 = i + 2 < n ? p[i + 2] : 0
            switch b {
            case 0xC2:
                if c1 < 0xA0 { s.insert([.control, .encodingSuspect]) }
                else if c1 == 0xA0 || c1 == 0xAD { s.insert(.oddSpace) }
                else { s.insert(.encodingSuspect) }
                i += 2
            case 0xC3...0xDF:
                s.insert(.encodingSuspect)
                i += 2
            case 0xE2:
                if c1 == 0x80 {
                    switch c2 {
                    case 0x98:
                        hasCurly = true
                    case 0x99:
                        hasCurly = true
                        if i > 0, p[i - 1] == 0x20, isSplitClitic(p, i + 3) { s.insert(.spaceBeforePunctuation) }
                    case 0x9C:
                        hasCurly = true
                        if i + 3 < n, p[i + 3] == 0x20 { curlyOddity = true }
                        if i + 5 < n, p[i + 3] == 0xE2, p[i + 4] == 0x80, p[i + 5] == 0x9C { curlyOddity = true }
                    case 0x9D:
                        hasCurly = true
                        if i > 0, p[i - 1] == 0x20 { curlyOddity = true }
                        if i + 5 < n, p[i + 3] == 0xE2, p[i + 4] == 0x80, p[i + 5] == 0x9D { curlyOddity = true }
                    case 0x80...0x8F, 0xA8...0xAF:
                        s.insert(.oddSpace)
                    case 0x94, 0xA6:
                        if i + 5 < n, p[i + 3] == 0xE2, p[i + 4] == 0x80, p[i + 5] == c2 { s.insert(.cjkPunctuation) }
                    default: break
                    }
                } else if c1 == 0x81, c2 == 0xA0 {
                    s.insert(.oddSpace)
                } else if c1 == 0x88 || c1 == 0x89 || (c1 >= 0x94 && c1 <= 0x97) {
                    s.insert(.encodingSuspect)
                }
                i += 3
            case 0xE3:
                if c1 == 0x80 {
                    if c2 == 0x80 { s.insert(.oddSpace) } else { s.insert(.cjkPunctuation) }
                } else {
                    cjk &+= 1
                }
                i += 3
            case 0xE4...0xED:
                cjk &+= 1
                i += 3
            case 0xEF:
                if c1 == 0xBC || (c1 == 0xBD && c2 <= 0x9E) { s.insert(.cjkPunctuation) }
                else if c1 == 0xBB, c2 == 0xBF { s.insert(.oddSpace) }
                else if c1 == 0xAC, c2 <= 0x86 { s.insert(.control) }
                else if c1 == 0xBF, c2 == 0xBD { s.insert(.encodingSuspect) }
                i += 3
            default:
                i += b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : 2)
            }
        }
        if hasCurly { s.insert(.curlyQuote) }
        if hasStraight { s.insert(.straightQuote) }
        if curlyOddity { s.insert(.spacedCurlyQuote) }
        if hasCurly && (hasStraight || curlyOddity) { s.insert(.mixedQuotes) }
        if cjk > letters { s.insert(.cjkMajority) }
        return s
    }

    /// The sentence signals of `signals` alone (`repeatedSentence` from two equal sentences in
    /// a row, `sentenceStartsWithIt`), found the same way from the sentence ends only; fast,
    /// for rescanning a paragraph after an edit elsewhere in it.
    static func sentenceSignals(_ p: UnsafeBufferPointer<UInt8>) -> ScanSignals {
        var s: ScanSignals = []
        let n = p.count
        var sentenceStart = 0, prevSentenceStart = -1, prevSentenceLength = 0
        guard let base = p.baseAddress else { return s }
        let raw = UnsafeRawPointer(base)
        @inline(__always) func hasByte(_ v: UInt64, _ c: UInt64) -> Bool {
            let x = v ^ (c &* 0x0101_0101_0101_0101)
            return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
        }
        var i = 0
        while i < n {
            // Eight bytes at a time up to the next `.`, `!` or `?`.
            while i &+ 8 <= n {
                let v = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if hasByte(v, 0x2E) || hasByte(v, 0x21) || hasByte(v, 0x3F) { break }
                i &+= 8
            }
            guard i < n else { break }
            let b = p[i]
            guard b == 0x2E || b == 0x21 || b == 0x3F else { i &+= 1; continue }
            if i + 1 < n {
                if p[i + 1] == 0x20 {
                    let length = i + 1 - sentenceStart
                    if length == prevSentenceLength, length >= 12, sameBytes(p, prevSentenceStart, sentenceStart, length) {
                        s.insert(.repeatedSentence)
                    }
                    prevSentenceStart = sentenceStart; prevSentenceLength = length
                    sentenceStart = i + 2
                    if i + 4 < n, p[i + 2] == 0x49, p[i + 3] == 0x74, p[i + 4] == 0x20, startsWithHeOrShe(p, prevSentenceStart) {
                        s.insert(.sentenceStartsWithIt)
                    }
                }
            } else {
                let length = n - sentenceStart
                if length == prevSentenceLength, length >= 12, sameBytes(p, prevSentenceStart, sentenceStart, length) {
                    s.insert(.repeatedSentence)
                }
            }
            i &+= 1
        }
        return s
    }

    /// `s`, `t`, `d`, `m`, `re`, `ve`, `ll` at `i`, then a non-letter: what follows a split `'`.
    @inline(__always) static func isSplitClitic(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i < p.count else { return false }
        let a = p[i]
        let b: UInt8 = i + 1 < p.count ? p[i + 1] : 0x20
        if a == 0x73 || a == 0x74 || a == 0x64 || a == 0x6D { return !ByteText.isLetter(b) }
        let c: UInt8 = i + 2 < p.count ? p[i + 2] : 0x20
        let two = (a == 0x72 && b == 0x65) || (a == 0x76 && b == 0x65) || (a == 0x6C && b == 0x6C)
        return two && !ByteText.isLetter(c)
    }

    @inline(__always) static func startsWithHeOrShe(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i >= 0, i + 3 < p.count else { return false }
        if p[i] == 0x48, p[i + 1] == 0x65, p[i + 2] == 0x20 { return true }
        return p[i] == 0x53 && p[i + 1] == 0x68 && p[i + 2] == 0x65 && p[i + 3] == 0x20
    }

    @inline(__always) static func isRunPunctuation(_ b: UInt8) -> Bool {
        b == 0x2C || b == 0x2E || b == 0x3B || b == 0x3A
    }

    @inline(__always) static func isLeadPunctuation(_ b: UInt8) -> Bool {
        b == 0x2C || b == 0x2E || b == 0x3B || b == 0x3A
    }

    @inline(__always) static func sameLetters(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, _ n: Int) -> Bool {
        for k in 0..<n where (p[a + k] | 0x20) != (p[b + k] | 0x20) { return false }
        return true
    }

    @inline(__always) static func sameBytes(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, _ n: Int) -> Bool {
        guard a >= 0 else { return false }
        for k in 0..<n where p[a + k] != p[b + k] { return false }
        return true
    }
}
