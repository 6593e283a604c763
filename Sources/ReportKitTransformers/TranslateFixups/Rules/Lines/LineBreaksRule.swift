/// Catalogue class 19: line-break damage inside a block (hard wrapping, words split by a
/// hyphen at the line end). Blocks stay as they are; only breaks inside one are repaired.
enum LineBreaksRule {
    static let description = RuleDescription(
        name: "line-breaks", group: .lines, catalogueClass: 19,
        summary: "Inside one block, joins a hard-wrapped line (`the\\nplan` → `the plan`) and a word split at a line end, dropping the hyphen only when the joined word also occurs in the block (`infra-\\nstructure`).",
        neverTouches: "Breaks between blocks (lines of a text input); a break after a sentence end or before a capital, a quote or a list marker.",
        defaultMode: .fix,
        examples: [])

    static let rule = ParagraphRule(description: description, trigger: [.lineBreak]) { text, _ in edits(text) }

    static func edits(_ t: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        let n = t.count
        var i = 1
        while i + 1 < n {
            guard t[i] == 0x0A else { i += 1; continue }
            let prev = t[i - 1]
            let next = t[i + 1]
            if prev == 0x2D, i >= 2, ByteText.isLower(t[i - 2]), ByteText.isLower(next) {
                let left = ByteText.wordBefore(t, i - 1), right = ByteText.wordAfter(t, i + 1)
                let joined = Array(t[left]) + Array(t[right])
                let known = occurs(joined, in: t)
                edits.append(ByteEdit(known ? i - 1 : i, i + 1, [UInt8]()))
            } else if ByteText.isLower(prev) || prev == 0x2C, ByteText.isLower(next) {
                edits.append(ByteEdit(i, i + 1, " "))
            }
            i += 1
        }
        return edits
    }

    static func occurs(_ word: [UInt8], in t: [UInt8]) -> Bool {
        // Bounded so a huge block with many breaks stays linear.
        guard word.count >= 4, word.count <= t.count, t.count <= 100_000 else { return false }
        var i = 0
        while i + word.count <= t.count {
            if t[i] == word[0], t[i..<(i + word.count)].elementsEqual(word),
               i == 0 || !ByteText.isLetter(t[i - 1]), i + word.count == t.count || !ByteText.isLetter(t[i + word.count]) {
                return true
            }
            i += 1
        }
        return false
    }
}
