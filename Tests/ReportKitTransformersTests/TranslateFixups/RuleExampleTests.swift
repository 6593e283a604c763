import Testing
import ReportKit
@testable import ReportKitTransformers

/// Every rule's own examples (SwiftLint style), each run with that rule alone: text that
/// must not trigger comes through unchanged, damaged text becomes the correction.
@Suite struct RuleExampleTests {
    static let ruleNames = RuleCatalog.descriptions.map(\.name)

    @Test(arguments: ruleNames)
    func examplesHold(_ name: String) throws {
        let description = try #require(RuleCatalog.description(named: name))
        for example in description.examples {
            let location = SourceLocation(fileID: "TranslateFixups/\(name)", filePath: example.file, line: example.line, column: 1)
            let got = try Fixups.text(example.input, Fixups.rules(name))
            switch example.kind {
            case .unchanged:
                // Lines are blocks: compare line by line, ignoring the reader's trimming.
                #expect(got == example.input, "rule \(name) changed correct text", sourceLocation: location)
            case .corrected(let expected):
                #expect(got == expected, "rule \(name)", sourceLocation: location)
                let changes = try Fixups.report(example.input, Fixups.rules(name)).changes
                #expect(!changes.isEmpty && changes.allSatisfy { $0.rule == name }, "every edit is recorded under \(name)", sourceLocation: location)
            }
        }
    }

    @Test func everyCatalogueClassHasARule() {
        let classes = Set(RuleCatalog.descriptions.map(\.catalogueClass))
        for number in 1...20 { #expect(classes.contains(number), "catalogue class \(number) has no rule") }
    }

    @Test func everyRuleDocumentsItself() {
        for description in RuleCatalog.descriptions {
            #expect(!description.summary.isEmpty && !description.neverTouches.isEmpty, "\(description.name)")
        }
        // Rules that can damage text need examples of what they leave alone.
        for description in RuleCatalog.descriptions where description.defaultMode == .fix && description.group != .lines && description.name != "glossary" {
            let keeps = description.examples.filter { if case .unchanged = $0.kind { return true } else { return false } }
            #expect(!keeps.isEmpty, "\(description.name) has no example of correct text it keeps")
        }
    }
}
