import Foundation
import Testing
@testable import ReportKit

/// A do-nothing step, so pipelines under test have something to run.
private struct Noop: Transformer {
    static let registration = TransformerRegistration(spec: TransformerSpec(name: "noop", summary: "Nothing.", options: [])) { _, _ in Noop() }
    func transform(_ report: inout Report, context: StepContext) throws {}
}

/// Records the limits its build context carried, so a test can see what steps receive.
private struct LimitsProbe: Transformer {
    static let registration = TransformerRegistration(spec: TransformerSpec(name: "limits-probe", summary: "Limits.", options: [])) { _, context in
        LimitsProbe(limits: context.limits)
    }
    let limits: PipelineLimits
    func transform(_ report: inout Report, context: StepContext) throws {}
}

private let registry = TransformerRegistry([Noop.registration, LimitsProbe.registration])

@Suite struct PipelineLimitsTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func write(_ text: String, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func load(_ text: String) throws -> Pipeline {
        try PipelineLoader(registry: registry, checkInputs: false).load(path: try write(text, to: "p.yaml"))
    }

    func diagnostics(_ source: MarkedSource) throws -> [Diagnostic] {
        do {
            _ = try load(source.text)
            return []
        } catch let list as DiagnosticList {
            return list.diagnostics
        }
    }

    func location(_ d: Diagnostic) -> String { d.mark.map { "\($0.line):\($0.column)" } ?? "none" }

    @Test func defaultsWhenThePipelineSaysNothing() throws {
        let pipeline = try load("steps: [noop]\n")
        #expect(pipeline.limits == .default)
        #expect(pipeline.limits.maxInputBytes == ReportReader.defaultMaxBytes)
        #expect(pipeline.limits.yaml == YAMLLimits.default)
    }

    @Test func readsEveryLimitWhereverItIsWritten() throws {
        let pipeline = try load("""
        steps: [limits-probe]
        limits:
          input-bytes: 64 MiB
          yaml-depth: 12
          yaml-nodes: 5_000
          yaml-bytes: 65536
          html-depth: 300

        """)
        #expect(pipeline.limits.maxInputBytes == 64 << 20)
        #expect(pipeline.limits.htmlDepth == 300)
        #expect(pipeline.limits.yaml == YAMLLimits(maxDepth: 12, maxNodes: 5_000, maxBytes: 65_536))
        let probe = try #require(pipeline.steps.first?.transformer as? LimitsProbe)
        #expect(probe.limits == pipeline.limits, "steps are built with the pipeline's limits, for their own YAML files")
    }

    @Test func everyProblemIsPositioned() throws {
        let source = MarkedSource("""
        steps: [noop]
        limits:
          1️⃣input-byte: 10
          yaml-depth: 2️⃣deep
          yaml-nodes: 3️⃣0
          yaml-depth: 4️⃣1001
          input-bytes: 5️⃣[1, 2]
          yaml-bytes: 6️⃣12 parsecs

        """)
        let found = try diagnostics(source)
        let at = Dictionary(found.map { (location($0), $0) }, uniquingKeysWith: { a, _ in a })
        #expect(found.count == 6)
        #expect(at[source.location("1️⃣")]?.message == "unknown limit 'input-byte'")
        #expect(at[source.location("1️⃣")]?.notes == ["help: did you mean 'input-bytes'?"])
        #expect(at[source.location("2️⃣")]?.message == "'yaml-depth' is a whole number, not 'deep'")
        #expect(at[source.location("2️⃣")]?.notes == ["default: 64"])
        #expect(at[source.location("3️⃣")]?.message == "'yaml-nodes' must be within 1…100000000; 0 is not")
        #expect(at[source.location("4️⃣")]?.message.contains("1…\(YAMLLimits.depthCeiling)") == true)
        #expect(at[source.location("5️⃣")]?.message == "'input-bytes' takes one value, not a list")
        #expect(at[source.location("6️⃣")]?.message.contains("a size in bytes") == true)
    }

    @Test func limitsMustBeAMapping() throws {
        let source = MarkedSource("steps: [noop]\nlimits: 1️⃣big\n")
        let found = try diagnostics(source)
        #expect(found.map(\.message) == ["'limits' must be a mapping ('input-bytes: 64 MiB'), not a scalar"])
        #expect(location(found[0]) == source.location("1️⃣"))
    }

    @Test func includedFilesLoadUnderThePipelinesYAMLLimits() throws {
        _ = try write("steps:\n  - noop: {}\nextra: {a: {b: {c: [1]}}}\n", to: "deep.yaml")
        let found = try diagnostics(MarkedSource("limits: {yaml-depth: 3}\nsteps:\n  - include: deep.yaml\n"))
        #expect(found.contains { $0.message == "nesting deeper than 3 levels" && $0.file?.hasSuffix("deep.yaml") == true })
        // The same file loads under the default depth (its unknown key is the only complaint).
        let relaxed = try diagnostics(MarkedSource("steps:\n  - include: deep.yaml\n"))
        #expect(relaxed.map(\.message) == ["unknown key 'extra' in pipeline"])
    }

    @Test func includedFilesMayNotSetLimits() throws {
        _ = try write("limits: {input-bytes: 1}\nsteps: [noop]\n", to: "sneaky.yaml")
        let found = try diagnostics(MarkedSource("steps:\n  - include: sneaky.yaml\n"))
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("'limits' applies to the whole run") == true)
        #expect(found.first?.file?.hasSuffix("sneaky.yaml") == true)
    }

    @Test func yamlBytesBoundsIncludedFilesBeforeTheyAreRead() throws {
        _ = try write("steps:\n" + String(repeating: "  - noop\n", count: 200), to: "long.yaml")
        let found = try diagnostics(MarkedSource("limits: {yaml-bytes: 1 KiB}\nsteps:\n  - include: long.yaml\n"))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("more than the 1024 allowed for YAML") == true)
    }

    @Test func byteSizesReadAndWriteTheWayPeopleWriteThem() {
        #expect(ByteSize.parse("1048576") == 1 << 20)
        #expect(ByteSize.parse("64 MiB") == 64 << 20)
        #expect(ByteSize.parse("64mib") == 64 << 20)
        #expect(ByteSize.parse("2 GB") == 2_000_000_000)
        #expect(ByteSize.parse("512 KiB") == 512 << 10)
        #expect(ByteSize.parse("10 B") == 10)
        #expect(ByteSize.parse("lots") == nil)
        #expect(ByteSize.parse("12 parsecs") == nil)
        #expect(ByteSize.parse("-5") == nil)
        #expect(ByteSize.parse("99999999999 TiB") == nil, "overflow is refused, not wrapped")
        #expect(ByteSize.format(256 << 20) == "256 MiB")
        #expect(ByteSize.format(8 << 20) == "8 MiB")
        #expect(ByteSize.format(1000) == "1000")
    }

    @Test func theEditorSchemaKnowsEveryLimit() throws {
        guard case .object(let root) = SpecDocumentation.jsonSchema(registry),
              case .object(let properties)? = root["properties"],
              case .object(let limits)? = properties["limits"],
              case .object(let keys)? = limits["properties"] else {
            Issue.record("the schema has no 'limits' properties")
            return
        }
        #expect(Set(keys.keys) == Set(PipelineLimits.keys.map(\.name)))
        #expect(limits["additionalProperties"] == .bool(false))
    }

    @Test func docsListEveryLimitWithItsDefault() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/limits.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for key in PipelineLimits.keys {
            #expect(text.contains("`\(key.name)`"), "docs/limits.md does not mention \(key.name)")
            #expect(text.contains(key.defaultText), "docs/limits.md does not give \(key.name)'s default \(key.defaultText)")
        }
    }
}

/// Reading files that are not what they claim to be must end in an error, never a hang.
@Suite struct BoundedFileTests {
    @Test func devicesAndFIFOsAreRefusedWithoutReading() throws {
        #expect(throws: BoundedFile.Failure.notRegular) { try BoundedFile.read(path: "/dev/zero", maxBytes: 1 << 20) }
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-fifo-\(UUID().uuidString)").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        // Opening a FIFO with no writer blocks forever; it must be refused before that.
        #expect(throws: BoundedFile.Failure.notRegular) { try BoundedFile.read(path: fifo, maxBytes: 1 << 20) }
        #expect(throws: ReadError.self) { try ReportReader.read(path: fifo) }
        #expect(throws: Diagnostic.self) { try PipelineLoader.readSource(path: "/dev/zero") }
    }

    @Test func sizesAreCheckedAgainstTheLimit() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-size-\(UUID().uuidString).txt")
        try Data("Eleven byte".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try BoundedFile.read(path: url.path, maxBytes: 11) == Data("Eleven byte".utf8))
        #expect(throws: BoundedFile.Failure.tooLarge(11)) { try BoundedFile.read(path: url.path, maxBytes: 10) }
        #expect(throws: BoundedFile.Failure.missing) { try BoundedFile.read(path: url.path + ".gone", maxBytes: 10) }
        #expect(throws: BoundedFile.Failure.directory) { try BoundedFile.read(path: NSTemporaryDirectory(), maxBytes: 10) }
        do {
            _ = try ReportReader.read(path: url.path, maxBytes: 10)
            Issue.record("an input over the limit was read")
        } catch let error as ReadError {
            #expect(error.message == "is 11 bytes, more than the limit of 10 (limits: input-bytes)")
        }
    }
}
