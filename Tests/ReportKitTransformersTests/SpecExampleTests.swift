import Testing
import ReportKit
import ReportKitTransformers

/// Every example in every built-in spec runs as a test, so the docs cannot drift from behaviour.
@Suite struct SpecExampleTests {
    @Test(arguments: BuiltinTransformers.registry.names)
    func examplesHold(_ name: String) throws {
        let registration = try #require(BuiltinTransformers.registry.registration(named: name))
        let failures = ExampleRunner.run(registration)
        for failure in failures {
            Issue.record(Comment(rawValue: failure.description))
        }
        #expect(failures.isEmpty)
    }
}
