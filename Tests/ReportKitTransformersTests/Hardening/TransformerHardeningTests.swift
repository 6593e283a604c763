import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers

/// Hardening of the built-ins found by the fuzz targets or while wiring the limits.
@Suite struct TransformerHardeningTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-glossary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// A glossary option naming a FIFO used to block forever in `Data(contentsOf:)`.
    @Test func aGlossaryThatIsAFIFOIsRefusedNotWaitedOn() throws {
        let fifo = folder.appendingPathComponent("glossary.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        do {
            _ = try Glossary.load(url: URL(fileURLWithPath: fifo))
            Issue.record("a FIFO was read as a glossary")
        } catch {
            #expect("\(error)".contains("is not a regular file"), "\(error)")
        }
    }

    /// Glossaries load under the pipeline's YAML limits, not only the defaults.
    @Test func glossariesLoadUnderThePipelinesYAMLLimits() throws {
        let url = folder.appendingPathComponent("terms.yaml")
        try Data("wrong one: right one\nother wrong: other right\n".utf8).write(to: url)
        var limits = PipelineLimits.default
        #expect(throws: Never.self) { try Glossary.load(url: url, limits: limits) }
        limits.yamlBytes = 16
        #expect(throws: (any Error).self) { try Glossary.load(url: url, limits: limits) }
        limits = .default
        limits.yamlNodes = 2
        #expect(throws: (any Error).self) { try Glossary.load(url: url, limits: limits) }
    }
}
