#if canImport(Testing)
import ReportKit
import Testing

/// Records an issue at the caller for every expectation the report does not meet.
///
/// `expectReport(report, .text("Title\nBody"), .field("quotes.0.speaker", "Ana Reyes"))`
public func expectReport(_ report: Report, _ expectations: ExampleExpectation...,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    for message in ReportChecks.mismatches(report, expectations) {
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}

/// Records an issue for every failing spec example of `registration`, at the example's own line.
public func expectExamplesPass(_ registration: TransformerRegistration, sourceLocation: SourceLocation = #_sourceLocation) {
    for failure in ReportChecks.exampleFailures(registration) {
        let location = SourceLocation(fileID: sourceLocation.fileID, filePath: failure.file, line: max(1, failure.line), column: 1)
        Issue.record(Comment(rawValue: failure.message), sourceLocation: location)
    }
    if registration.spec.examples.isEmpty {
        Issue.record(Comment(rawValue: "'\(registration.spec.name)' has no spec examples"), sourceLocation: sourceLocation)
    }
}
#endif
