import Foundation
import Testing
@testable import ReportKitCLI

/// Long lists of file operands are set aside before ArgumentParser (whose time grows with
/// their square) and handed back to the command: same inputs, same order, same options.
@Suite struct LongOperandListTests {
    private func files(_ n: Int) -> [String] { (1...n).map { "in/\($0).txt" } }

    @Test func shortCommandLinesAreParsedWhole() {
        let arguments = ["apply", "summarize", "--set", "sentences=3"] + files(10)
        let (parsed, setAside) = ReportKitCommand.setAsideTrailingOperands(arguments)
        #expect(parsed == arguments)
        #expect(setAside.isEmpty)
    }

    @Test func onlyOperandsAfterTheLastOptionAndItsValueAreSetAside() {
        let inputs = files(100)
        let arguments = ["apply", "summarize", "--set", "sentences=3", "--to", "summary"] + inputs
        let (parsed, setAside) = ReportKitCommand.setAsideTrailingOperands(arguments)
        #expect(parsed == ["apply", "summarize", "--set", "sentences=3", "--to", "summary", inputs[0]])
        #expect(setAside == Array(inputs.dropFirst()))
    }

    @Test func otherSubcommandsAreLeftAlone() {
        let arguments = ["validate"] + files(100)
        #expect(ReportKitCommand.setAsideTrailingOperands(arguments).setAside.isEmpty)
    }

    @Test func applyOverManyFilesPrintsOneLineEachInOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-operands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for k in 1...90 {
            let url = folder.appendingPathComponent("report-\(k).txt")
            try "Headline \(k)\n\nThe ferry number \(k) left the harbor on time. Its crew counted \(k) passengers.\n"
                .write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        let result = try CLI.run(["apply", "extract", "--to", "text"] + paths)
        #expect(result.status == 0)
        let headlines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("Headline ") }.map(String.init)
        #expect(headlines == (1...90).map { "Headline \($0)" })
        // An option before the files still applies to all of them.
        let json = try CLI.run(["apply", "summarize", "--set", "sentences=1"] + paths)
        #expect(json.status == 0)
        #expect(json.stdout.split(separator: "\n").count == 90)
    }
}
