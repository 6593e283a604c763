import ReportKit
import Testing
@testable import ReportKitTransformers

/// The summary's title-copy check folds sentences on the fly; whenever it answers, it must
/// answer as comparing `TextFolding.foldForComparison` of the whole sentence would.
@Suite struct TitleFoldTests {
    @Test func theQuickFoldAgreesWithTheFullOne() {
        let titles = ["Harbor board approves a new ferry dock", "“Ferry dock” approved", "Café owners meet", "a"]
        let sentences = ["Harbor board approves a new ferry dock", "HARBOR BOARD — approves a new ferry dock.",
                         "“Harbor board approves a new ferry dock”", "Harbor board approves a new ferry dock today",
                         "‘Ferry dock’ approved", "Ferry dock approved", "“We will keep going,” said the engineer.",
                         "Café owners meet", "Cafe owners meet", "Harbor\u{2009}board approves a new ferry dock",
                         "Harbor board approves a new ferry dock…", "“", "", "\u{E2}", "a", "A!"]
        var wrong: [String] = []
        var answered = 0
        for title in titles {
            let folded = Array(TextFolding.foldForComparison(title).utf8)
            for sentence in sentences {
                var text = sentence
                let quick = text.withUTF8 { SummaryDocument.asciiFoldEquals($0, 0..<$0.count, folded) }
                guard let quick else { continue }
                answered += 1
                let full = TextFolding.foldForComparison(sentence) == TextFolding.foldForComparison(title)
                if quick != full { wrong.append("\(sentence) / \(title)") }
            }
        }
        #expect(wrong.isEmpty)
        // Curly quotes and thin spaces no longer send a sentence to the slow path.
        var quoted = "“Harbor board approves a new ferry dock”"
        let title = Array(TextFolding.foldForComparison(titles[0]).utf8)
        #expect(quoted.withUTF8 { SummaryDocument.asciiFoldEquals($0, 0..<$0.count, title) } == true)
        #expect(answered > 50)
    }
}
