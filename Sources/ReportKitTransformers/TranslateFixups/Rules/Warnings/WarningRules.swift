/// Catalogue class 17: `It said` continuing a run of sentences about a person.
/// Risky (a city, a ministry or a report is `it`), so it warns by default and edits only
/// when named in `rules`.
enum PronounSlipRule {
    static let description = RuleDescription(
        name: "pronoun-slip", group: .warnings, catalogueClass: 17,
        summary: "Finds a sentence opening `It said/added/stressed…` right after a sentence opening `He`/`She` and replaces `It` with that pronoun. Warns by default; edits only when named in `rules`.",
        neverTouches: "`It` after any sentence whose subject is not `He`/`She` (an organization, a report, a city).",
        defaultMode: .warn,
        examples: [
            .keeps("She said the airport was shut. The airport issued a statement. It said flights would resume."),
            .fixes("The pilot said he saw smoke. He said he turned back. It stressed nobody was hurt.",
                   to: "The pilot said he saw smoke. He said he turned back. He stressed nobody was hurt."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.sentenceStartsWithIt]) { text, _ in edits(text) }

    static let reportingVerbs: Set<[UInt8]> = Set([
        "said", "added", "stressed", "noted", "explained", "emphasized", "emphasised", "pointed", "told", "stated", "urged",
        "underlined", "highlighted", "insisted", "argued", "warned", "recalled", "admitted", "acknowledged", "believes", "believed",
        "says", "adds", "stresses", "notes", "hopes", "hoped", "suggested", "revealed", "confirmed", "expressed", "continued",
    ].map { Array($0.utf8) })

    static func edits(_ t: [UInt8]) -> [ByteEdit] {
        let sentences = DuplicatedSentencesRule.sentences(t)
        var edits: [ByteEdit] = []
        for k in sentences.indices.dropFirst() {
            let s = sentences[k]
            guard s.count > 4, t[s.lowerBound] == 0x49, t[s.lowerBound + 1] == 0x74, t[s.lowerBound + 2] == 0x20 else { continue }
            let verb = ByteText.wordAfter(t, s.lowerBound + 3)
            guard reportingVerbs.contains(Array(t[verb])) else { continue }
            let previous = sentences[k - 1]
            let pronoun: String
            if t[previous].starts(with: Array("He ".utf8)) { pronoun = "He" }
            else if t[previous].starts(with: Array("She ".utf8)) { pronoun = "She" }
            else { continue }
            edits.append(ByteEdit(s.lowerBound, s.lowerBound + 2, pronoun,
                                  note: "'It \(ByteText.string(t[verb]))' follows a sentence about '\(pronoun)': a person may be meant"))
        }
        return edits
    }
}

/// Catalogue class 18: machine-translation redundancy (`the city aims to make the city more`).
/// Needs meaning to repair, so it only flags.
enum RedundancyRule {
    static let description = RuleDescription(
        name: "redundancy", group: .warnings, catalogueClass: 18,
        summary: "Flags a noun phrase `the X` repeated within six words in one sentence (`the city aims to make the city more`). Never edits; opt-in.",
        neverTouches: "The text: it only adds warnings.",
        defaultMode: nil,
        examples: [])

    static let rule = ParagraphRule(description: description, trigger: [.always]) { text, _ in edits(text) }

    static let stop: Set<[UInt8]> = Set(["same", "other", "first", "last", "next", "most", "one", "two", "way", "end", "time", "year"].map { Array($0.utf8) })

    static func edits(_ t: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        for s in DuplicatedSentencesRule.sentences(t) {
            // Words of the sentence, lowercased.
            var words: [Range<Int>] = []
            var i = s.lowerBound
            while i < s.upperBound {
                if ByteText.isLetter(t[i]) {
                    let w = ByteText.wordAfter(t, i)
                    words.append(w); i = w.upperBound
                } else { i += 1 }
            }
            var k = 0
            while k + 1 < words.count {
                defer { k += 1 }
                guard ByteText.lowercased(t[words[k]]) == Array("the".utf8), words[k + 1].count >= 3 else { continue }
                let noun = ByteText.lowercased(t[words[k + 1]])
                if stop.contains(noun) { continue }
                var m = k + 2
                while m + 1 < words.count, m <= k + 8 {
                    if ByteText.lowercased(t[words[m]]) == Array("the".utf8), ByteText.lowercased(t[words[m + 1]]) == noun {
                        edits.append(ByteEdit(words[m].lowerBound, words[m + 1].upperBound, nil,
                                              note: "'the \(ByteText.string(noun[...]))' repeats within a few words: possible translation redundancy"))
                        break
                    }
                    m += 1
                }
            }
        }
        return edits
    }
}
