/// Splits prose into sentences by scanning UTF-8 bytes.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and brackets after
/// it) followed by white space and a plausible sentence start. It does not end inside
/// `U.S.`, `Mr.`, `No. 5`, `3.5`, `e.g.`, initials (`J. K. Rowling`) or an ellipsis
/// followed by a lowercase word. Shared by every transformer that needs sentences.
public enum SentenceSplitter {
    /// The sentences of `text`, trimmed, as ranges of its UTF-8 bytes.
    public static func byteRanges(in text: String) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { byteRanges(in: $0) }
    }

    /// The sentences of `text`, trimmed, as byte ranges; a sentence longer than
    /// `maxSentenceBytes` (text without sentence punctuation) is cut at spaces into pieces
    /// of at most that length, so callers never get one unbounded "sentence".
    public static func byteRanges(in text: String, maxSentenceBytes: Int) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { byteRanges(in: $0, maxSentenceBytes: maxSentenceBytes) }
    }

    /// The sentences in a UTF-8 buffer as byte ranges, overlong ones cut at spaces.
    public static func byteRanges(in bytes: UnsafeBufferPointer<UInt8>, maxSentenceBytes: Int) -> [Range<Int>] {
        let ranges = byteRanges(in: bytes)
        let limit = max(16, maxSentenceBytes)
        guard ranges.contains(where: { $0.count > limit }) else { return ranges }
        var out: [Range<Int>] = []
        for range in ranges {
            var start = range.lowerBound
            while range.upperBound - start > limit {
                // Cut at the last ASCII space inside the limit (a UTF-8 boundary), else hard at a boundary.
                var cut = start + limit
                while cut > start, bytes[cut] != 0x20 { cut -= 1 }
                if cut == start {
                    cut = start + limit
                    while cut > start, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
                }
                out.append(start..<cut)
                start = cut
                while start < range.upperBound, bytes[start] == 0x20 { start += 1 }
            }
            if start < range.upperBound { out.append(start..<range.upperBound) }
        }
        return out
    }

    /// The sentences of `text`, trimmed.
    public static func split(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { bytes in
            byteRanges(in: bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }
    }

    /// The sentences in a UTF-8 buffer, trimmed, as byte ranges.
    public static func byteRanges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        let n = bytes.count
        // News sentences run 60 to 200 bytes: room for most paragraphs' without regrowing.
        ranges.reserveCapacity(n / 64 + 2)
        var start = 0
        var i = 0
        func emit(_ end: Int) {
            var s = start, e = end
            while s < e, isSpace(bytes, s) { s += spaceWidth(bytes, s) }
            while e > s, isSpaceBefore(bytes, e) { e -= spaceWidthBefore(bytes, e) }
            if s < e { ranges.append(s..<e) }
        }
        while i < n {
            // Past runs of eight bytes none of which can start a terminator (. ! ? or the
            // lead byte of …): most of a text, skipped without a byte-by-byte look.
            if let base = bytes.baseAddress {
                while i &+ 8 <= n, !mayStartTerminator(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { i &+= 8 }
                if i >= n { break }
            }
            let b = bytes[i]
            var terminatorEnd = -1
            if b == 0x2E || b == 0x21 || b == 0x3F {  // . ! ?
                var j = i + 1
                while j < n, bytes[j] == 0x2E || bytes[j] == 0x21 || bytes[j] == 0x3F { j += 1 }
                terminatorEnd = j
            } else if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA6 {  // …
                terminatorEnd = i + 3
            }
            if terminatorEnd < 0 {
                i += 1
                continue
            }
            // Closing quotes and brackets belong to the sentence that ends here.
            var j = terminatorEnd
            while j < n {
                if bytes[j] == 0x22 || bytes[j] == 0x27 || bytes[j] == 0x29 || bytes[j] == 0x5D { j += 1; continue }
                if j + 2 < n, bytes[j] == 0xE2, bytes[j + 1] == 0x80, bytes[j + 2] == 0x9D || bytes[j + 2] == 0x99 { j += 3; continue }
                break
            }
            let end = j
            // White space must follow.
            guard end < n, isSpace(bytes, end) else {
                if end >= n { break }
                i = end
                continue
            }
            var k = end
            while k < n, isSpace(bytes, k) { k += spaceWidth(bytes, k) }
            if k >= n { break }
            if isBoundary(bytes, terminatorStart: i, terminatorEnd: terminatorEnd, nextWord: k) {
                emit(end)
                start = k
            }
            i = k
        }
        emit(n)
        return ranges
    }

    /// Whether any of the eight bytes in `word` is `.`, `!`, `?` or 0xE2 (a zero-byte test
    /// on `word` XOR each of them; it never misses one).
    @inline(__always)
    private static func mayStartTerminator(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroByte(_ y: UInt64) -> UInt64 { (y &- ones) & ~y & highs }
        return zeroByte(word ^ (0x2E &* ones)) | zeroByte(word ^ (0x21 &* ones))
            | zeroByte(word ^ (0x3F &* ones)) | zeroByte(word ^ (0xE2 &* ones)) != 0
    }

    private static func isBoundary(_ bytes: UnsafeBufferPointer<UInt8>, terminatorStart: Int, terminatorEnd: Int, nextWord: Int) -> Bool {
        let next = bytes[nextWord]
        let nextIsLower = next >= 0x61 && next <= 0x7A
        let nextIsDigit = next >= 0x30 && next <= 0x39
        let isPeriod = bytes[terminatorStart] == 0x2E && terminatorEnd - terminatorStart == 1
        if nextIsLower { return false }  // "… and then", "e.g. the", "U.S. officials" stay whole
        guard isPeriod else { return true }
        // The word before the period.
        var w = terminatorStart
        while w > 0, !isSpace(bytes, w - 1), bytes[w - 1] != 0x28, bytes[w - 1] != 0x22, !isOpeningCurlyQuote(bytes, w - 1) { w -= 1 }
        let word = UnsafeBufferPointer(rebasing: bytes[w..<terminatorStart])
        if word.isEmpty { return true }
        // A single capital letter is an initial ("J. K. Rowling"), unless a digit follows or it
        // closes a lowercase phrase before a sentence opener ("plan B. The").
        if word.count == 1, word[0] >= 0x41, word[0] <= 0x5A {
            if nextIsDigit { return true }
            return previousWordIsLowercase(bytes, before: w) && startsWithCommonSentenceOpener(bytes, nextWord)
        }
        // Dotted abbreviations: "U.S", "e.g", "a.m", "Ph.D".
        if word.contains(0x2E) {
            let lowered = String(decoding: word, as: UTF8.self).lowercased()
            if lowered == "e.g" || lowered == "i.e" || lowered == "cf" { return false }
            if lowered == "etc" { return true }
            // "in the U.S. The talks…" and "at 10 a.m. The vote…" end; "the U.S. Congress" does not.
            return startsWithCommonSentenceOpener(bytes, nextWord)
        }
        // Only short words can be abbreviations; skip the lowercasing work for the rest.
        guard word.count <= 6 else { return true }
        // Looked up as packed bytes: a String and its hashing, at every period, were a
        // sixtieth of the example pipeline.
        let key = abbreviationKey(word)
        if titleAbbreviationKeys.contains(key) { return false }
        if numberAbbreviationKeys.contains(key) { return !nextIsDigit }
        // "Acme Inc. The firm…" ends; "Acme Inc. shares" (lowercase, handled above) or "Jan. 5" do not.
        if openerAbbreviationKeys.contains(key) { return !nextIsDigit && startsWithCommonSentenceOpener(bytes, nextWord) }
        return true
    }

    /// A word of up to seven bytes, `A`–`Z` lowercased, packed with its length: two words
    /// have the same key exactly when their lowercased bytes are the same.
    static func abbreviationKey(_ word: some Collection<UInt8>) -> UInt64 {
        precondition(word.count <= 7, "abbreviation keys hold seven bytes")
        var key = UInt64(word.count) << 56
        var shift: UInt64 = 0
        for b in word {
            key |= UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) << shift
            shift += 8
        }
        return key
    }

    static let titleAbbreviationKeys = Set(titleAbbreviations.map { abbreviationKey(Array($0.utf8)) })
    static let openerAbbreviationKeys = Set(openerAbbreviations.map { abbreviationKey(Array($0.utf8)) })
    static let numberAbbreviationKeys = Set(numberAbbreviations.map { abbreviationKey(Array($0.utf8)) })

    @inline(__always)
    private static func isOpeningCurlyQuote(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        // The last byte of “ (E2 80 9C) or ‘ (E2 80 98).
        (bytes[i] == 0x9C || bytes[i] == 0x98) && i >= 2 && bytes[i - 1] == 0x80 && bytes[i - 2] == 0xE2
    }

    /// Whether the word ending before `wordStart` (past white space) starts with a lowercase letter.
    private static func previousWordIsLowercase(_ bytes: UnsafeBufferPointer<UInt8>, before wordStart: Int) -> Bool {
        var e = wordStart
        while e > 0, isSpaceBefore(bytes, e) { e -= spaceWidthBefore(bytes, e) }
        var s = e
        while s > 0, !isSpaceBefore(bytes, s) { s -= 1 }
        guard s < e else { return false }
        return bytes[s] >= 0x61 && bytes[s] <= 0x7A
    }

    private static func startsWithCommonSentenceOpener(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        var j = i
        while j < bytes.count, (bytes[j] >= 0x41 && bytes[j] <= 0x5A) || (bytes[j] >= 0x61 && bytes[j] <= 0x7A) { j += 1 }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self)
        return sentenceOpeners.contains(word)
    }

    static let sentenceOpeners: Set<String> = [
        "The", "A", "An", "It", "He", "She", "They", "We", "I", "In", "But", "And", "This", "That",
        "These", "Those", "There", "His", "Her", "Their", "Our", "On", "At", "For", "If", "When",
        "While", "After", "Before", "As", "Its", "Some", "Many", "Most", "Officials", "However",
    ]

    /// Words that precede a name and are never the end of a sentence.
    static let titleAbbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "gov",
        "sen", "rep", "rev", "hon", "pres", "messrs", "mme", "mlle", "vs", "adm", "maj", "cmdr", "supt",
        "fig", "vol", "approx", "dept", "mt", "ft",
    ]

    /// Abbreviations that can also end a sentence: they do when a common sentence opener follows.
    static let openerAbbreviations: Set<String> = [
        "inc", "ltd", "co", "corp", "plc", "bros", "est",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// Abbreviations that end a sentence unless a number follows (`No. 5`).
    static let numberAbbreviations: Set<String> = ["no", "nos", "art", "para", "p", "pp", "ch", "sec", "op"]

    @inline(__always)
    private static func isSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let b = bytes[i]
        if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D { return true }
        if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 { return true }  // NBSP
        return false
    }

    @inline(__always)
    private static func spaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        bytes[i] == 0xC2 ? 2 : 1
    }

    @inline(__always)
    private static func isSpaceBefore(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int) -> Bool {
        let b = bytes[end - 1]
        if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D { return true }
        return b == 0xA0 && end >= 2 && bytes[end - 2] == 0xC2
    }

    @inline(__always)
    private static func spaceWidthBefore(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int) -> Int {
        bytes[end - 1] == 0xA0 ? 2 : 1
    }
}
