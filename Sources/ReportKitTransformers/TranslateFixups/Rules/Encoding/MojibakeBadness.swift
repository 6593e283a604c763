/// How much a text looks like mojibake: a count of character pairs that real text in any
/// language rarely has and wrongly decoded UTF-8 has all the time. A repair is kept only
/// when it lowers the score, which is what leaves correct text (`NESTLÉ®`, `5×£35`,
/// `ВІКІ`, `Brontë…”`) alone.
///
/// The pairs, from the commonest mojibake down:
/// - `Â Ã â ð` (the Windows-1252 spellings of the UTF-8 lead bytes C2 C3 E2 F0) followed by
///   a character whose byte is a UTF-8 continuation (`Ã©`, `â€`), or `Ã`/`Â` left before
///   the space that replaced its NBSP (`voilÃ  le`);
/// - any lead-byte character before U+FFFD (a lost byte: `Ä�`), or a lead, continuation,
///   same-lead pattern (`×‘×”`, `Ø±Ø³`);
/// - an accented letter followed by a symbol (`Ã¶`, `Ĺˇ`) or box drawing, a lowercase letter
///   before an uppercase one or after two (`РґРѕ`, `SÖģ`);
/// - two symbols in a row beside a letter (`g√¢teaux`), a symbol inside an ASCII word;
/// - ideographs next to Latin letters (`parl酠`), and characters a decode should not produce:
///   C1 controls, IPA and phonetic letters, private use, archaic Cyrillic, combining marks on
///   ASCII letters.
enum MojibakeBadness {
    /// Character classes the score is written in.
    enum Kind: UInt8 {
        case asciiLetter, asciiDigit, space, asciiOther
        case c1, typographic, replacement
        case upper, lower, mark, box, symbol
    }

    @inline(__always) static func kind(_ v: UInt32) -> Kind {
        if v < 0x80 {
            let b = UInt8(v)
            if ByteText.isLetter(b) { return .asciiLetter }
            if ByteText.isDigit(b) { return .asciiDigit }
            return b == 0x20 ? .space : .asciiOther
        }
        if v <= 0x9F { return .c1 }
        switch v {
        case 0x2019, 0x2018, 0x201C, 0x201D, 0x2026, 0x2013, 0x2014, 0xA0, 0xAD: return .typographic
        case 0xFFFD: return .replacement
        case 0xAA, 0xBA, 0xB5, 0x2B0...0x2FF: return .symbol
        case 0x2500...0x259F: return .box
        default: break
        }
        guard let scalar = Unicode.Scalar(v) else { return .symbol }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: return .upper
        case .lowercaseLetter, .modifierLetter, .otherLetter: return .lower
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        case .spaceSeparator: return .space
        default: return .symbol
        }
    }

    /// Characters a correct decode should not produce.
    @inline(__always) static func isUnlikely(_ v: UInt32) -> Bool {
        switch v {
        case 0x80...0x9F, 0x17F, 0x250...0x2AF, 0x460...0x48F, 0x500...0x52F, 0x1800...0x18AF, 0x1D00...0x1DBF,
             0xE000...0xF8FF, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    @inline(__always) static func isIdeographic(_ v: UInt32) -> Bool {
        (v >= 0x2E80 && v <= 0x9FFF) || (v >= 0xAC00 && v <= 0xD7AF) || (v >= 0xF900 && v <= 0xFAFF)
    }

    /// The Windows-1252 (or Latin-1, for C1 controls) byte of a non-ASCII character.
    @inline(__always) static func byte1252(_ v: UInt32) -> UInt8? {
        v >= 0x80 ? Windows1252.byte(for: v) : nil
    }

    @inline(__always) static func isContinuation1252(_ v: UInt32) -> Bool {
        guard let b = byte1252(v) else { return false }
        return b >= 0x80 && b <= 0xBF
    }

    @inline(__always) static func isLead1252(_ v: UInt32) -> Bool {
        guard let b = byte1252(v) else { return false }
        return b >= 0xC2 && b <= 0xF4
    }

    @inline(__always) static func isLower(_ v: UInt32) -> Bool {
        if v < 0x80 { return ByteText.isLower(UInt8(v)) }
        return Unicode.Scalar(v)?.properties.isLowercase ?? false
    }

    @inline(__always) static func isUpper(_ v: UInt32) -> Bool {
        if v < 0x80 { return ByteText.isUpper(UInt8(v)) }
        return Unicode.Scalar(v)?.properties.isUppercase ?? false
    }

    /// False only when `score` is certainly 0, from the UTF-8 bytes alone: every scoring pair
    /// needs two non-ASCII characters side by side, or one of a few characters (`Â`, `Ã`, C1
    /// controls, IPA, private use…), or a non-ASCII character against an ASCII letter in ways
    /// clean text rarely has. Lets paragraphs with a few `£`, `’` or `café` skip the work.
    static func mightScore(_ t: [UInt8]) -> Bool {
        let n = t.count
        var i = ByteText.nextNonASCII(t, from: 0)
        while i < n {
            let b = t[i]
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            let end = min(n, i + length)
            let before: UInt8 = i > 0 ? t[i - 1] : 0x20
            let after: UInt8 = end < n ? t[end] : 0x20
            if before >= 0x80 || after >= 0x80 || end - i < length { return true }
            let c1 = length > 1 ? t[i + 1] : 0
            let c2 = length > 2 ? t[i + 2] : 0
            switch b {
            case 0xC2:
                if c1 < 0xA0 { return true }
                if c1 != 0xA0, c1 != 0xAD, ByteText.isLetter(before), ByteText.isLetter(after) { return true }
            case 0xC3:
                if c1 == 0x82 || c1 == 0x83 || ByteText.isUpper(before) { return true }
                if c1 == 0x97 || c1 == 0xB7, ByteText.isLetter(before), ByteText.isLetter(after) { return true }
            case _ where isUnlikelyLead(b, c1, c2):
                return true
            case 0xE2 where c1 == 0x80 && (c2 == 0x93 || c2 == 0x94 || c2 == 0x98 || c2 == 0x99 || c2 == 0x9C || c2 == 0x9D || c2 == 0xA6):
                break // dashes, curly quotes, ellipsis: typographic, they score with nothing ASCII
            default:
                if ByteText.isLetter(before) || ByteText.isLetter(after) { return true }
            }
            i = ByteText.nextNonASCII(t, from: end)
        }
        return false
    }

    /// Whether the UTF-8 sequence starting `b c1 c2` may be one of the `isUnlikely` characters.
    @inline(__always) static func isUnlikelyLead(_ b: UInt8, _ c1: UInt8, _ c2: UInt8) -> Bool {
        switch b {
        case 0xC9, 0xCA, 0xD4, 0xEE: return true
        case 0xC5: return c1 == 0xBF
        case 0xD1: return c1 >= 0xA0
        case 0xD2: return c1 <= 0x8F
        case 0xE1: return (c1 >= 0xA0 && c1 <= 0xA2) || (c1 >= 0xB4 && c1 <= 0xB6)
        case 0xEF: return c1 <= 0xA3 || (c1 == 0xBF && c2 >= 0xBE)
        default: return false
        }
    }

    /// The score of `s[range]`. Linear; pure ASCII scores 0.
    static func score(_ s: [UInt32], _ range: Range<Int>? = nil) -> Int {
        let range = range ?? 0..<s.count
        let n = range.upperBound
        var kinds = [Kind](); kinds.reserveCapacity(range.count)
        for k in range { kinds.append(kind(s[k])) }
        @inline(__always) func kindAt(_ k: Int) -> Kind { kinds[k - range.lowerBound] }
        func isLetterKind(_ x: Kind) -> Bool { x == .upper || x == .lower }
        var score = 0
        var k = range.lowerBound
        while k < n {
            defer { k += 1 }
            let c = s[k], x = kindAt(k)
            if c < 0x80 && x != .asciiLetter { continue }
            if isUnlikely(c) { score += 2 }
            if x == .mark, k > range.lowerBound, kindAt(k - 1) == .asciiLetter { score += 2 }
            guard k + 1 < n else { continue }
            let d = s[k + 1], y = kindAt(k + 1)
            let after2: UInt32? = k + 2 < n ? s[k + 2] : nil
            if c == 0xC2 || c == 0xC3 || c == 0xE2 || c == 0xF0 {
                if isContinuation1252(d), !(d == 0x2019 && after2.map(isLower) == true) {
                    score += 2; continue
                }
                if c <= 0xC3, d == 0x20 || d == 0xA0 {
                    var m = k + 1
                    while m < n, m < k + 3, s[m] == 0x20 || s[m] == 0xA0 { m += 1 }
                    if m < n, isLower(s[m]) { score += 2; continue }
                }
            }
            if c >= 0x80, isLead1252(c) {
                if d == 0xFFFD { score += 2 }
                if isContinuation1252(d), after2 == c { score += 1 }
            }
            if c >= 0x80, isLetterKind(x) {
                if y == .symbol, d != 0x2122, d != 0xAE { score += 1 }
                else if y == .box { score += 1 }
                else if x == .lower, y == .upper, d >= 0x80 { score += 1 }
                if x == .lower {
                    let previous = k > range.lowerBound ? s[k - 1] : 0
                    if k > range.lowerBound, kindAt(k - 1) == .upper || kindAt(k - 1) == .asciiLetter, isUpper(previous),
                       y == .upper || (y == .asciiLetter && isUpper(d)) { score += 2 }
                    if k > range.lowerBound + 1, isUpper(previous), isUpper(s[k - 2]) { score += 1 }
                }
                if y == .asciiLetter || isLetterKind(y), isIdeographic(c) != isIdeographic(d) { score += 2 }
            } else if x == .asciiLetter {
                if isLetterKind(y), isIdeographic(d) { score += 2 }
                if y == .symbol, k + 2 < n {
                    let z = kindAt(k + 2)
                    if z == .asciiLetter || isLetterKind(z) || z == .symbol { score += 1 }
                }
            } else if x == .symbol {
                let before: Kind? = k > range.lowerBound ? kindAt(k - 1) : nil
                let wordBefore = before.map { $0 == .asciiLetter || isLetterKind($0) } ?? false
                if y == .symbol {
                    let near = { (z: Kind?) in z.map { $0 == .asciiLetter || isLetterKind($0) || $0 == .symbol } ?? false }
                    if near(before) || near(k + 2 < n ? kindAt(k + 2) : nil) { score += 1 }
                } else if isLetterKind(y), wordBefore { score += 1 }
            } else if x == .box {
                if isLetterKind(y), d >= 0x80 { score += 1 }
            }
        }
        return score
    }
}
