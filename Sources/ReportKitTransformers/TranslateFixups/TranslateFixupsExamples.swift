import ReportKit

extension TranslateFixupsTransformer {
    /// Whole-step examples, then each rule's first correction run with that rule alone.
    /// They are the `explain` output and run as tests.
    static var examples: [TransformerExample] {
        var out: [TransformerExample] = [
            TransformerExample(
                "Default rules on a damaged text report",
                input: "Ferry links resume after the storm\nThe operator said boats run again on Monday，and old tickets stay valid. .\nFerry links resume after the storm\nShare this:",
                expect: [.text("Ferry links resume after the storm\nThe operator said boats run again on Monday, and old tickets stay valid."),
                         .field("dropped.count", "2"), .field("changes.0.rule", "cjk-punctuation")]),
            TransformerExample(
                "Correct English comes through untouched",
                input: "Dr. Li of the U.S. office, e.g. at 10 a.m., paid $3.5 million (1,200 tickets) at www.example.com; he had had enough.",
                expect: [.text("Dr. Li of the U.S. office, e.g. at 10 a.m., paid $3.5 million (1,200 tickets) at www.example.com; he had had enough."),
                         .field("changes.count", "0")]),
            TransformerExample(
                "Only the encoding repairs",
                options: ["rules": .list([.string("encoding")])],
                input: "The cafÃ© &amp; bar opened ,, today",
                expect: [.text("The café & bar opened ,, today")]),
            TransformerExample(
                "Pronoun slips are warnings by default",
                input: "The mayor said she was pleased. She said the works ended early. It added that costs fell.",
                expect: [.contains("It added"), .field("diagnostics.0.severity", "warning")]),
        ]
        for description in RuleCatalog.descriptions {
            for example in description.examples {
                guard case .corrected(let output) = example.kind else { continue }
                out.append(TransformerExample(
                    "\(description.name): \(description.summary)",
                    options: ["rules": .list([.string(description.name)])],
                    input: example.input, expect: [.text(output)], file: example.file, line: example.line))
                break
            }
        }
        return out
    }
}
