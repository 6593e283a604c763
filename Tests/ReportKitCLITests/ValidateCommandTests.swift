import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test func unknownOptionIsPositionedWithSuggestion() throws {
        let file = CLI.fixtures.appendingPathComponent("unknown-option.yaml").path
        let result = try CLI.run(["validate", file])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown-option.yaml:6:7: error: unknown option 'sentnces' for step 'summarize'"))
        #expect(result.stderr.contains("did you mean 'sentences'?"))
        #expect(result.stderr.contains("^~~~~~~~"))
    }
}
