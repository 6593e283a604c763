import ReportKit

/// Compares a report with expectations and says, readably, what differs. The framework
/// helpers (`expectReport`, `XCTAssertReport`) record these; use it directly elsewhere.
public enum ReportChecks {
    /// One message per unmet expectation, with a unified diff for whole-text mismatches.
    public static func mismatches(_ report: Report, _ expectations: [ExampleExpectation]) -> [String] {
        let text = report.plainText
        var messages: [String] = []
        for expectation in expectations {
            switch expectation {
            case .text(let expected) where expected != text:
                messages.append("the report's text differs:\n" + LineDiff.unified(expected: expected, actual: text))
            case .contains(let needle) where !text.contains(needle):
                messages.append("the report's text does not contain '\(needle)'; it is:\n\(text)")
            case .lacks(let needle) where text.contains(needle):
                messages.append("the report's text contains '\(needle)'; it is:\n\(text)")
            case .field(let path, let expected):
                let actual = report.value(atPath: path)
                if actual != expected {
                    messages.append("field '\(path)' is \(actual.map { "'\($0)'" } ?? "missing"), expected '\(expected)'")
                }
            default:
                break
            }
        }
        return messages
    }

    /// The failures of a registration's spec examples, one message each with its source line.
    public static func exampleFailures(_ registration: TransformerRegistration) -> [(message: String, file: String, line: Int)] {
        ExampleRunner.run(registration).map { ("example '\($0.example)' of '\($0.transformer)': \($0.message)", $0.file, $0.line) }
    }
}
