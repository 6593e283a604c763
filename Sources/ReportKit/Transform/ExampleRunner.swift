import Foundation

/// Runs a spec's examples, so that every example in the docs is also a test.
public enum ExampleRunner {
    /// One failed expectation of one example.
    public struct Failure: Sendable, CustomStringConvertible {
        public var transformer: String
        public var example: String
        public var file: String
        public var line: Int
        public var message: String

        public var description: String { "\(file):\(line): example '\(example)' of '\(transformer)': \(message)" }
    }

    /// Runs every example of `registration`; returns the failures (empty when all pass).
    public static func run(_ registration: TransformerRegistration, baseDirectory: URL? = nil) -> [Failure] {
        let base = baseDirectory ?? URL(fileURLWithPath: FileManager.default.temporaryDirectory.path)
        var failures: [Failure] = []
        for example in registration.spec.examples {
            func fail(_ message: String) {
                failures.append(Failure(transformer: registration.spec.name, example: example.title,
                                        file: example.file, line: example.line, message: message))
            }
            do {
                let report = try apply(registration, example: example, baseDirectory: base)
                let text = report.plainText
                for expectation in example.expectations {
                    switch expectation {
                    case .text(let expected) where text != expected:
                        fail("text differs\n" + LineDiff.unified(expected: expected, actual: text))
                    case .contains(let needle) where !text.contains(needle):
                        fail("output does not contain '\(needle)'\n--- output ---\n\(text)")
                    case .lacks(let needle) where text.contains(needle):
                        fail("output contains '\(needle)'\n--- output ---\n\(text)")
                    case .field(let path, let expected):
                        let actual = report.value(atPath: path)
                        if actual != expected { fail("'\(path)' is \(actual.map { "'\($0)'" } ?? "missing"), expected '\(expected)'") }
                    default:
                        break
                    }
                }
            } catch {
                fail("threw \(error)")
            }
        }
        return failures
    }

    /// Reads the example's input and applies the transformer with the example's options.
    public static func apply(_ registration: TransformerRegistration, example: TransformerExample, baseDirectory: URL) throws -> Report {
        var options = registration.spec.options.reduce(into: [String: OptionValue]()) { $0[$1.name] = $1.defaultValue }
        options.merge(example.options) { _, new in new }
        let transformer = try registration.make(TransformerOptions(options.compactMapValues { $0 }),
                                                BuildContext(baseDirectory: baseDirectory, stepName: registration.spec.name))
        let format = InputFormat.allCases.first { $0.mediaType == example.mediaType } ?? .text
        var report = try ReportReader.read(data: Data(example.input.utf8), path: "example", format: format)
        let run = RunContext(baseDirectory: baseDirectory)
        try transformer.transform(&report, context: StepContext(stepName: registration.spec.name, stepIndex: 0, run: run))
        try transformer.finish(context: run)
        return report
    }
}

/// A small line diff for readable test failures.
public enum LineDiff {
    /// A unified-style diff of two texts, line by line (`-` expected, `+` actual).
    public static func unified(expected: String, actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        // Longest common subsequence table; inputs are test-sized.
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out = ["--- expected", "+++ actual"]
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] { out.append("  " + a[i]); i += 1; j += 1 }
            else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] { out.append("- " + a[i]); i += 1 }
            else { out.append("+ " + b[j]); j += 1 }
        }
        return out.joined(separator: "\n")
    }
}
