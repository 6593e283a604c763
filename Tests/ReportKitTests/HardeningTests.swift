import Foundation
import Testing
@testable import ReportKit

/// Problems found while hardening the core that are not limits: each test failed before its fix.
@Suite struct HardeningTests {
    @Test func diagnosticsShowTheRightLineOfAFileWithWindowsLineEnds() throws {
        let source = "name: x\r\nsteps:\r\n  - probe: [\r\n"
        #expect(Diagnostic.line(2, of: source) == "steps:")
        #expect(Diagnostic.line(3, of: source) == "  - probe: [")
        let diagnostic = Diagnostic(.error, "broken", file: "p.yaml", mark: SourceMark(line: 3, column: 5), length: 5)
        #expect(diagnostic.rendered(source: source).contains(" 3 |   - probe: [\n   |     ^~~~~"))
    }
}
