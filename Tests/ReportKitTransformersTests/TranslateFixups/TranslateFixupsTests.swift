import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers

@Suite struct TranslateFixupsTests {
    @Test func repairsSeveralClassesInOneText() throws {
        let input = """
        Harbour festival opens with record crowds
        Organisers said 40,000 people came on Saturday，up from 30,000 a year earlier. .
        The the fireworks start at 9 p.m.,and boats k leave from Pier 3.
        Harbour festival opens with record crowds
        Share on WeChat
        Previous: Rain delays the regatta
        """
        let report = try Fixups.report(input)
        #expect(report.plainText == """
        Harbour festival opens with record crowds
        Organisers said 40,000 people came on Saturday, up from 30,000 a year earlier.
        The fireworks start at 9 p.m., and boats leave from Pier 3.
        """)
        #expect(Set(report.dropped.map(\.reason)) == ["navigation", "repeated-headline"])
        #expect(report.dropped.map(\.block) == [3, 4, 5])
        // Edits keep the index of the block they changed in the remaining body.
        let edited = report.changes.filter { $0.block != nil }
        #expect(Set(edited.compactMap(\.block)) == [1, 2])
        #expect(Set(edited.map(\.rule)) == ["cjk-punctuation", "orphaned-punctuation", "duplicated-words", "missing-space-after-punctuation", "stray-letters"])
        #expect(edited.allSatisfy { $0.step == "translate-fixups" && $0.context != nil })
    }

    @Test func encodingGroupRestrictsToEncodingRepairs() throws {
        let input = "The cafÃ© &amp; bar said:: open ,, now，ok"
        #expect(try Fixups.text(input, Fixups.rules("encoding")) == "The café & bar said:: open ,, now，ok")
    }

    @Test func disableAndWarnOptions() throws {
        let input = "The the plan,, is ready."
        #expect(try Fixups.text(input, ["disable": .list([.string("duplicated-words")])]) == "The the plan, is ready.")
        let warned = try Fixups.report(input, ["warn": .list([.string("tokens")])])
        #expect(warned.plainText == "The the plan, is ready.")
        #expect(warned.diagnostics.contains { $0.severity == .warning && $0.message.hasPrefix("duplicated-words:") })
    }

    @Test func pronounSlipWarnsByDefaultAndFixesWhenNamed() throws {
        let input = "The nurse said she worked nights. She said the ward was full. It added that staff were tired."
        let warned = try Fixups.report(input)
        #expect(warned.plainText == input)
        #expect(warned.diagnostics.count == 1 && warned.diagnostics[0].message.contains("pronoun-slip"))
        let fixed = try Fixups.text(input, Fixups.rules("default", "pronoun-slip"))
        #expect(fixed == "The nurse said she worked nights. She said the ward was full. She added that staff were tired.")
    }

    @Test func redundancyOnlyFlags() throws {
        let input = "He said the city aims to make the city greener."
        let report = try Fixups.report(input, Fixups.rules("redundancy"))
        #expect(report.plainText == input)
        #expect(report.diagnostics.contains { $0.message.hasPrefix("redundancy:") })
    }

    @Test func titleAndDekAreRepairedAndRecorded() throws {
        var report = Report(id: "r", title: "Flood aid reaches villages，officials say", body: [Block(.paragraph, "Aid arrived. .")])
        report.subtitle = "Trucks   crossed the bridge"
        let run = RunContext(baseDirectory: URL(fileURLWithPath: NSTemporaryDirectory()))
        try Fixups.transformer().transform(&report, context: StepContext(stepName: "translate-fixups", stepIndex: 0, run: run))
        #expect(report.title == "Flood aid reaches villages, officials say")
        #expect(report.subtitle == "Trucks crossed the bridge")
        #expect(report.body[0].text == "Aid arrived.")
        #expect(report.changes.contains { $0.field == "title" && $0.block == nil })
        #expect(report.changes.contains { $0.field == "subtitle" })
    }

    @Test func oneBadParagraphDoesNotAffectItsNeighbours() throws {
        let first = "The bridge opened on Monday.", last = "Traffic was light, officials said."
        let input = "\(first)\nÃ©Ã©Ã© ,, . . &#0; \u{1B}[0m ，，， the the k said\n\(last)"
        let lines = try Fixups.text(input).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines.first == Substring(first))
        #expect(lines.last == Substring(last))
    }
}

@Suite struct GlossaryTests {
    func write(_ text: String) throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("glossary-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func appliesWholeWordsKeepingCase() throws {
        let url = try write("opening-up: opening up\nmain leader: top official\nCPC: Communist Party\n")
        let options: [String: OptionValue] = ["glossary": .string(url.path)]
        let out = try Fixups.text("Main leader praised the opening-up. The main leaders met. MAIN LEADER spoke. CPCs differ.", options)
        #expect(out == "Top official praised the opening up. The main leaders met. TOP OFFICIAL spoke. CPCs differ.")
        let changes = try Fixups.report("The main leader came.", options).changes
        #expect(changes.map(\.rule) == ["glossary"])
    }

    @Test func errorsPointAtTheProblem() throws {
        let url = try write("good: fine\nbad:\n  - a list\n")
        #expect {
            _ = try Fixups.transformer(["glossary": .string(url.path)])
        } throws: { error in
            guard let error = error as? OptionError else { return false }
            return error.option == "glossary" && error.message.contains(":3:") && error.message.contains("'bad'")
        }
        let notMapping = try write("- a\n- b\n")
        #expect(throws: OptionError.self) { _ = try Fixups.transformer(["glossary": .string(notMapping.path)]) }
        let duplicate = try write("Term: a\nterm: b\n")
        #expect {
            _ = try Fixups.transformer(["glossary": .string(duplicate.path)])
        } throws: { error in (error as? OptionError)?.message.contains("already in the glossary") == true }
        #expect(throws: OptionError.self) { _ = try Fixups.transformer(["glossary": .string("/nonexistent/g.yaml")]) }
    }
}

/// Hostile input: no crash, no hang, CJK left alone.
@Suite struct FixupsBadInputTests {
    @Test func invalidUTF8IsReadAndSurvives() throws {
        var data = Data("The port â€™s open".utf8)
        data.append(contentsOf: [0xFF, 0xFE, 0xC3])
        data.append(contentsOf: Array(" and the café ,, is too".utf8))
        var report = try ReportReader.read(data: data, path: "bad.txt", format: .text)
        let run = RunContext(baseDirectory: URL(fileURLWithPath: NSTemporaryDirectory()))
        try Fixups.transformer().transform(&report, context: StepContext(stepName: "translate-fixups", stepIndex: 0, run: run))
        #expect(report.plainText.hasSuffix("and the café, is too"))
        #expect(report.plainText.hasPrefix("The port’s open"))
    }

    @Test func loneSurrogatesInJSONDoNotCrash() throws {
        let json = #"{"title": "A \ud800 title", "body": [{"kind": "paragraph", "text": "Half \udc00 pair ,, here"}]}"#
        if var report = try? ReportReader.read(data: Data(json.utf8), path: "r.json", format: .json) {
            let run = RunContext(baseDirectory: URL(fileURLWithPath: NSTemporaryDirectory()))
            try Fixups.transformer().transform(&report, context: StepContext(stepName: "translate-fixups", stepIndex: 0, run: run))
            #expect(report.body.first?.text.contains(",,") == false)
        }
    }

    @Test func longSingleLinesOfPunctuationAndCJK() throws {
        let punctuation = String(repeating: ". , ; : ! ? .. ,, “ ” \" ' ( ) ", count: 20_000)
        let out = try Fixups.text("x " + punctuation)
        #expect(!out.isEmpty)
        let cjk = String(repeating: "上海市政府发布通知，要求加强管理。", count: 20_000)
        #expect(try Fixups.text(cjk) == cjk)
        let words = String(repeating: "the the cafÃ© k said ,and ", count: 20_000)
        #expect(try Fixups.text(words).count < words.count)
    }
}

@Suite struct HTMLEntityTableTests {
    /// The table is parsed by a byte scan; this reads the packed text the plain way
    /// (split on `;`, trim, split on the space and on `,`) and requires the same table.
    @Test func byteScanReadsEveryPackedEntry() {
        var expected: [String: [UInt32]] = [:]
        for entry in HTMLEntityTable.packed.split(separator: ";") {
            let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let space = trimmed.firstIndex(of: " ") else { continue }
            expected[String(trimmed[..<space])] = trimmed[trimmed.index(after: space)...]
                .split(separator: ",").compactMap { UInt32($0, radix: 16) }
        }
        #expect(expected.count == 2125)
        #expect(HTMLEntitiesRule.table == expected)
        #expect(HTMLEntitiesRule.table["NotNestedGreaterGreater"] == [0x2AA2, 0x338])
        #expect(HTMLEntitiesRule.table["amp"] == [0x26])
    }
}
