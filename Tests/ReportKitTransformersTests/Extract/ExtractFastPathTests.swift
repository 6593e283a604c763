import Testing
import ReportKit
@testable import ReportKitTransformers

/// The byte-level shortcuts of `extract` give the answers of the slower code they replace.
@Suite struct ExtractFastPathTests {
    @Test func lexiconFindsListedWordsByTheirBytesOnly() {
        let lexicon = Gazetteer.lexicon
        func classes(_ word: String) -> WordClass {
            var word = word
            return word.withUTF8 { lexicon.classes($0, 0, $0.count) }
        }
        #expect(classes("said").contains(.speechVerb))
        #expect(classes("Secretary").contains(.roleHead))
        #expect(classes("Shanghai").contains(.place))
        #expect(classes("Hong").contains(.placeStart))
        #expect(!classes("Hong").contains(.place))
        // A word on two lists has both classes; a word on none has none; case matters.
        #expect(classes("Dr").isSuperset(of: [.roleHead, .honorific, .stopCapital]))
        #expect(classes("Lighthouse").isEmpty)
        #expect(!classes("shanghai").contains(.place))
        // Lowercase role words: any role for appositives, only some before a name.
        #expect(classes("director").isSuperset(of: [.lowercaseRoleWord, .lowercaseRoleHead]))
        #expect(classes("officer").contains(.lowercaseRoleWord))
        #expect(!classes("officer").contains(.lowercaseRoleHead))
        #expect(!classes("dr").contains(.lowercaseRoleHead))
    }

    @Test func lexiconInsertKeepsTheFirstValueUnlessMerging() {
        var table = WordLexicon(capacity: 4)
        table.insert("Qiang", 3, merge: false)
        table.insert("Qiang", 7, merge: false)
        table.insert("Li", 1, merge: true)
        table.insert("Li", 4, merge: true)
        #expect(table.value("Qiang") == 3)
        #expect(table.value("Li") == 5)
        #expect(table.value("Wei") == nil)
        #expect(table.value("") == nil)
    }

    @Test func scannerClassifiesWordsAsItTokenizes() {
        let bytes = Array("“We will,” Mayor Ana Ruiz said in 2035.".utf8)
        let plain = WordScanner.scan(bytes)
        let classified = WordScanner.scanClassified(bytes)
        #expect(plain.map(\.start) == classified.map(\.start))
        #expect(plain.map(\.end) == classified.map(\.end))
        let words = classified.filter { $0.kind == .word }.map { (bytes.text(of: $0), $0.classes) }
        #expect(words.first { $0.0 == "said" }?.1.contains(.speechVerb) == true)
        #expect(words.first { $0.0 == "Mayor" }?.1.contains(.roleHead) == true)
        #expect(words.first { $0.0 == "Ruiz" }?.1.isEmpty == true)
        #expect(WordScanner.integer(bytes, classified.first { $0.kind == .number }!) == 2035)
    }

    @Test func foldingIsTheSameForASCIIAndOtherText() {
        #expect(TextFolding.foldForComparison("  Harbor Bridge -- REOPENS!  ") == "harbor bridge reopens")
        #expect(TextFolding.foldForComparison("Harbor’s “bridge” — reopens…") == "harbor s bridge reopens")
        #expect(TextFolding.foldForComparison("Éclair À LA Crème 2035") == "éclair à la crème 2035")
        #expect(TextFolding.foldForComparison("上海 2035年") == "上海 2035年")
        #expect(TextFolding.foldForComparison("“”—") == "")
        let line = "Party Secretary outlines his vision"
        #expect(TextFolding.foldForComparison(line.dropFirst(6)) == "secretary outlines his vision")
    }

    /// `mayRepeat` may say yes too often, never no when `repeats` would say yes.
    @Test func mayRepeatNeverHidesARepeat() {
        let references = ["Party Secretary outlines his vision for the city’s future",
                          "The 12th Congress opens today.", "Café owners meet", "a"]
        let lines = ["Party Secretary outlines his vision for the city's future",
                     "PARTY SECRETARY — outlines his vision for the city’s future | Daily",
                     "Party Secretary outlines his vision", "Party Secretary", "Party secretaries met",
                     "The 12th Congress opens today", "The 12th Congress opens today. More", "  The 12th   congress",
                     "Café owners meet", "Cafe owners meet", "café owners meet again", "A", "a b c d e", "b",
                     "Next year the city will grow.", "", "—", "12th", "Party Secretary outlines his vision for the city’s future.",
                     "“Party Secretary outlines his vision for the city’s future”", "‘The 12th Congress’ opens today",
                     "“We will keep going,” said the engineer.", "The 12th — Congress opens today", "Party\u{2009}Secretary",
                     "Café “owners” meet", "“Cafe owners meet”", "\u{E2}", "“"]
        for reference in references {
            let folded = TextFolding.foldForComparison(reference)
            for line in lines {
                let repeats = LineRules.repeats(TextFolding.foldForComparison(line), of: folded, line: line)
                if repeats { #expect(LineRules.mayRepeat(line, folded), "\(line) / \(reference)") }
            }
        }
        #expect(!LineRules.mayRepeat("Next year the city will grow.", TextFolding.foldForComparison(references[0])))
        #expect(LineRules.mayRepeat("Party Secretary outlines", TextFolding.foldForComparison(references[0])))
        // A quoted line is told apart without folding it whole.
        #expect(!LineRules.mayRepeat("“We will keep going,” said the engineer.", TextFolding.foldForComparison(references[0])))
    }

    @Test func lineRuleShortcutsAgreeWithTheRules() {
        // Sentences: prose unless short and about copyright.
        #expect(LineRules.classify("The harbor bridge reopened on Monday after a year of repairs, the mayor said.") == nil)
        #expect(LineRules.classify("© 2035 Coast Daily. All rights reserved.") == .boilerplate)
        #expect(LineRules.classify("Coast Daily, all RIGHTS RESERVED.") == .boilerplate)
        #expect(LineRules.classify("One two three four five six seven eight nine ten eleven twelve thirteen, all rights reserved.") == nil)
        #expect(LineRules.classify("Advertisement") == .boilerplate)
        #expect(LineRules.classify("Previous Rain expected all week") == .navigation)
        #expect(LineRules.classify("Next year the city will repaint the towers.") == nil)
        // Sentence endings behind closing quotes and brackets, in several scripts.
        for (line, ends) in [("He left.”", true), ("(It rained.)", true), ("上海。", true), ("真的？", true), ("Wait…", true),
                             ("Share on Facebook", false), ("Price: 3 €", false), ("", false)] {
            var copy = line
            #expect(copy.withUTF8 { LineRules.endsWithSentencePunctuation($0) } == ends, "\(line)")
            #expect(LineRules.endsWithSentencePunctuation(line) == ends, "\(line)")
        }
        #expect(LineRules.byline("By Jane Doe and Li Wei") == ["Jane Doe", "Li Wei"])
        #expect(LineRules.byline("BY JANE DOE") == ["JANE DOE"])
        #expect(LineRules.byline("Bystanders gathered") == nil)
    }

    @Test func rawIsDroppedOnceStructuredUnlessKept() throws {
        let page = "<html><body><article><p>The ferry timetable changes on Monday, the port said.</p></article></body></html>"
        #expect(try extract(page, format: .html).raw == nil)
        #expect(try extract("Ferry times change\n\nThe timetable changes on Monday.").raw == nil)
        let kept = try extract(page, format: .html, options: ["keep-raw": .boolean(true)])
        #expect(kept.raw == page)
        #expect(kept.body.first?.text == "The ferry timetable changes on Monday, the port said.")
    }

    @Test func wordCountAgreesWithSplittingOnSpaces() {
        for text in ["", " ", "one", "  two  words ", "Published: 3 May 2024, 10:00", "a b c d e f g h i j k l m", "tab\tinside word"] {
            let split = text.split(separator: " ").count
            #expect(LineRules.wordCount(text, upTo: 100) == split, "\(text)")
            #expect(LineRules.wordCount(text, upTo: 3) == min(split, 3), "\(text)")
        }
    }

    @Test func byteWordSplitAgreesWithSplittingCharacters() {
        // ASCII lines take the byte split; the rest go through `split`, with a space before
        // a combining accent (one `Character`, not a space) as the case bytes would get wrong.
        for line in ["", "  ", "Share\ton  Facebook ", "Next: Market prices steady", "\tlead and trail\t",
                     "Teil\u{301} zwei", "a \u{301}b c", "上海 新闻 today", "one"] {
            let expected = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            #expect(LineRules.words(line) == expected, "\(line)")
        }
    }

    @Test func rightsLineSearchAgreesWithContains() {
        for line in ["all rights reserved", "coast daily · all rights reserved.", "all rights reserve", "xall rights reservedx",
                     "© coast daily, all rights reserved", "all  rights reserved", ""] {
            #expect(LineRules.saysAllRightsReserved(line) == line.contains("all rights reserved"), "\(line)")
        }
    }

    @Test func textWithoutFourDigitsHasNoDate() {
        #expect(DateParsing.iso8601("Published 27 May") == nil)
        #expect(DateParsing.iso8601("Next: plan number 12 for the district") == nil)
        #expect(DateParsing.iso8601("May 27, 2022") == "2022-05-27")
        #expect(DateParsing.iso8601("2022/5/7") == "2022-05-07")
        #expect(DateParsing.iso8601("12345678901234") == nil)
    }
}
