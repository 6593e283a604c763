import ReportKit

/// `summarize`: an extractive summary and keywords.
public struct SummarizeTransformer: Transformer {
    public static let spec = TransformerSpec(
        name: "summarize",
        summary: "Pick the sentences that carry the report, and its keywords.",
        options: [
            OptionSpec("sentences", .integer(min: 1, max: 100), default: .integer(3), doc: "How many sentences."),
        ],
        examples: [])

    public static let registration = TransformerRegistration(spec: spec) { options, _ in
        SummarizeTransformer(count: options.int("sentences") ?? 3)
    }

    let count: Int

    public func transform(_ report: inout Report, context: StepContext) throws {
        var sentences: [SummarySentence] = []
        for (b, block) in report.body.enumerated() {
            for s in SentenceSplitter.split(block.text) where sentences.count < count {
                sentences.append(SummarySentence(text: s, block: b, position: sentences.count, score: 1))
            }
        }
        report.summary = Summary(sentences: sentences, keywords: [], method: "lead")
    }
}
