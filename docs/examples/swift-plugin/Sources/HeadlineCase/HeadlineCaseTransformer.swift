import ReportKit

/// `headline-case`: puts the title and the headings in headline case (or sentence case).
public struct HeadlineCaseTransformer: Transformer {
    public static let spec = TransformerSpec(
        name: "headline-case",
        summary: "Put the title and headings in headline case or sentence case.",
        discussion: "Short joining words stay lower case inside a headline; words in capitals (UN, NASA) and the words in 'keep' are left as written. Every change is recorded.",
        options: [
            OptionSpec("style", .choice(["headline", "sentence"]), default: .string("headline"),
                       doc: "headline: Major Words Capitalized; sentence: only the first word."),
            OptionSpec("keep", .list(.string), default: .list([]),
                       doc: "Words to leave exactly as written (brand names such as iPhone)."),
        ],
        examples: [
            TransformerExample("capitalizes major words, not joining ones",
                               input: "# the mayor of lianhe opens a bridge to the port\n\nThe body is not touched.",
                               mediaType: "text/markdown",
                               expect: [.text("The Mayor of Lianhe Opens a Bridge to the Port\nThe body is not touched.")]),
            TransformerExample("sentence case keeps acronyms and kept words",
                               options: ["style": .string("sentence"), "keep": .list([.string("iPhone")])],
                               input: "# UN Panel Reviews iPhone Exports", mediaType: "text/markdown",
                               expect: [.text("UN panel reviews iPhone exports"),
                                        .field("changes.0.rule", "sentence-case")]),
        ])

    public static let registration = TransformerRegistration(spec: spec) { options, _ in
        HeadlineCaseTransformer(sentenceStyle: options.string("style") == "sentence", keep: Set(options.strings("keep") ?? []))
    }

    static let joiningWords: Set<String> = ["a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to", "up", "via"]

    let sentenceStyle: Bool
    let keep: Set<String>

    public func transform(_ report: inout Report, context: StepContext) throws {
        let rule = sentenceStyle ? "sentence-case" : "headline-case"
        if let title = report.title {
            let cased = recase(title)
            if cased != title {
                report.changes.append(Change(step: context.stepName, rule: rule, block: nil, field: "title", before: title, after: cased))
                report.title = cased
            }
        }
        for index in report.body.indices where report.body[index].kind == .heading {
            let text = report.body[index].text
            let cased = recase(text)
            if cased != text {
                report.changes.append(Change(step: context.stepName, rule: rule, block: index, before: text, after: cased))
                report.body[index].text = cased
            }
        }
    }

    func recase(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        return words.enumerated().map { index, word in
            if word.isEmpty || keep.contains(word) || isAcronym(word) { return word }
            let lower = word.lowercased()
            let isEdge = index == 0 || index == words.count - 1
            if sentenceStyle { return index == 0 ? capitalized(lower) : lower }
            return !isEdge && Self.joiningWords.contains(lower) ? lower : capitalized(lower)
        }.joined(separator: " ")
    }

    func isAcronym(_ word: String) -> Bool {
        let letters = word.filter(\.isLetter)
        return letters.count >= 2 && letters.allSatisfy(\.isUppercase)
    }

    func capitalized(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }
}

/// Every transformer of this package, to merge with the built-ins.
public enum HeadlineCasePlugin {
    public static let registry = TransformerRegistry([HeadlineCaseTransformer.registration])
}
