import ReportKit

/// Rules that tell a line of site furniture from a line of the article.
///
/// The keyword alone never decides: `Next year the city…` and `Previous studies show…`
/// are sentences (a lowercase word follows the keyword, or the line ends like a sentence),
/// while `Next 'Stamp Guy' found guilty…` is a link to another story (a capitalized word
/// or a quote mark follows, and no sentence ending).
enum LineRules {
    /// Whether `line` is navigation or boilerplate, and which.
    static func classify(_ line: String) -> DropReason? {
        // Most lines are prose: unless the first word can open a furniture line, only a short
        // line without a sentence ending (a share bar) or a copyright line is worth a closer look.
        // That test runs on the bytes, with no `String` made, since it is all most lines get.
        var copy = line
        let prose = copy.withUTF8 { bytes in
            guard !opensWithTriggerWord(bytes) else { return false }
            // Past this point only the copyright rule (at most 12 words) can take a sentence.
            if endsWithSentencePunctuation(bytes) { return hasMoreThanTwelveWords(bytes) || !mentionsCopyright(bytes) }
            return bytes.count > 160
        }
        if prose { return nil }
        let endsLikeSentence = endsWithSentencePunctuation(line)
        let words = Self.words(line)
        guard let firstWord = words.first else { return nil }
        let first = String(firstWord).trimmingEnds(":>»«|–—-→←")
        let lowerFirst = first.lowercased()
        let rest = words.dropFirst()

        // Previous / Next links to other stories.
        if ["previous", "prev", "next", "newer", "older"].contains(lowerFirst) {
            var tail = rest
            if let word = tail.first, ["article", "story", "post", "page", "news", "item", "entry"].contains(word.lowercased().trimmingEnds(":")) {
                tail = tail.dropFirst()
                if tail.isEmpty { return .navigation }
            }
            guard let next = tail.first else { return .navigation }
            if firstWord.hasSuffix(":") || next == ":" || next == "»" || next == ">" || next == "|" { return .navigation }
            if endsLikeSentence && !line.hasSuffix("?") { return nil }
            return startsLikeTitle(next) ? .navigation : nil
        }
        if line == "«" || line == "»" || line == "←" || line == "→" { return .navigation }

        let lower = line.lowercased()
        // Related links and read-more teasers.
        for prefix in ["related:", "related articles", "related stories", "related news", "related posts", "related coverage",
                       "related content", "read more", "read also", "also read", "see also", "more from", "more on this",
                       "more stories", "recommended", "you may also like", "you might also like", "most popular", "most read",
                       "trending now", "editor's pick", "editors' picks", "top stories", "latest news", "click here"]
        where lower.hasPrefix(prefix) {
            if words.count <= 20 && (!endsLikeSentence || prefix.hasSuffix(":") || lower.hasPrefix(prefix + ":")) { return .navigation }
        }
        if lowerFirst == "related", words.count <= 15, !endsLikeSentence, rest.first.map(startsLikeTitle) ?? true { return .navigation }

        // Share and follow bars.
        // Counted only for lines a share bar can be: a sentence opening with `This` is not one.
        if words.count >= 2, !endsLikeSentence,
           words.filter({ platforms.contains($0.lowercased().trimmingEnds(",:|·•")) }).count * 2 >= words.count {
            return .navigation
        }
        if ["share", "follow", "tweet", "email", "print", "subscribe", "like"].contains(lowerFirst), words.count <= 8, !endsLikeSentence {
            guard let next = rest.first else { return .navigation }
            let nextLower = next.lowercased().trimmingEnds(":")
            if ["this", "on", "us", "via", "article", "story", "page", "post", "to", "the", "now", "with"].contains(nextLower)
                || platforms.contains(nextLower) || next == ":" || next.first?.isUppercase == true || firstWord.hasSuffix(":") {
                return .navigation
            }
            return nil
        }

        // Advertising, credits and legal lines.
        if Self.shortOnceTrimmed(lower, ".:- ", atMost: Self.longestBoilerplateLine),
           Self.boilerplateLines.contains(lower.trimmingEnds(".:- ")) {
            return .boilerplate
        }
        // Gallery counters: `Image 1 of 5`, `Photo 3 of 12`.
        if words.count == 4, ["image", "photo", "picture", "slide"].contains(lowerFirst), words[2].lowercased() == "of",
           Int(words[1]) != nil, Int(words[3]) != nil {
            return .boilerplate
        }
        if words.count <= 12, lower.hasPrefix("©") || lower.hasPrefix("copyright") || Self.saysAllRightsReserved(lower) { return .boilerplate }
        if words.count <= 8, !endsLikeSentence || lower.hasPrefix("("),
           ["editor:", "(editor:", "source:", "(source:", "photo:", "image:", "(photo:", "credit:", "responsible editor:", "translated by"]
            .contains(where: { lower.hasPrefix($0) }) {
            return .boilerplate
        }
        if words.count <= 12, !endsLikeSentence,
           lower.hasPrefix("sign up") || lower.hasPrefix("subscribe to") || lower.hasPrefix("get the latest") || lower.hasPrefix("download the app") {
            return .boilerplate
        }
        return nil
    }

    /// The line's words between spaces and tabs, as `split` on its `Character`s gives them;
    /// an ASCII line (where every byte is a `Character`) is split on its bytes instead, at a
    /// small part of the cost.
    static func words(_ line: String) -> [Substring] {
        let utf8 = line.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return line.split(whereSeparator: { $0 == " " || $0 == "\t" }) }
        var words: [Substring] = []
        var start: String.Index?
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let b = utf8[i]
            if b == 0x20 || b == 0x09 {
                if let s = start { words.append(line[s..<i]); start = nil }
            } else if start == nil {
                start = i
            }
            i = utf8.index(after: i)
        }
        if let s = start { words.append(line[s..<utf8.endIndex]) }
        return words
    }

    /// Whether the lowercased line says `all rights reserved`; an ASCII line is searched on
    /// its bytes (Foundation's `contains` was most of the cost of a short line), where bytes
    /// and `Character`s agree and the line, lowercased, has no capital for the search to fold.
    static func saysAllRightsReserved(_ lower: String) -> Bool {
        lower.utf8.allSatisfy { $0 < 0x80 }
            ? ByteSearch.containsCaseless(lower.utf8, "all rights reserved")
            : lower.contains("all rights reserved")
    }

    /// Whole lines (lowercased, trimmed of `.:- `) that are advertising or widget residue.
    static let boilerplateLines: Set<String> = [
        "advertisement", "advertisements", "advert", "adverts", "sponsored", "ad", "promoted", "comments", "comment",
        "this slideshow requires javascript", "loading", "loading…", "loading...", "sponsored content", "scroll to continue",
        "continue reading", "story continues below", "story continues below advertisement",
    ]
    static let longestBoilerplateLine = boilerplateLines.map(\.utf8.count).max() ?? 0

    /// Whether `text` without the ASCII bytes of `trimmed` at either end is at most `limit`
    /// bytes: a byte test that spares trimming (a copy of) a long line that cannot match.
    /// It trims at least what `trimmingEnds` does, so a line it rejects is longer after that too.
    static func shortOnceTrimmed(_ text: String, _ trimmed: StaticString, atMost limit: Int) -> Bool {
        let utf8 = text.utf8
        if utf8.count <= limit { return true }
        let set = UnsafeBufferPointer(start: trimmed.utf8Start, count: trimmed.utf8CodeUnitCount)
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, set.contains(utf8[start]) { start = utf8.index(after: start) }
        while end > start, set.contains(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return utf8.distance(from: start, to: end) <= limit
    }

    /// First words that can open a navigation or boilerplate line.
    static let triggerWords: Set<String> = [
        "previous", "prev", "next", "newer", "older", "related", "related:", "read", "also", "see", "more", "recommended",
        "you", "most", "trending", "editor's", "editors'", "top", "latest", "click", "share", "share:", "follow", "tweet",
        "email", "print", "subscribe", "like", "advertisement", "advertisements", "advert", "adverts", "sponsored", "ad",
        "promoted", "comments", "comment", "this", "loading", "loading…", "loading...", "continue", "story", "scroll",
        "image", "photo", "picture", "slide", "copyright", "editor:", "(editor:", "source:", "(source:", "photo:",
        "image:", "(photo:", "credit:", "responsible", "translated", "sign", "get", "download", "«", "»", "←", "→",
        "next:", "previous:", "prev:", "©",
    ]

    /// ``triggerWords`` as a byte-keyed table.
    private static let triggerTable: WordLexicon = WordLexicon([(.place, Array(triggerWords))])

    /// Whether the line's first word, ASCII-lowercased, is one of ``triggerWords``.
    static func opensWithTriggerWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        var end = start
        while end < bytes.count, bytes[end] != 0x20, bytes[end] != 0x09 { end += 1 }
        // `firstWordLowercased` keeps 25 bytes at most; no trigger word is that long.
        guard end > start, end - start <= 24 else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: end - start) { word in
            for k in start ..< end {
                let b = bytes[k]
                word[k - start] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            return triggerTable.value(UnsafeBufferPointer(word), 0, end - start) != nil
        }
    }

    /// Whether the line has more than 12 words separated by spaces or tabs (as `split` counts
    /// them); stops at the 13th.
    static func hasMoreThanTwelveWords(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var words = 0
        var inWord = false
        for b in bytes {
            if b == 0x20 || b == 0x09 {
                inWord = false
            } else if !inWord {
                inWord = true
                words += 1
                if words > 12 { return true }
            }
        }
        return false
    }

    /// Whether `line`, folded as ``TextFolding/foldForComparison(_:)`` folds it, can agree
    /// with `reference` (already folded) on their common first bytes; false only when it
    /// surely does not, so ``repeats(_:of:line:)`` is worth calling only when this is true.
    /// ASCII is folded here as it goes, and U+2000…U+203F (curly quotes, dashes), which fold
    /// to a space; at any other character it gives up and says true.
    static func mayRepeat(_ line: String, _ reference: String) -> Bool {
        var line = line
        var reference = reference
        return line.withUTF8 { bytes in
            reference.withUTF8 { target in
                var produced = 0
                var pendingSpace = false
                var i = 0
                while i < bytes.count {
                    let b = bytes[i]
                    i += 1
                    if produced >= target.count { return true }
                    if b >= 0x80 {
                        // A quoted line (`“We will…`) need not be folded whole to be told apart.
                        guard b == 0xE2, i + 1 < bytes.count, bytes[i] == 0x80 else { return true }
                        pendingSpace = true
                        i += 2
                        continue
                    }
                    let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                    guard (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) else {
                        pendingSpace = true
                        continue
                    }
                    if pendingSpace && produced > 0 {
                        if target[produced] >= 0x80 { return true }
                        if target[produced] != 0x20 { return false }
                        produced += 1
                        if produced >= target.count { return true }
                    }
                    pendingSpace = false
                    if target[produced] >= 0x80 { return true }
                    if target[produced] != lower { return false }
                    produced += 1
                }
                return true
            }
        }
    }

    /// A `©` or `rights reserved` (any case) in the line.
    static func mentionsCopyright(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let phrase: StaticString = "rights reserved"
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b == 0xC2, i + 1 < n, bytes[i + 1] == 0xA9 { return true }
            if b | 0x20 == 0x72, i + phrase.utf8CodeUnitCount <= n {
                var k = 1
                while k < phrase.utf8CodeUnitCount {
                    let c = bytes[i + k]
                    let folded = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
                    if folded != phrase.utf8Start[k] { break }
                    k += 1
                }
                if k == phrase.utf8CodeUnitCount { return true }
            }
            i += 1
        }
        return false
    }

    /// ``endsWithSentencePunctuation(_:)-(String)`` on the line's UTF-8 bytes.
    static func endsWithSentencePunctuation(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = bytes.count - 1
        while i >= 0 {
            let b = bytes[i]
            if b < 0x80 {
                // Closing quotes, brackets and spaces may follow the sentence's end.
                if b == 0x22 || b == 0x27 || b == 0x29 || b == 0x5D || b == 0x20 { i -= 1; continue }
                return b == 0x2E || b == 0x21 || b == 0x3F
            }
            var start = i
            while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            if i - start == 2 {
                let (b0, b1, b2) = (bytes[start], bytes[start + 1], bytes[start + 2])
                if b0 == 0xE2, b1 == 0x80, b2 == 0x9D || b2 == 0x99 { i = start - 1; continue }   // ” ’
                if b0 == 0xE2, b1 == 0x80, b2 == 0xA6 { return true }                             // …
                if b0 == 0xE3, b1 == 0x80, b2 == 0x82 { return true }                             // 。
                if b0 == 0xEF, b1 == 0xBC, b2 == 0x81 || b2 == 0x9F { return true }               // ！ ？
            }
            return false
        }
        return false
    }

    /// The first word of a line, ASCII-lowercased.
    static func firstWordLowercased(_ line: String) -> String {
        var bytes: [UInt8] = []
        for b in line.utf8 {
            if b == 0x20 || b == 0x09 { if bytes.isEmpty { continue } else { break } }
            bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            if bytes.count > 24 { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A heading or line that opens a list of links to other stories (`Related links:`, `Read also`, `関連記事`).
    static func introducesRelatedLinks(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard words.count <= 5, !endsWithSentencePunctuation(line) else { return false }
        let lower = line.lowercased().trimmingEnds(":：.… »>")
        let openers = ["related", "related links", "related articles", "related stories", "related news", "related posts",
                       "related content", "related coverage", "related topics", "more stories", "more news", "read more", "read also",
                       "also read", "see also", "read next", "you may also like", "you might also like", "recommended",
                       "recommended for you", "most popular", "most read", "more from", "latest news", "top stories",
                       "trending", "trending now", "more on this story", "partner news", "sponsored stories",
                       "関連記事", "関連ニュース", "相关新闻", "相关阅读", "相关文章", "相關新聞", "延伸閱讀", "читайте также",
                       "похожие новости", "lesen sie auch", "mehr zum thema", "à lire aussi", "lire aussi", "ver también",
                       "leia também", "leggi anche", "baca juga"]
        return openers.contains(lower)
    }

    static let platforms: Set<String> = [
        "facebook", "twitter", "x", "wechat", "weibo", "linkedin", "whatsapp", "email", "e-mail", "print", "reddit",
        "telegram", "pinterest", "instagram", "youtube", "tiktok", "line", "qq", "copy", "link", "share", "mail",
    ]

    /// A byline: `By Jane Doe`, `By Jane Doe and Li Wei`, `Author: …`, `Written by …`.
    static func byline(_ line: String) -> [String]? {
        // Most lines open with none of the byline labels: say so before splitting the line.
        guard opensWithBylineLabel(line) else { return nil }
        let words = line.split(separator: " ")
        guard words.count >= 2, words.count <= 14, !endsWithSentencePunctuation(line) || line.hasSuffix(".") && words.count <= 6 else { return nil }
        let lower = line.lowercased()
        var rest: Substring
        if lower.hasPrefix("by ") { rest = line.dropFirst(3) }
        else if lower.hasPrefix("written by ") { rest = line.dropFirst(11) }
        else if lower.hasPrefix("author:") || lower.hasPrefix("authors:") || lower.hasPrefix("reporter:") { rest = line[line.index(after: line.firstIndex(of: ":")!)...] }
        else { return nil }
        // `By Jane Doe | Staff writer`, `By Jane Doe, China Daily`: the names come first.
        if let bar = rest.firstIndex(where: { $0 == "|" || $0 == "·" || $0 == "•" }) { rest = rest[..<bar] }
        var names: [String] = []
        for piece in rest.replacingOccurrences(of: " and ", with: ",").split(separator: ",") {
            let name = piece.trimmingSpaces()
            let parts = name.split(separator: " ")
            guard !parts.isEmpty, parts.count <= 4, parts.allSatisfy({ $0.first?.isUppercase == true }) else { continue }
            names.append(String(name))
        }
        return names.isEmpty ? nil : names
    }

    /// Whether the line starts (ignoring ASCII case) with `by `, `written by `, `author:`,
    /// `authors:` or `reporter:`, the openings ``byline(_:)`` accepts.
    private static func opensWithBylineLabel(_ line: String) -> Bool {
        let utf8 = line.utf8
        return ByteSearch.hasPrefixCaseless(utf8, "by ") || ByteSearch.hasPrefixCaseless(utf8, "written by ")
            || ByteSearch.hasPrefixCaseless(utf8, "author") || ByteSearch.hasPrefixCaseless(utf8, "reporter:")
    }

    /// The number of space-separated words in `text`, counting no further than `limit`.
    static func wordCount(_ text: String, upTo limit: Int) -> Int {
        var count = 0
        var inWord = false
        for byte in text.utf8 {
            if byte == 0x20 {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
                if count >= limit { return count }
            }
        }
        return count
    }

    /// A line that is only a date, maybe after `Published`/`Updated`/`Date:`.
    static func dateline(_ line: String) -> (iso: String, updated: Bool)? {
        // Count on bytes first: most lines are long prose, and splitting them is the cost.
        guard wordCount(line, upTo: 11) <= 10, let iso = DateParsing.iso8601(line) else { return nil }
        let words = line.split(separator: " ")
        // Mostly date words: numbers, months, weekdays, and a few labels.
        let labels: Set<String> = ["published", "updated", "posted", "date", "last", "modified", "on", "at", "am", "pm",
                                   "a.m.", "p.m.", "gmt", "utc", "bst", "est", "edt", "pst", "cst", "beijing", "time", "|", "-", "on:"]
        let ok = words.allSatisfy { word in
            let bare = word.trimmingEnds(",:|()").lowercased()
            if bare.isEmpty || labels.contains(bare) || bare.first?.isNumber == true { return true }
            let capitalized = bare.prefix(1).uppercased() + bare.dropFirst()
            return Gazetteer.months[capitalized] != nil || Gazetteer.weekdays.contains(capitalized)
        }
        guard ok else { return nil }
        return (iso, line.lowercased().contains("updated") || line.lowercased().contains("modified"))
    }

    /// Whether the folded `line` repeats the folded headline or dek: the same words, the
    /// first words of it (a line cut short), or it followed by a few words (a site name).
    static func repeats(_ folded: String, of reference: String, line: String) -> Bool {
        guard !reference.isEmpty, !folded.isEmpty else { return false }
        if folded == reference { return true }
        if reference.hasPrefix(folded), folded.utf8.count * 10 >= reference.utf8.count * 6, !endsWithSentencePunctuation(line) || folded.utf8.count * 10 >= reference.utf8.count * 9 {
            return reference.utf8.dropFirst(folded.utf8.count).first == 0x20
        }
        if folded.hasPrefix(reference), folded.utf8.dropFirst(reference.utf8.count).first == 0x20 {
            let extraWords = folded.utf8.dropFirst(reference.utf8.count).split(separator: 0x20).count
            return extraWords <= 4 && !endsWithSentencePunctuation(line)
        }
        return false
    }

    static func endsWithSentencePunctuation(_ line: String) -> Bool {
        var scalars = line.unicodeScalars.reversed().makeIterator()
        while let scalar = scalars.next() {
            if "”’\"')]".unicodeScalars.contains(scalar) || scalar == " " { continue }
            return ".!?。！？…".unicodeScalars.contains(scalar)
        }
        return false
    }

    /// A word that starts a headline: a capital, a digit or an opening quote.
    static func startsLikeTitle(_ word: Substring) -> Bool {
        guard let first = word.unicodeScalars.first else { return false }
        if "'\"‘“«(".unicodeScalars.contains(first) { return true }
        if first.properties.isUppercase || (first.value >= 0x30 && first.value <= 0x39) { return true }
        // Non-Latin scripts have no case: a CJK headline after `Next` is a link.
        return first.value >= 0x2E80
    }
}

extension String {
    /// The string without the characters of `set` at either end. `set` holds punctuation and
    /// spaces: no ASCII letter or digit.
    func trimmingEnds(_ set: String) -> String {
        @inline(__always) func isAlphanumeric(_ b: UInt8?) -> Bool {
            guard let b else { return false }
            return (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39)
        }
        assert(!set.utf8.contains { isAlphanumeric($0) }, "trimmingEnds takes punctuation, not letters or digits")
        // Most words start and end with a letter or digit, so there is nothing to trim, and
        // walking their `Character`s to find that out was most of the line rules' time.
        if isAlphanumeric(utf8.first) && isAlphanumeric(utf8.last) { return self }
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingEnds(_ set: String) -> String { String(self).trimmingEnds(set) }
}
