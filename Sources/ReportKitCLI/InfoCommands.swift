import ArgumentParser
import Foundation
import ReportKit

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the transformers with their summaries.")

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let registrations = try plugins.registry().all
        let width = registrations.map(\.spec.name.count).max() ?? 0
        for registration in registrations {
            let name = registration.spec.name
            print(name + String(repeating: " ", count: width - name.count + 2) + registration.spec.summary)
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Show a transformer's options, defaults and examples.")

    @Argument(help: "A transformer name (see 'reportkit list').") var name: String
    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let registry = try plugins.registry()
        guard let registration = registry.registration(named: name) else {
            throw CommandFailure(code: ExitStatus.usage, message: unknownTransformerMessage(name, registry))
        }
        print(SpecDocumentation.text(registration.spec), terminator: "")
    }
}

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print a JSON Schema for pipeline files, for YAML editors.")

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(SpecDocumentation.jsonSchema(try plugins.registry())), as: UTF8.self))
    }
}

struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reference", abstract: "Print the Markdown transformer reference (docs/reference.md).")

    func run() throws {
        print(SpecDocumentation.markdown(CLIContext.registry), terminator: "")
    }
}

func unknownTransformerMessage(_ name: String, _ registry: TransformerRegistry) -> String {
    var message = "error: unknown transformer '\(name)'"
    if let guess = EditDistance.suggestion(for: name, among: registry.names) {
        message += "\nhelp: did you mean '\(guess)'?"
    } else {
        message += "\nnote: known transformers: " + registry.names.joined(separator: ", ")
    }
    return message
}
