/// Small UTF-8 byte helpers shared by the fix-up rules. Rules scan bytes, not
/// Characters, because that is what keeps the step above 100 MB/s.
enum ByteText {
    static let space: UInt8 = 0x20

    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) }
    @inline(__always) static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    /// Whether the byte is a letter, a digit or the start/part of a non-ASCII scalar
    /// (treated as word material: accented letters, CJK).
    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool { isAlnum(b) || b >= 0x80 }

    /// Decodes the scalar starting at `i` (the text is valid UTF-8) and its length in bytes.
    @inline(__always) static func scalar(_ t: [UInt8], at i: Int) -> (value: UInt32, length: Int) {
        let b0 = t[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        if b0 < 0xE0, i + 1 < t.count { return (UInt32(b0 & 0x1F) << 6 | UInt32(t[i + 1] & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < t.count {
            return (UInt32(b0 & 0x0F) << 12 | UInt32(t[i + 1] & 0x3F) << 6 | UInt32(t[i + 2] & 0x3F), 3)
        }
        if i + 3 < t.count {
            return (UInt32(b0 & 0x07) << 18 | UInt32(t[i + 1] & 0x3F) << 12 | UInt32(t[i + 2] & 0x3F) << 6 | UInt32(t[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// The index of the first byte at or after `i` that is not ASCII, or `t.count`; eight
    /// bytes at a time, for rules that only act on non-ASCII characters.
    static func nextNonASCII(_ t: [UInt8], from i: Int) -> Int {
        t.withUnsafeBufferPointer { p in
            let n = p.count
            var j = i
            guard j < n, let base = p.baseAddress else { return n }
            let raw = UnsafeRawPointer(base)
            while j &+ 8 <= n {
                if raw.loadUnaligned(fromByteOffset: j, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
                j &+= 8
            }
            while j < n, p[j] < 0x80 { j &+= 1 }
            return j
        }
    }

    /// The index of the first byte at or after `i` that `wanted` accepts, or `t.count`.
    @inline(__always) static func next(_ t: [UInt8], from i: Int, where wanted: (UInt8) -> Bool) -> Int {
        t.withUnsafeBufferPointer { p in
            var j = i
            while j < p.count, !wanted(p[j]) { j &+= 1 }
            return j
        }
    }

    /// The start of the scalar that ends just before `i`.
    @inline(__always) static func previousScalarStart(_ t: [UInt8], before i: Int) -> Int {
        var j = i - 1
        while j > 0, isContinuation(t[j]) { j -= 1 }
        return j
    }

    /// The scalar that ends just before `i`, or nil at the start.
    static func scalar(_ t: [UInt8], before i: Int) -> UInt32? {
        guard i > 0 else { return nil }
        return scalar(t, at: previousScalarStart(t, before: i)).value
    }

    /// The scalar at `i`, or nil at the end.
    static func scalar(_ t: [UInt8], after i: Int) -> UInt32? {
        i < t.count ? scalar(t, at: i).value : nil
    }

    static func encode(_ value: UInt32, into out: inout [UInt8]) {
        switch value {
        case ..<0x80: out.append(UInt8(value))
        case ..<0x800:
            out.append(0xC0 | UInt8(value >> 6)); out.append(0x80 | UInt8(value & 0x3F))
        case ..<0x10000:
            out.append(0xE0 | UInt8(value >> 12)); out.append(0x80 | UInt8((value >> 6) & 0x3F))
            out.append(0x80 | UInt8(value & 0x3F))
        default:
            out.append(0xF0 | UInt8(value >> 18)); out.append(0x80 | UInt8((value >> 12) & 0x3F))
            out.append(0x80 | UInt8((value >> 6) & 0x3F)); out.append(0x80 | UInt8(value & 0x3F))
        }
    }

    static func encode(_ value: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        encode(value, into: &out)
        return out
    }

    /// Whether a scalar is a letter for the purposes of quote and word decisions.
    static func isLetterScalar(_ v: UInt32) -> Bool {
        if v < 0x80 { return isLetter(UInt8(v)) }
        return Unicode.Scalar(v).map { $0.properties.isAlphabetic } ?? false
    }

    /// Whether a scalar is white space (ASCII space, tab, line break, NBSP and the like).
    static func isSpaceScalar(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0xA0 || v == 0x3000 || (v >= 0x2000 && v <= 0x200A)
    }

    /// The index of the end of the run of ASCII spaces starting at `i`.
    @inline(__always) static func skipSpaces(_ t: [UInt8], from i: Int) -> Int {
        var j = i
        while j < t.count, t[j] == space { j += 1 }
        return j
    }

    /// The index of the start of the run of ASCII spaces ending just before `i`.
    @inline(__always) static func skipSpacesBackward(_ t: [UInt8], before i: Int) -> Int {
        var j = i
        while j > 0, t[j - 1] == space { j -= 1 }
        return j
    }

    /// Bytes of the whitespace-delimited token around `i`, at most 256 bytes each side
    /// (so a huge line without spaces stays linear).
    static func token(_ t: [UInt8], around i: Int) -> Range<Int> {
        var s = i, e = i
        while s > 0, i - s < 256, t[s - 1] != space, t[s - 1] != 0x0A { s -= 1 }
        while e < t.count, e - i < 256, t[e] != space, t[e] != 0x0A { e += 1 }
        return s..<e
    }

    /// Whether the token looks like a URL, an e-mail address, a path or a file name,
    /// where punctuation is part of the name.
    static func looksLikeAddress(_ t: [UInt8], _ r: Range<Int>) -> Bool {
        var slash = false, at = false, colonSlash = false
        var i = r.lowerBound
        while i < r.upperBound {
            let b = t[i]
            if b == 0x2F || b == 0x5C { slash = true }
            if b == 0x40 { at = true }
            if b == 0x3A, i + 1 < r.upperBound, t[i + 1] == 0x2F { colonSlash = true }
            if b == 0x5F || b == 0x3D || b == 0x23 { slash = true } // _ = # : identifiers, queries
            i += 1
        }
        if slash || at || colonSlash { return true }
        let lower = t[r].map { $0 | 0x20 }
        return lower.starts(with: Array("www.".utf8))
    }

    /// The word (ASCII letters) ending just before `i`.
    static func wordBefore(_ t: [UInt8], _ i: Int) -> Range<Int> {
        var s = i
        while s > 0, isLetter(t[s - 1]) { s -= 1 }
        return s..<i
    }

    /// The word (ASCII letters) starting at `i`.
    static func wordAfter(_ t: [UInt8], _ i: Int) -> Range<Int> {
        var e = i
        while e < t.count, isLetter(t[e]) { e += 1 }
        return i..<e
    }

    static func lowercased(_ s: ArraySlice<UInt8>) -> [UInt8] { s.map { isUpper($0) ? $0 | 0x20 : $0 } }

    static func equalsIgnoringASCIICase(_ t: [UInt8], _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.lowerBound, j = b.lowerBound
        while i < a.upperBound {
            let x = t[i], y = t[j]
            if x != y && (!isLetter(x) || (x | 0x20) != (y | 0x20)) { return false }
            i += 1; j += 1
        }
        return true
    }

    static func string(_ s: ArraySlice<UInt8>) -> String { String(decoding: s, as: UTF8.self) }

    /// Whether the bytes hold more CJK scalars than ASCII letters: such text keeps
    /// its own punctuation and is left alone.
    static func isCJKMajority(_ t: [UInt8]) -> Bool {
        var cjk = 0, latin = 0
        for b in t {
            if b >= 0xE3 && b <= 0xED { cjk += 1 } else if isLetter(b) { latin += 1 }
        }
        return cjk > latin
    }
}

extension Array where Element == UInt8 {
    init(ascii: StaticString) {
        self = Array(UnsafeBufferPointer(start: ascii.utf8Start, count: ascii.utf8CodeUnitCount))
    }
}
