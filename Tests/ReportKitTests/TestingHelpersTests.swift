import Foundation
import Testing
import XCTest
import ReportKit
import ReportKitTesting

/// A small transformer made here, as a plugin author would make one.
private struct Upper: Transformer {
    static let registration = TransformerRegistration(spec: TransformerSpec(
        name: "upper", summary: "Upper-case the body.",
        options: [OptionSpec("suffix", .string, default: .string(""), doc: "Added to each block."),
                  OptionSpec("times", .integer(min: 1, max: 3), default: .integer(1), doc: "How many suffixes.")],
        examples: [TransformerExample("upper-cases", input: "quiet words", expect: [.text("QUIET WORDS")])])) { options, _ in
        Upper(suffix: String(repeating: options.string("suffix") ?? "", count: options.int("times") ?? 1))
    }

    let suffix: String

    func transform(_ report: inout Report, context: StepContext) throws {
        for i in report.body.indices { report.body[i].text = report.body[i].text.uppercased() + suffix }
    }
}

@Suite struct TestingHelpersTests {
    let harness = TransformerHarness(registry: TransformerRegistry([Upper.registration]))

    @Test func appliesByNameWithOptionsWrittenAsYAML() throws {
        let report = try harness.apply("upper", options: ["suffix": "!", "times": "2"], to: "one\ntwo")
        expectReport(report, .text("ONE!!\nTWO!!"), .field("body.count", "2"), .contains("TWO"), .lacks("one"))
    }

    @Test func appliesARegistrationDirectly() throws {
        let report = try harness.apply(Upper.registration, to: TransformerHarness.report("<p>hi</p>", format: .html))
        #expect(report.body.first?.text == "HI")
    }

    @Test func optionsAreCheckedLikeInAPipeline() {
        #expect(throws: HarnessError.self) { try harness.apply("upper", options: ["times": "9"], to: "x") }
        let error = #expect(throws: HarnessError.self) { try harness.apply("upper", options: ["sufix": "!"], to: "x") }
        #expect(error?.message.contains("did you mean 'suffix'?") == true)
        let unknown = #expect(throws: HarnessError.self) { try harness.apply("lower", to: "x") }
        #expect(unknown?.message == "unknown transformer 'lower'; known: upper")
    }

    @Test func mismatchesAreReadableWithADiff() throws {
        let report = try harness.apply("upper", to: "alpha\nbeta")
        let messages = ReportChecks.mismatches(report, [.text("ALPHA\nGAMMA"), .field("title", "X"), .contains("DELTA")])
        #expect(messages.count == 3)
        #expect(messages[0].contains("- GAMMA") && messages[0].contains("+ BETA"))
        #expect(messages[1] == "field 'title' is 'null', expected 'X'")
        #expect(ReportChecks.mismatches(report, [.text("ALPHA\nBETA")]).isEmpty)
    }

    @Test func failedExpectationsAreRecordedAtTheCaller() throws {
        let report = try harness.apply("upper", to: "alpha")
        withKnownIssue {
            expectReport(report, .text("alpha"))
        } matching: { issue in
            issue.sourceLocation?.fileName == "TestingHelpersTests.swift" && "\(issue)".contains("- alpha")
        }
    }

    @Test func specExamplesRunAsTests() {
        expectExamplesPass(Upper.registration)
        var broken = Upper.registration
        broken.spec.examples = [TransformerExample("wrong", input: "a", expect: [.text("b")])]
        #expect(ReportChecks.exampleFailures(broken).count == 1)
    }
}

final class TestingHelpersXCTests: XCTestCase {
    func testAssertReportPassesOnAMatch() throws {
        let harness = TransformerHarness(registry: TransformerRegistry([Upper.registration]))
        let report = try harness.apply("upper", to: "calm")
        XCTAssertReport(report, .text("CALM"), .field("body.0.kind", "paragraph"))
        XCTAssertExamplesPass(Upper.registration)
    }
}
