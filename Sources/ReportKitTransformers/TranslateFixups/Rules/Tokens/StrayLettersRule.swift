/// Catalogue class 11: a lone letter left between words (`and t take`, `workers s said`).
enum StrayLettersRule {
    static let description = RuleDescription(
        name: "stray-letters", group: .tokens, catalogueClass: 11,
        summary: "Deletes a lone lowercase letter standing between two lowercase words (`and s inspire` → `and inspire`).",
        neverTouches: "`a`, `I`, capital letters (`Plan B`, `vitamin C`, `Group A`, `Formula E`), letters next to numbers (`4 x 100`, `type 2`), initials, `(a)` list markers, split contractions (`don t`), `x`/`y`/`n` used as variables, letters named as letters (`the letter s`).",
        defaultMode: .fix,
        examples: [
            .keeps("Plan B uses vitamin C in Group A; a 4 x 100 relay, type 2 cells, J. K. Rowling, item (b) and a grade of x."),
            .keeps("The letter s and the variable n are fine; rock n roll stays."),
            .fixes("The crews planted trees and h helped clean it.", to: "The crews planted trees and helped clean it."),
            .fixes("Doctors k treat people, and s inspire them.", to: "Doctors treat people, and inspire them."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.loneLetter]) { text, _ in edits(text) }

    /// Words after which a lone letter is meant (`letter s`, `variable n`, `rock n roll`).
    static let namingWords: Set<[UInt8]> = Set([
        "letter", "letters", "variable", "variables", "grade", "grades", "size", "sizes", "class", "type", "types", "plan", "vitamin",
        "group", "section", "point", "points", "option", "options", "column", "row", "rock", "of", "the", "an", "times", "minus", "plus", "called", "named", "marked", "labelled", "labeled", "spelled", "spelt", "write", "writes",
        "variant", "model", "series", "version", "exhibit", "appendix", "schedule", "annex", "part", "chapter", "phase", "block",
        "zone", "tower", "gate", "wing", "level", "floor", "hall", "lot", "area", "pool", "route", "line", "track", "platform",
    ].map { Array($0.utf8) })

    /// Stems of contractions a translator split (`don t`, `it s`): the letter belongs to them.
    static let contractionStems: Set<[UInt8]> = Set([
        "don", "doesn", "didn", "can", "couldn", "won", "wouldn", "shouldn", "isn", "aren", "wasn", "weren", "hasn", "haven", "hadn",
        "ain", "mustn", "needn", "it", "that", "there", "here", "what", "who", "he", "she", "let", "i", "you", "we", "they", "one",
    ].map { Array($0.utf8) })

    static func edits(_ t: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        let n = t.count
        var i = 2
        while i + 2 < n {
            let b = t[i]
            guard ByteText.isLower(b), b != 0x61, b != 0x69, t[i - 1] == 0x20, t[i + 1] == 0x20 else { i += 1; continue }
            defer { i += 2 }
            // A lowercase word before and after.
            let before = ByteText.wordBefore(t, i - 1)
            guard before.count >= 2, t[(before.lowerBound + 1)..<before.upperBound].allSatisfy(ByteText.isLower) else { continue }
            if before.lowerBound > 0 {
                let p = t[before.lowerBound - 1]
                guard p == 0x20 || p == 0x2C || p == 0x28 || p == 0x0A else { continue }
            }
            let after = ByteText.wordAfter(t, i + 2)
            guard after.count >= 2, t[after].allSatisfy(ByteText.isLower) else { continue }
            let prevWord = ByteText.lowercased(t[before])
            if namingWords.contains(prevWord) || contractionStems.contains(prevWord) { continue }
            // A letter standing for something (`x` for a variable, `n` in `rock n roll`).
            if b == 0x78 || b == 0x79 || b == 0x6E || b == 0x6F || b == 0x76 || b == 0x65 { continue }
            edits.append(ByteEdit(i, i + 2, [UInt8]()))
        }
        return edits
    }
}
