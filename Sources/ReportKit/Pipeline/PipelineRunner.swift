import Foundation

/// The exit codes of every reportkit command.
public enum ExitStatus {
    /// Every report went through.
    public static let success: Int32 = 0
    /// At least one report failed at run time (the others may have been written).
    public static let reportFailed: Int32 = 1
    /// The command line or a pipeline file is wrong; nothing was run.
    public static let usage: Int32 = 2
}

/// A report that failed in a step, with everything needed to find the cause.
public struct StepError: Error, Sendable, CustomStringConvertible {
    /// The input the report came from.
    public var input: String
    public var stepName: String
    /// `file:line:col` of the step in the pipeline.
    public var stepLocation: String
    public var message: String

    public var description: String {
        "\(input): step '\(stepName)' (\(stepLocation)) failed: \(message)"
    }
}

/// Counts for the end-of-run summary.
public struct RunSummary: Sendable, Equatable {
    public var processed = 0
    public var succeeded = 0
    public var failed = 0
    public var deadLettered = 0
    /// Reports not processed because the run stopped early.
    public var notRun = 0
    public var seconds = 0.0

    public init() {}

    public var exitStatus: Int32 { failed > 0 || notRun > 0 ? ExitStatus.reportFailed : ExitStatus.success }
}

/// Runs a pipeline's steps over reports.
public struct PipelineRunner: Sendable {
    public var pipeline: Pipeline
    public var context: RunContext

    public init(pipeline: Pipeline, context: RunContext) {
        self.pipeline = pipeline
        self.context = context
    }

    /// Runs every step over one report, in order. Throws a `StepError` naming the failing
    /// step, its position in the pipeline, and the input.
    public func process(_ report: inout Report) throws {
        for (index, step) in pipeline.steps.enumerated() {
            let stepContext = StepContext(stepName: step.name, stepIndex: index, run: context)
            do {
                try step.transformer.transform(&report, context: stepContext)
            } catch let error as StepError {
                throw error
            } catch {
                throw StepError(input: report.source?.path ?? report.id, stepName: step.name,
                                stepLocation: step.location, message: Self.message(for: error))
            }
        }
    }

    /// Lets every step finish its run (close files that gather the batch).
    public func finish() throws {
        for step in pipeline.steps {
            do {
                try step.transformer.finish(context: context)
            } catch {
                throw StepError(input: "(end of run)", stepName: step.name, stepLocation: step.location,
                                message: Self.message(for: error))
            }
        }
    }

    /// The policy that applies to a failure in the named step.
    public func policy(forStep name: String) -> ErrorPolicy {
        pipeline.steps.first { $0.name == name }?.onError ?? pipeline.onError
    }

    static func message(for error: any Error) -> String {
        switch error {
        case let e as StepFailure: return e.message
        case let e as ReadError: return e.message
        case let e as OptionError: return "option '\(e.option)': \(e.message)"
        case let e as CustomStringConvertible: return e.description
        default: return error.localizedDescription
        }
    }

    /// Runs the whole batch: reads each input, runs the steps, hands each finished report
    /// to `emit` in input order, and applies the error policy to failures.
    public func run(inputs: [String], emit: (Report) throws -> Void, log: (String) -> Void) -> RunSummary {
        let start = Date()
        var summary = RunSummary()
        for (offset, input) in inputs.enumerated() {
            summary.processed += 1
            var report: Report
            do {
                report = try ReportReader.read(path: input)
                for diagnostic in report.diagnostics where diagnostic.severity != .note {
                    log("\(diagnostic.severity.rawValue): \(InputResolver.display(input)): \(diagnostic.message)")
                }
                try process(&report)
                try emit(report)
                summary.succeeded += 1
                continue
            } catch {
                summary.failed += 1
                let stepName = (error as? StepError)?.stepName
                let policy = stepName.map { self.policy(forStep: $0) } ?? pipeline.onError
                let text: String
                if let e = error as? StepError { text = "\(InputResolver.display(e.input)): step '\(e.stepName)' (\(e.stepLocation)): \(e.message)" }
                else if let e = error as? ReadError { text = "\(InputResolver.display(e.path)): \(e.message)" }
                else { text = "\(InputResolver.display(input)): \(Self.message(for: error))" }
                log("error: \(text)")
                switch policy {
                case .fail:
                    summary.notRun = inputs.count - offset - 1
                    if summary.notRun > 0 { log("note: stopping (on-error: fail); \(summary.notRun) report(s) not processed") }
                    summary.seconds = Date().timeIntervalSince(start)
                    return summary
                case .skip:
                    continue
                case .deadLetter(let folder):
                    do {
                        try DeadLetter.write(input: input, error: error, message: text, to: folder)
                        summary.deadLettered += 1
                    } catch {
                        log("error: could not write to the dead-letter folder \(folder.path): \(error)")
                    }
                }
            }
        }
        do {
            try finish()
        } catch {
            summary.failed += 1
            log("error: \(error)")
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }
}

/// Keeps failed inputs with their error, so no report is lost.
public enum DeadLetter {
    /// Copies the input into `folder` and writes `<name>.error.json` beside it.
    public static func write(input: String, error: any Error, message: String, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = input == "-" ? "stdin" : (input as NSString).lastPathComponent
        var info: [String: String] = ["input": input, "error": message]
        if let e = error as? StepError {
            info["step"] = e.stepName
            info["position"] = e.stepLocation
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try encoder.encode(info).write(to: folder.appendingPathComponent(name + ".error.json"), options: .atomic)
        if input != "-", let data = FileManager.default.contents(atPath: input) {
            try data.write(to: folder.appendingPathComponent(name), options: .atomic)
        }
    }
}
