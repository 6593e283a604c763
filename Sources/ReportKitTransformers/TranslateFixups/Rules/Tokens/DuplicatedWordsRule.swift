/// Catalogue class 12: the same word twice (`the the`, `will will`).
enum DuplicatedWordsRule {
    static let description = RuleDescription(
        name: "duplicated-words", group: .tokens, catalogueClass: 12,
        summary: "Deletes the second of two identical lowercase words separated by one space (`the the` → `the`).",
        neverTouches: "Repeats that English allows (`had had`, `that that`, `is is`, `bye bye`…), capitalized repeats such as place names (`Walla Walla`), repeats across punctuation.",
        defaultMode: .fix,
        examples: [
            .keeps("What he had had was enough; she said that that was fine; what it is is a fair."),
            .keeps("He grew up in Walla Walla and Baden Baden, very, very far away."),
            .fixes("The band will will play in the the square.", to: "The band will play in the square."),
            .fixes("The The plan is ready.", to: "The plan is ready."),
            .fixes("Work starts in the in the spring.", to: "Work starts in the spring."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.repeatedWord]) { text, _ in edits(text) }

    /// Words English repeats on purpose.
    static let allowed: Set<[UInt8]> = Set([
        "had", "that", "is", "do", "does", "was", "bye", "no", "so", "ha", "knock", "there", "very", "really",
        "far", "more", "many", "much", "long", "again", "over", "round", "yes", "hear", "go", "chop",
        "tut", "tsk", "boo", "pom", "tom", "yo", "aye", "bang", "bon", "cha", "hip", "pooh", "dum", "la", "na", "ding",
        "blah", "murmur", "can", "wait", "well", "oh", "ah", "uh", "mm", "hmm", "kill", "choo", "ta",
    ].map { Array($0.utf8) })

    static func edits(_ t: [UInt8]) -> [ByteEdit] {
        let pairs = pairEdits(t)
        guard !pairs.isEmpty else { return singleEdits(t) }
        // Both lists are sorted: keep the single-word edits that overlap no pair edit.
        var merged = pairs
        var k = 0
        for edit in singleEdits(t) {
            while k < pairs.count, pairs[k].end <= edit.start { k += 1 }
            if k < pairs.count, pairs[k].start < edit.end { continue }
            merged.append(edit)
        }
        return merged.sorted { $0.start < $1.start }
    }

    /// `in the in the` → `in the`: a repeated pair of lowercase words, the first a function word.
    static func pairEdits(_ t: [UInt8]) -> [ByteEdit] {
        var words: [Range<Int>] = []
        var i = 0
        while i < t.count {
            if ByteText.isLetter(t[i]), i == 0 || !ByteText.isWordByte(t[i - 1]) {
                let w = ByteText.wordAfter(t, i)
                words.append(w); i = w.upperBound
            } else { i += 1 }
        }
        var edits: [ByteEdit] = []
        var k = 0
        while k + 3 < words.count {
            let a = words[k], b = words[k + 1], c = words[k + 2], d = words[k + 3]
            let spaced = [a.upperBound, b.upperBound, c.upperBound].allSatisfy { t[$0] == 0x20 } && b.lowerBound == a.upperBound + 1
                && c.lowerBound == b.upperBound + 1 && d.lowerBound == c.upperBound + 1
            if spaced, t[a] == t[c], t[b] == t[d], t[b].allSatisfy(ByteText.isLower), t[d].allSatisfy(ByteText.isLower),
               functionWords.contains(ByteText.lowercased(t[a])) || functionWords.contains(ByteText.lowercased(t[b])) {
                edits.append(ByteEdit(b.upperBound, d.upperBound, [UInt8]()))
                k += 4
                continue
            }
            k += 1
        }
        return edits
    }

    static func singleEdits(_ t: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        let n = t.count
        var i = 0
        var previous: Range<Int>?
        while i < n {
            guard ByteText.isLetter(t[i]), i == 0 || !ByteText.isWordByte(t[i - 1]) && t[i - 1] != 0x27 && t[i - 1] != 0x2D else {
                if t[i] != 0x20 { previous = nil }
                if i > 0, t[i - 1] == 0x20, t[i] == 0x20 { previous = nil }
                i += 1
                continue
            }
            let word = ByteText.wordAfter(t, i)
            let end = word.upperBound
            // A word must end at a space, a mark or the end, not inside `e-mail` or `don't`.
            let clean = end == n || !(ByteText.isWordByte(t[end]) || t[end] == 0x27 || t[end] == 0x2D)
            if clean, let prev = previous, prev.upperBound + 1 == word.lowerBound, t[prev.upperBound] == 0x20,
               ByteText.equalsIgnoringASCIICase(t, prev, word) {
                let second = t[word]
                let lowerSecond = second.allSatisfy(ByteText.isLower)
                let firstCapitalOnly = ByteText.isUpper(t[prev.lowerBound]) && t[(prev.lowerBound + 1)..<prev.upperBound].allSatisfy(ByteText.isLower)
                // `the the`, `The the`; `The The` only for short function words at a sentence start.
                let sentenceStart = prev.lowerBound == 0 || isAfterSentenceEnd(t, prev.lowerBound)
                let capitalRepeat = !lowerSecond && firstCapitalOnly && sentenceStart && second.count <= 4 && functionWords.contains(ByteText.lowercased(second))
                if (lowerSecond || capitalRepeat), !allowed.contains(ByteText.lowercased(second)) {
                    edits.append(ByteEdit(prev.upperBound, word.upperBound, [UInt8]()))
                    previous = nil
                    i = end
                    continue
                }
            }
            previous = clean ? word : nil
            i = end
        }
        return edits
    }

    static let functionWords: Set<[UInt8]> = Set(["the", "a", "an", "in", "on", "at", "to", "of", "it", "he", "she", "we", "they", "this",
                                                   "for", "with", "by", "from", "and", "as", "its", "their", "his", "her"].map { Array($0.utf8) })

    static func isAfterSentenceEnd(_ t: [UInt8], _ i: Int) -> Bool {
        var j = i
        while j > 0, t[j - 1] == 0x20 { j -= 1 }
        return j == 0 || t[j - 1] == 0x2E || t[j - 1] == 0x3F || t[j - 1] == 0x21 || t[j - 1] == 0x0A
    }
}
