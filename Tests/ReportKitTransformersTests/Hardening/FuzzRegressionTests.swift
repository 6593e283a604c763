import Foundation
import Testing
import ReportKit
import ReportKitTransformers

/// Hangs the fuzz targets in Fuzz/ turned up when fed large repetitive inputs: work
/// quadratic in the number of quotes or of mentions (50 KB of `"` or 1 MB of `U.S. ` ran for
/// minutes in `extract`). The fixes replaced linear searches; these tests check that the
/// rewritten searches find exactly what the old ones did, on inputs with thousands of hits.
/// Speed itself is measured in benchmarks and by the fuzz runs' timeout, not here.
@Suite struct FuzzRegressionTests {
    func extract(_ text: String) throws -> Report {
        let registration = try #require(BuiltinTransformers.registry.registration(named: "extract"))
        let example = TransformerExample("regression", input: text, expect: [])
        return try ExampleRunner.apply(registration, example: example, baseDirectory: FileManager.default.temporaryDirectory)
    }

    /// `QuoteFinder` searched every token of the block for each quote.
    @Test func aBlockWithThousandsOfQuotesFindsEachOnce() throws {
        let line = String(repeating: "\"Four words in here\" ", count: 4_000)
        let report = try extract("Quotes everywhere\n" + line)
        #expect(report.quotes.count == 4_000)
        #expect(report.quotes.allSatisfy { $0.text == "Four words in here" })
        // A run of bare quote marks has no words to quote.
        let marks = try extract("Marks\n" + String(repeating: "\"", count: 40_000))
        #expect(marks.quotes.isEmpty)
    }

    /// `EntityFinder` checked each new mention against all earlier ones of its entity.
    @Test func anEntityMentionedThousandsOfTimesKeepsEachMentionOnce() throws {
        let report = try extract("Talks in Geneva\n" + String(repeating: "Officials met in Geneva. ", count: 3_000))
        for entity in report.entities {
            let keys = entity.mentions.map { "\($0.block):\($0.start):\($0.end)" }
            #expect(Set(keys).count == keys.count, "\(entity.text) has a mention twice")
        }
        let counts = Dictionary(report.entities.map { ($0.text, $0.mentions.count) }, uniquingKeysWith: +)
        #expect(counts["Geneva"] == 3_001, "the title's mention and one per sentence")
    }
}
