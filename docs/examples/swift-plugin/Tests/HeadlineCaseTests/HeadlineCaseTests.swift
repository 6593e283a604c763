import HeadlineCase
import ReportKit
import ReportKitTesting
import Testing

@Suite struct HeadlineCaseTests {
    let harness = TransformerHarness(registry: HeadlineCasePlugin.registry)

    @Test func specExamplesHold() {
        expectExamplesPass(HeadlineCaseTransformer.registration)
    }

    @Test func lastWordIsCapitalizedEvenWhenSmall() throws {
        let report = try harness.apply("headline-case", to: "# what the storm was made of", format: .markdown)
        expectReport(report, .text("What the Storm Was Made Of"), .field("changes.count", "1"))
    }

    @Test func aHeadlineAlreadyInCaseIsLeftAloneAndUnrecorded() throws {
        let report = try harness.apply("headline-case", to: "# Council Meets on Monday", format: .markdown)
        expectReport(report, .text("Council Meets on Monday"), .field("changes.count", "0"))
    }

    @Test func unknownStyleIsRefusedLikeInAPipeline() {
        let error = #expect(throws: HarnessError.self) {
            try harness.apply("headline-case", options: ["style": "headlines"], to: "# x", format: .markdown)
        }
        #expect(error?.message.contains("did you mean 'headline'?") == true)
    }
}
