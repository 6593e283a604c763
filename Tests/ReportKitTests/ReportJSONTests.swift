import Foundation
import Testing
@testable import ReportKit

/// The hand-written JSON writer must produce exactly what JSONEncoder produces, so that
/// switching between them never changes an output file.
@Suite struct ReportJSONTests {
    /// A small seeded generator, so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces = ["plain words", "\"quoted\"", "back\\slash", "a/b", "tab\there", "line\nbreak", "\r", "\u{0}\u{1}\u{1f}",
                         "\u{7f}", "\u{8}\u{c}", "é", "ü", "中文", "😀", "\u{2028}", "\u{feff}", " ", ""]
    static let numbers: [Double] = [0, 1, -1, 0.5, 0.1, 1e-7, 1e20, 123456.0, 0.30000000000000004, 9007199254740992,
                                    9007199254740994, -0.0, 2.5e-300, 1e15, 1e15 + 0.5, 42.125]

    func text(_ rng: inout SplitMix) -> String {
        (0..<Int.random(in: 0...4, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }.joined()
    }

    func maybe(_ rng: inout SplitMix) -> String? {
        Bool.random(using: &rng) ? text(&rng) : nil
    }

    func jsonValue(_ rng: inout SplitMix, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 4 : 6), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(Self.numbers.randomElement(using: &rng)!)
        case 3: return .string(text(&rng))
        case 4: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in jsonValue(&rng, depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) { object[text(&rng)] = jsonValue(&rng, depth: depth + 1) }
            return .object(object)
        }
    }

    func report(_ rng: inout SplitMix) -> Report {
        var r = Report(id: text(&rng), source: Bool.random(using: &rng) ? Source(path: text(&rng), mediaType: "text/plain") : nil,
                       raw: maybe(&rng), title: maybe(&rng))
        r.subtitle = maybe(&rng)
        r.authors = (0..<Int.random(in: 0...2, using: &rng)).map { _ in text(&rng) }
        r.published = maybe(&rng); r.updated = maybe(&rng); r.site = maybe(&rng)
        r.language = maybe(&rng); r.url = maybe(&rng); r.description = maybe(&rng)
        r.tags = (0..<Int.random(in: 0...2, using: &rng)).map { _ in text(&rng) }
        r.body = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
            Block(Block.Kind.allCases.randomElement(using: &rng)!, text(&rng), level: Bool.random(using: &rng) ? Int.random(in: 1...6, using: &rng) : nil)
        }
        r.dropped = (0..<Int.random(in: 0...2, using: &rng)).map { _ in
            DroppedBlock(text: text(&rng), reason: "navigation", step: "extract", block: Bool.random(using: &rng) ? 3 : nil)
        }
        r.comments = Bool.random(using: &rng) ? [Block(.paragraph, text(&rng))] : []
        r.quotes = (0..<Int.random(in: 0...2, using: &rng)).map { _ in
            Quote(text: text(&rng), speaker: maybe(&rng), role: maybe(&rng), block: Int.random(in: 0...40, using: &rng))
        }
        r.entities = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
            Entity(text: text(&rng), kind: Entity.Kind.allCases.randomElement(using: &rng)!,
                   mentions: (0..<Int.random(in: 0...3, using: &rng)).map { _ in Mention(block: 1, start: Int.random(in: 0...500, using: &rng), end: 1234) })
        }
        if Bool.random(using: &rng) {
            r.summary = Summary(
                sentences: (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                    SummarySentence(text: text(&rng), block: 2, position: Int.random(in: 0...99, using: &rng), score: Self.numbers.randomElement(using: &rng)!)
                },
                keywords: [Keyword(text: text(&rng), score: Self.numbers.randomElement(using: &rng)!)],
                method: "textrank")
        }
        r.changes = (0..<Int.random(in: 0...2, using: &rng)).map { _ in
            Change(step: "translate-fixups", rule: "r", block: Bool.random(using: &rng) ? 0 : nil, field: maybe(&rng),
                   before: text(&rng), after: text(&rng), context: maybe(&rng))
        }
        for _ in 0..<Int.random(in: 0...3, using: &rng) { r.metadata[text(&rng)] = jsonValue(&rng, depth: 0) }
        r.diagnostics = Bool.random(using: &rng) ? [ReportDiagnostic(.warning, step: "read", text(&rng))] : []
        return r
    }

    @Test func writerMatchesJSONEncoderByteForByte() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var rng = SplitMix(state: 20261129)
        for round in 0..<2_000 {
            let report = report(&rng)
            let expected = String(decoding: try encoder.encode(report), as: UTF8.self)
            let written = String(decoding: try report.jsonBytes(), as: UTF8.self)
            #expect(written == expected, "round \(round)")
            if written != expected { break }
        }
    }

    @Test func writtenReportsReadBack() throws {
        var rng = SplitMix(state: 7)
        for _ in 0..<200 {
            let report = report(&rng)
            #expect(try Report.decode(json: Data(report.jsonBytes())) == report)
        }
    }

    @Test func nonFiniteScoresAreAnErrorAsWithJSONEncoder() {
        var report = Report(id: "r")
        report.summary = Summary(sentences: [SummarySentence(text: "s", block: 0, position: 0, score: .nan)], keywords: [], method: "m")
        #expect(throws: EncodingError.self) { try report.jsonBytes() }
    }

    // MARK: The reader

    @Test(arguments: [99, 1234, 777_777])
    func readerAgreesWithJSONDecoderOnWrittenAndMutatedReports(seed: UInt64) throws {
        // Sorted keys keep the mutated inputs the same from run to run.
        let sortedEncoder = JSONEncoder()
        sortedEncoder.outputFormatting = [.sortedKeys]
        var rng = SplitMix(state: seed)
        var agreed = 0
        for _ in 0..<1_000 {
            var bytes = try sortedEncoder.encode(report(&rng))
            // Mutate some copies: the reader must accept what JSONDecoder accepts, with the same result.
            if Bool.random(using: &rng), !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[at] = Array("{}[],:\"0a-. n".utf8).randomElement(using: &rng)!
            }
            if let expected = try? JSONDecoder().decode(Report.self, from: bytes) {
                let input = String(decoding: bytes, as: UTF8.self)
                #expect(throws: Never.self, "\(input)") { try ReportJSONReader.report(from: bytes) }
                #expect((try? ReportJSONReader.report(from: bytes)) == expected, "\(input)")
                agreed += 1
            }
        }
        #expect(agreed > 500)
    }

    @Test func readerKeepsCodablesLeniencyForOptionalMembers() throws {
        let json = #"{"id": null, "format": null, "title": null, "authors": null, "body": [{"kind": "paragraph", "text": "Hi", "level": null, "extra": {"a": [1, 2]}}], "summary": null, "unknown": [true, false, null, -1.5e3], "quotes": [{"text": "q", "block": 2.0}]}"#
        let report = try ReportJSONReader.report(from: Data(json.utf8))
        #expect(report.id == "")
        #expect(report.formatVersion == Report.currentFormatVersion)
        #expect(report.body == [Block(.paragraph, "Hi")])
        #expect(report.quotes.first?.block == 2)
        #expect(report == (try JSONDecoder().decode(Report.self, from: Data(json.utf8))))
    }

    @Test func readerAcceptsTrailingCommasAsJSONDecoderDoes() throws {
        let json = #"{"tags": ["a", "b",], "body": [{"kind": "paragraph", "text": "x",},],}"#
        let expected = try JSONDecoder().decode(Report.self, from: Data(json.utf8))
        #expect(try ReportJSONReader.report(from: Data(json.utf8)) == expected)
        #expect(expected.tags == ["a", "b"])
    }

    @Test func readerResolvesEscapesAndReplacesLoneSurrogates() throws {
        let json = #"{"title": "a\"b\\c\/d\n\u00e9\ud83d\ude00 \ud800 \udc00x"}"#
        let report = try ReportJSONReader.report(from: Data(json.utf8))
        #expect(report.title == "a\"b\\c/d\né😀 \u{FFFD} \u{FFFD}x")
    }

    @Test(arguments: [
        (#"{"title": "x""#, "not valid JSON"),
        (#"{"title": "x"} extra"#, "not valid JSON"),
        (#"{"title": 'x'}"#, "not valid JSON"),
        (#"{"body": [{"kind": "paragraph", "text": "a",,}]}"#, "not valid JSON"),
        (#"{,}"#, "not valid JSON"),
        (#"{"id": 01}"#, "not valid JSON"),
        (#"[1, 2]"#, "Expected an object"),
        (#"{"title": 5}"#, "Expected a string"),
        (#"{"body": [{"kind": "paragraph"}]}"#, "text"),
        (#"{"body": [{"kind": "poem", "text": "a"}]}"#, "poem"),
        (#"{"format": 2}"#, "newer than this reportkit reads"),
        (#"{"quotes": [{"text": "q", "block": 1.5}]}"#, "not representable"),
    ])
    func readerRefusesBadInputWithDecodingErrors(json: String, message: String) {
        do {
            _ = try ReportJSONReader.report(from: Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch let error as DecodingError {
            #expect(ReportReader.describe(error).contains(message), "\(ReportReader.describe(error))")
        } catch {
            Issue.record("not a DecodingError: \(error)")
        }
    }

    @Test func readerPutsThePathOfABadMemberInItsError() throws {
        let json = #"{"body": [{"kind": "paragraph", "text": "a"}, {"kind": "paragraph", "text": 7}]}"#
        #expect(throws: DecodingError.self) { try ReportJSONReader.report(from: Data(json.utf8)) }
        do { _ = try ReportJSONReader.report(from: Data(json.utf8)) } catch let error as DecodingError {
            #expect(ReportReader.describe(error).hasPrefix("at 'body.1.text'"))
        }
    }

    @Test func readerBoundsNesting() throws {
        let deep = #"{"metadata": {"a": "# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}}"
        #expect(throws: DecodingError.self) { try ReportJSONReader.report(from: Data(deep.utf8)) }
        let fine = #"{"metadata": {"a": "# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}}"
        #expect(try ReportJSONReader.report(from: Data(fine.utf8)).metadata["a"] != nil)
    }
}
