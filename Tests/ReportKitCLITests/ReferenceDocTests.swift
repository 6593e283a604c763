import Foundation
import ReportKit
import ReportKitTransformers
import Testing

/// The transformer reference in docs/ is generated from the specs; this keeps it current.
@Suite struct ReferenceDocTests {
    @Test func docsReferenceMatchesTheSpecs() throws {
        let file = CLI.packageRoot.appendingPathComponent("docs/reference.md")
        let committed = try String(contentsOf: file, encoding: .utf8)
        let generated = SpecDocumentation.markdown(BuiltinTransformers.registry)
        #expect(committed == generated, "docs/reference.md is stale: run `swift run reportkit reference > docs/reference.md`\n\(LineDiff.unified(expected: generated, actual: committed))")
    }
}
