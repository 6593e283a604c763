import ArgumentParser
import Foundation
import ReportKit
import ReportKitTransformers

/// `reportkit template NAME`: prints a built-in export template so a user can copy and change it.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Print a built-in export template (markdown, html, text, review) to copy and change.",
        discussion: """
        Example: reportkit template markdown > templates/mine.mustache, then in a pipeline:
          - export: {format: template, template: templates/mine.mustache, path: out/{{slug}}.md}
        Without a name, lists the templates.
        """)

    @Argument(help: "The template's name; omit it to list them.") var name: String?

    func run() throws {
        guard let name else {
            let width = BuiltinTemplates.all.map(\.name.count).max() ?? 0
            for entry in BuiltinTemplates.all {
                print(entry.name + String(repeating: " ", count: width - entry.name.count + 2) + entry.summary)
            }
            return
        }
        guard let entry = BuiltinTemplates.named(name) else {
            var message = "error: no built-in template named '\(name)'"
            if let guess = EditDistance.suggestion(for: name, among: BuiltinTemplates.all.map(\.name)) {
                message += "\nhelp: did you mean '\(guess)'?"
            }
            message += "\nnote: the templates are " + BuiltinTemplates.all.map(\.name).joined(separator: ", ")
            throw CommandFailure(code: ExitStatus.usage, message: message)
        }
        Console.out(entry.text.hasSuffix("\n") ? entry.text : entry.text + "\n")
    }
}
