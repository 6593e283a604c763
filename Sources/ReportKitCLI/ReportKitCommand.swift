import ArgumentParser
import Foundation
import ReportKit

/// The `reportkit` command tree. A plugin package runs the same CLI with its own
/// transformers: `ReportKitCommand.main(registry: BuiltinTransformers.registry.merging(mine))`.
public struct ReportKitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reportkit",
        abstract: "Turn raw report documents into clean, structured, summarized documents.",
        discussion: """
        Exit codes: 0 success; 1 a report failed at run time; 2 a usage or pipeline error.
        """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ValidateCommand.self, ListCommand.self, ExplainCommand.self,
            ApplyCommand.self, SchemaCommand.self, ReferenceCommand.self, TemplateCommand.self, TestCommand.self,
        ]
    )

    public init() {}

    /// Runs the CLI with these transformers and exits with the documented codes.
    public static func main(registry: TransformerRegistry, arguments: [String]? = nil) -> Never {
        CLIContext.install(registry: registry)
        AllocatorTuning.apply()
        let code = run(arguments: arguments)
        Foundation.exit(code)
    }

    /// Runs the CLI and returns its exit code instead of exiting (for tests and embedding).
    public static func run(arguments: [String]? = nil) -> Int32 {
        do {
            let (parsed, setAside) = setAsideTrailingOperands(arguments ?? Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot(parsed)
            if !setAside.isEmpty {
                if var apply = command as? ApplyCommand { apply.files += setAside; command = apply }
                else if var run = command as? RunCommand { run.inputs += setAside; command = run }
            }
            try command.run()
            return ExitStatus.success
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty { Console.error(failure.message) }
            return failure.code
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                return ExitStatus.success
            }
            Console.error(fullMessage(for: error))
            if code.rawValue == 64 || error is ValidationError { return ExitStatus.usage }
            return code.rawValue == 1 ? ExitStatus.reportFailed : code.rawValue
        }
    }
}

extension ReportKitCommand {
    /// Below this many trailing operands, the parser sees every argument.
    static let operandsParsedInFull = 64

    /// Takes the file operands at the end of a long `apply` or `run` command line out of what
    /// ArgumentParser parses; the caller appends them to the command's inputs afterwards.
    ///
    /// ArgumentParser's time grows with the square of the values of one positional array (each
    /// value merges its origin into a growing set): 2,000 files cost 0.2 s before any work.
    /// Only operands past the last dash-led argument and the two arguments after it (an
    /// option's value and one positional) are set aside, so every option and the command's
    /// leading positionals are still parsed, validated and reported as before.
    static func setAsideTrailingOperands(_ arguments: [String]) -> (parsed: [String], setAside: [String]) {
        guard let subcommand = arguments.first, subcommand == "apply" || subcommand == "run" else { return (arguments, []) }
        var lastDashLed = 0
        for (k, argument) in arguments.enumerated() where argument.hasPrefix("-") { lastDashLed = k }
        let firstSetAside = lastDashLed + 3
        guard arguments.count - firstSetAside >= operandsParsedInFull else { return (arguments, []) }
        return (Array(arguments[..<firstSetAside]), Array(arguments[firstSetAside...]))
    }
}

/// An error that carries its exit code; the message (already formatted) goes to stderr.
struct CommandFailure: Error {
    var code: Int32
    var message: String
}

/// The registry the CLI runs with, set once before parsing.
public enum CLIContext {
    private final class Store: @unchecked Sendable {
        let lock = NSLock()
        var registry = TransformerRegistry()
    }
    private static let store = Store()

    /// Sets the transformers for this process; call once at start-up.
    public static func install(registry: TransformerRegistry) {
        store.lock.lock()
        defer { store.lock.unlock() }
        store.registry = registry
    }

    public static var registry: TransformerRegistry {
        store.lock.lock()
        defer { store.lock.unlock() }
        return store.registry
    }
}

/// Writing to the terminal.
enum Console {
    /// A line on standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Text on standard output, unbuffered relative to other writes.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
