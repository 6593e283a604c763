import ReportKit

/// Direct quotes and their speakers.
///
/// A quote is text between `“` and `”` (or a pair of `"`); one that runs to the end of
/// a paragraph continues in the next paragraph that opens with a quote mark, as in print.
/// Scare quotes (`“people-oriented”`) are skipped: a quote needs a speech verb next to it
/// or at least four words. The speaker comes from the words right after the quote
/// (`,” he said`, `,” said Li`, `,” Mayor Zhou said`) or right before it (`Li said: “…”`);
/// a quote with neither continues the previous quote's speaker in the same paragraph.
/// Names resolve to the full name introduced earlier (`Li` → `Li Qiang`), pronouns to the
/// person named most recently before the quote.
enum QuoteFinder {
    private struct Span {
        var block: Int
        var open: Int
        var contentStart: Int
        var contentEnd: Int
        var close: Int
        var closed: Bool
    }

    private enum Speaker {
        case name([String])
        case pronoun
        case nominal(String)
    }

    static func find(_ blocks: [Block], entities: EntityAnalysis) -> [Quote] {
        var partIndex: [String: Int] = [:]
        var nameIndex: [String: Int] = [:]
        for (k, person) in entities.persons.enumerated() {
            nameIndex[person.name] = k
            for part in person.parts where partIndex[part] == nil { partIndex[part] = k }
        }
        var quotes: [Quote] = []
        var continuingSpeaker: (String?, String?)?
        for (b, block) in blocks.enumerated() {
            // The entity pass already has every body block's bytes and tokens.
            let bytes = entities.blockBytes[b] ?? Array(block.text.utf8)
            let spans = quoteSpans(bytes, block: b)
            guard !spans.isEmpty else { continuingSpeaker = nil; continue }
            let tokens = entities.blockTokens[b] ?? WordScanner.scanClassified(bytes)
            var previousInBlock: (String?, String?)?
            var nextContinuation: (String?, String?)?
            for (s, span) in spans.enumerated() {
                var contentWords = 0
                var t = firstToken(tokens, { $0.start }, atLeast: span.contentStart)
                while t < tokens.count, tokens[t].start < span.contentEnd {
                    if tokens[t].kind == .word, tokens[t].end <= span.contentEnd { contentWords += 1 }
                    t += 1
                }
                let after = speakerAfter(bytes, tokens, span)
                let before = after == nil ? speakerBefore(bytes, tokens, span, previousClose: s > 0 ? spans[s - 1].close : 0) : nil
                let attributed = after ?? before
                if attributed == nil && contentWords < 4 { continue }
                var resolved: (String?, String?)
                if let attributed {
                    resolved = resolve(attributed, at: (b, span.open), entities: entities, nameIndex: nameIndex, partIndex: partIndex)
                } else if let previousInBlock {
                    resolved = previousInBlock
                } else if s == 0, span.open == 0, let continuingSpeaker {
                    resolved = continuingSpeaker
                } else {
                    resolved = (nil, nil)
                }
                let text = String(decoding: bytes[span.contentStart ..< span.contentEnd], as: UTF8.self).trimmingSpaces()
                quotes.append(Quote(text: String(text), speaker: resolved.0, role: resolved.1, block: b))
                previousInBlock = resolved
                if !span.closed { nextContinuation = resolved }
            }
            continuingSpeaker = nextContinuation
        }
        // A quote left without a speaker takes the speaker of a later quote in the same block (`“…” “…,” he said`).
        for k in quotes.indices.reversed() where quotes[k].speaker == nil {
            if k + 1 < quotes.count, quotes[k + 1].block == quotes[k].block, quotes[k + 1].speaker != nil {
                quotes[k].speaker = quotes[k + 1].speaker
                quotes[k].role = quotes[k + 1].role
            }
        }
        return quotes
    }

    /// Quote spans in one block: curly pairs, or straight quotes toggling.
    private static func quoteSpans(_ bytes: [UInt8], block: Int) -> [Span] {
        bytes.withUnsafeBufferPointer { quoteSpans($0, block: block) }
    }

    private static func quoteSpans(_ bytes: UnsafeBufferPointer<UInt8>, block: Int) -> [Span] {
        var spans: [Span] = []
        var open: Int?
        var openLength = 0
        var straight = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0x9C {        // “
                if open == nil { open = i; openLength = 3; straight = false }
                i += 3
                continue
            }
            if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0x9D {        // ”
                if let start = open, !straight {
                    spans.append(Span(block: block, open: start, contentStart: start + openLength, contentEnd: i, close: i + 3, closed: true))
                    open = nil
                }
                i += 3
                continue
            }
            if b == 0x22 {
                if let start = open {
                    if straight {
                        spans.append(Span(block: block, open: start, contentStart: start + 1, contentEnd: i, close: i + 1, closed: true))
                        open = nil
                    }
                } else {
                    open = i; openLength = 1; straight = true
                }
            }
            i += 1
        }
        if let start = open {
            spans.append(Span(block: block, open: start, contentStart: start + openLength, contentEnd: n, close: n, closed: false))
        }
        return spans
    }

    /// The index of the first token whose `key` is at least `value` (`tokens.count` when none).
    /// Tokens are in text order, so their starts and ends both ascend. A binary search: a
    /// block with 25,000 quotes made the linear searches per quote run for minutes.
    private static func firstToken(_ tokens: [WordToken], _ key: (WordToken) -> Int, atLeast value: Int) -> Int {
        var low = 0, high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if key(tokens[middle]) < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// `,” he said`, `,” said Li`, `,” Party Secretary Li Qiang said`, `,” the mayor said`.
    private static func speakerAfter(_ bytes: [UInt8], _ tokens: [WordToken], _ span: Span) -> Speaker? {
        guard span.closed else { return nil }
        var k = firstToken(tokens, { $0.start }, atLeast: span.close)
        guard k < tokens.count else { return nil }
        // Skip a comma or dash between the closing mark and the attribution.
        while k < tokens.count, tokens[k].kind == .punctuation, !bytes.token(tokens[k], is: "."), tokens[k].start - span.close <= 4 { k += 1 }
        guard k < tokens.count else { return nil }
        let first = tokens[k]
        if first.classes.contains(.speechVerb) {
            // said he / said Li / said the mayor
            guard k + 1 < tokens.count else { return nil }
            let next = tokens[k + 1]
            if next.classes.contains(.personPronoun) { return .pronoun }
            if bytes.token(next, is: "the") || bytes.token(next, is: "a"), k + 2 < tokens.count { return .nominal(bytes.text(of: tokens[k + 2])) }
            let names = capitalRun(bytes, tokens, from: k + 1)
            return names.isEmpty ? nil : .name(names)
        }
        if first.classes.contains(.personPronoun), k + 1 < tokens.count, isSpeechVerb(bytes, tokens, k + 1) { return .pronoun }
        if bytes.token(first, is: "the") || bytes.token(first, is: "The") {
            var j = k + 1
            var last = ""
            while j < tokens.count, j <= k + 4, tokens[j].kind == .word {
                if isSpeechVerb(bytes, tokens, j) { return last.isEmpty ? nil : .nominal(last) }
                last = bytes.text(of: tokens[j])
                j += 1
            }
            return nil
        }
        let names = capitalRun(bytes, tokens, from: k)
        if !names.isEmpty, k + names.count < tokens.count, isSpeechVerb(bytes, tokens, k + names.count) { return .name(names) }
        return nil
    }

    /// `Li said, “…”`, `He added: “…”`, `Mayor Zhou told reporters: “…”`.
    private static func speakerBefore(_ bytes: [UInt8], _ tokens: [WordToken], _ span: Span, previousClose: Int) -> Speaker? {
        var k = firstToken(tokens, { $0.end }, atLeast: span.open + 1) - 1
        guard k >= 0, tokens[k].start >= previousClose else { return nil }
        if bytes.token(tokens[k], is: ",") || bytes.token(tokens[k], is: ":") { k -= 1 }
        guard k >= 0 else { return nil }
        // `told reporters`, `said in a statement`: look back a few words for the verb.
        var verb = k
        while verb >= 0, verb > k - 5, !isSpeechVerb(bytes, tokens, verb) {
            if bytes.token(tokens[verb], is: ".") { return nil }
            verb -= 1
        }
        guard verb >= 1, isSpeechVerb(bytes, tokens, verb) else { return nil }
        let subject = verb - 1
        if tokens[subject].classes.contains(.personPronoun) { return .pronoun }
        guard tokens[subject].isCapitalized else { return nil }
        var start = subject
        while start > 0, tokens[start - 1].kind == .word, tokens[start - 1].isCapitalized, subject - start < 4 { start -= 1 }
        let names = (start ... subject).filter { !tokens[$0].classes.contains(.stopCapital) || tokens[$0].classes.contains(.roleHead) }
            .map { bytes.text(of: tokens[$0]) }
        return names.isEmpty ? nil : .name(names)
    }

    private static func isSpeechVerb(_ bytes: [UInt8], _ tokens: [WordToken], _ k: Int) -> Bool {
        tokens[k].classes.contains(.speechVerb)
    }

    /// Up to five capitalized words from `k` (a role and a name).
    private static func capitalRun(_ bytes: [UInt8], _ tokens: [WordToken], from k: Int) -> [String] {
        var words: [String] = []
        var lastWord = -1
        var j = k
        while j < tokens.count, words.count < 5 {
            if tokens[j].kind == .word, tokens[j].isCapitalized {
                words.append(bytes.text(of: tokens[j]))
                lastWord = j
                j += 1
            } else if bytes.token(tokens[j], is: "."), lastWord >= 0, tokens[lastWord].classes.contains(.honorific) {
                j += 1
            } else {
                break
            }
        }
        return words
    }

    /// The speaker's full name and role.
    private static func resolve(_ speaker: Speaker, at position: (Int, Int), entities: EntityAnalysis,
                                nameIndex: [String: Int], partIndex: [String: Int]) -> (String?, String?) {
        switch speaker {
        case .pronoun:
            // The person named most recently before the quote.
            var best: PersonMention?
            for mention in entities.personMentions {
                if (EntityFinder.order(mention.block), mention.start) < position { best = mention } else { break }
            }
            guard let best else { return (nil, nil) }
            let person = entities.persons[best.person]
            return (person.name, person.role)
        case .nominal(let noun):
            let lowered = noun.lowercased()
            if let match = entities.persons.last(where: { ($0.role ?? "").lowercased().split(separator: " ").contains(Substring(lowered)) }) {
                return (match.name, match.role)
            }
            return (nil, nil)
        case .name(let words):
            var nameWords = words
            var roleWords: [String] = []
            if let roleEnd = nameWords.lastIndex(where: { Gazetteer.roleHeads.contains($0) }), roleEnd + 1 < nameWords.count {
                roleWords = Array(nameWords[...roleEnd]).filter { !Gazetteer.honorifics.contains($0) }
                nameWords = Array(nameWords[(roleEnd + 1)...])
            }
            let name = nameWords.joined(separator: " ")
            if let k = nameIndex[name] ?? (nameWords.count == 1 ? partIndex[name] : nil) ?? nameWords.lazy.compactMap({ partIndex[$0] }).first {
                let person = entities.persons[k]
                return (person.name, person.role ?? (roleWords.isEmpty ? nil : roleWords.joined(separator: " ")))
            }
            return (name, roleWords.isEmpty ? nil : roleWords.joined(separator: " "))
        }
    }
}
