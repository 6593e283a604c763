#if canImport(XCTest)
import ReportKit
import XCTest

/// Fails the test at the caller for every expectation the report does not meet.
public func XCTAssertReport(_ report: Report, _ expectations: ExampleExpectation...,
                            file: StaticString = #filePath, line: UInt = #line) {
    for message in ReportChecks.mismatches(report, expectations) {
        XCTFail(message, file: file, line: line)
    }
}

/// Fails the test for every failing spec example of `registration`.
public func XCTAssertExamplesPass(_ registration: TransformerRegistration, file: StaticString = #filePath, line: UInt = #line) {
    for failure in ReportChecks.exampleFailures(registration) {
        XCTFail("\(failure.file):\(failure.line): \(failure.message)", file: file, line: line)
    }
    if registration.spec.examples.isEmpty { XCTFail("'\(registration.spec.name)' has no spec examples", file: file, line: line) }
}
#endif
