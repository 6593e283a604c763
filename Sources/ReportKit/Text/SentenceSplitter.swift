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
        var start = 0
        var i = 0
        func emit(_ end: Int) {
            var s = start, e = end
            while s < e, isSpace(bytes, s) { s += spaceWidth(bytes, s) }
            while e > s, isSpaceBefore(bytes, e) { e -= spaceWidthBefore(bytes, e) }
            if s < e { ranges.append(s..<e) }
        }
        while i < n {
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

    private static func isBoundary(_ bytes: UnsafeBufferPointer<UInt8>, terminatorStart: Int, terminatorEnd: Int, nextWord: Int) -> Bool {
        let next = bytes[nextWord]
        let nextIsLower = next >= 0x61 && next <= 0x7A
        let nextIsDigit = next >= 0x30 && next <= 0x39
        let isPeriod = bytes[terminatorStart] == 0x2E && terminatorEnd - terminatorStart == 1
        if nextIsLower { return false }  // "… and then", "e.g. the", "U.S. officials" stay whole
        guard isPeriod else { return true }
        // The word before the period.
        var w = terminatorStart
        while w > 0, !isSpace(bytes, w - 1), bytes[w - 1] != 0x28, bytes[w - 1] != 0x22 { w -= 1 }
        let word = UnsafeBufferPointer(rebasing: bytes[w..<terminatorStart])
        if word.isEmpty { return true }
        // A single capital letter is an initial ("J. K. Rowling"), unless a digit follows.
        if word.count == 1, word[0] >= 0x41, word[0] <= 0x5A { return nextIsDigit }
        // Dotted abbreviations: "U.S", "e.g", "a.m", "Ph.D".
        if word.contains(0x2E) {
            let lowered = String(decoding: word, as: UTF8.self).lowercased()
            if lowered == "e.g" || lowered == "i.e" || lowered == "cf" { return false }
            if lowered == "a.m" || lowered == "p.m" || lowered == "etc" { return true }
            // "in the U.S. The talks…" ends; "the U.S. Congress" does not.
            return startsWithCommonSentenceOpener(bytes, nextWord)
        }
        let lowered = String(decoding: word.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }, as: UTF8.self)
        if titleAbbreviations.contains(lowered) { return false }
        if numberAbbreviations.contains(lowered) { return !nextIsDigit }
        return true
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
        "sen", "rep", "rev", "hon", "pres", "messrs", "mme", "mlle", "vs", "inc", "ltd", "co", "corp",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "fig", "vol", "approx", "dept", "est", "mt", "ft",
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
