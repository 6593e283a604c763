import Foundation
import Testing
@testable import ReportKit

@Suite struct SentenceSplitterTests {
    @Test(arguments: [
        ("The U.S. Senate voted late. Debate ended at dawn.", 2),
        ("Mr. Alder met Dr. Brook at St. Mary's. They talked.", 2),
        ("He wore No. 5 for a decade. Then he retired.", 2),
        ("Inflation rose 3.5 percent in May. Prices fell later.", 2),
        ("J. K. Rowling signed books. Fans queued.", 2),
        ("She said, “We will win.” The crowd cheered.", 2),
        ("She said, \"We will win.\" The crowd cheered.", 2),
        ("He paused... and then he went on. Nobody spoke.", 2),
        ("The vote was close… Nobody expected it.", 2),
        ("Talks resumed in the U.S. The deal is near.", 2),
        ("Acme Inc. The firm denied it.", 2),
        ("Acme Inc. shares fell on Jan. 5 in early trade.", 1),
        ("We chose plan B. The rest failed.", 2),
        ("Why? Nobody knows. Really!", 3),
        ("“Why?” he asked, and left.", 1),
        ("Use e.g. the blue form. It is faster.", 2),
        ("GOV. Lee spoke. MESSRS. Alder and Brook left.", 2),
        ("Prices rose in Sept. The rest fell.", 2),
        ("The fix is in Sec. 5 of the plan. Crews start soon.", 2),
        ("She works at Mr. Price. Stores open late.", 2),
        ("They met the Govs. Nobody spoke.", 2),
        ("The café. Done.", 2),
    ])
    func sentenceCount(_ text: String, _ expected: Int) {
        #expect(SentenceSplitter.split(text).count == expected, "\(SentenceSplitter.split(text))")
    }

    /// Packed keys: one per lowercased spelling, whatever the case it is written in.
    @Test func abbreviationKeysFollowTheLists() {
        for list in [SentenceSplitter.titleAbbreviations, SentenceSplitter.openerAbbreviations, SentenceSplitter.numberAbbreviations] {
            for word in list {
                let key = SentenceSplitter.abbreviationKey(Array(word.utf8))
                #expect(SentenceSplitter.abbreviationKey(Array(word.uppercased().utf8)) == key)
                #expect(SentenceSplitter.abbreviationKey(Array(word.capitalized.utf8)) == key)
            }
        }
        let all = SentenceSplitter.titleAbbreviations.union(SentenceSplitter.openerAbbreviations).union(SentenceSplitter.numberAbbreviations)
        #expect(Set(all.map { SentenceSplitter.abbreviationKey(Array($0.utf8)) }).count == all.count)
        #expect(SentenceSplitter.abbreviationKey(Array("no".utf8)) != SentenceSplitter.abbreviationKey(Array("nos".utf8)))
        #expect(SentenceSplitter.abbreviationKey(Array("é".utf8)) != SentenceSplitter.abbreviationKey(Array("É".utf8)))
    }

    @Test func closingQuoteStaysWithItsSentence() {
        let parts = SentenceSplitter.split("She said, “We will win.” The crowd cheered.")
        #expect(parts == ["She said, “We will win.”", "The crowd cheered."])
    }

    @Test func rangesMatchSplitAndAreTrimmed() {
        let text = "  First one here.   Second one there!  "
        let ranges = SentenceSplitter.byteRanges(in: text)
        let bytes = Array(text.utf8)
        let pieces = ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
        #expect(pieces == ["First one here.", "Second one there!"])
        #expect(pieces == SentenceSplitter.split(text))
    }

    @Test func overlongTextWithoutPunctuationIsCutAtSpaces() {
        let text = Array(repeating: "word", count: 1000).joined(separator: " ")
        let ranges = SentenceSplitter.byteRanges(in: text, maxSentenceBytes: 100)
        #expect(ranges.count > 40)
        #expect(ranges.allSatisfy { $0.count <= 100 })
        let bytes = Array(text.utf8)
        #expect(ranges.allSatisfy { bytes[$0.lowerBound] != 0x20 && bytes[$0.upperBound - 1] != 0x20 })
    }

    @Test func overlongCutNeverSplitsACharacter() {
        let text = String(repeating: "é", count: 500)  // no spaces at all
        let ranges = SentenceSplitter.byteRanges(in: text, maxSentenceBytes: 101)
        let bytes = Array(text.utf8)
        for range in ranges { #expect(String(validating: bytes[range], as: UTF8.self) != nil) }
        #expect(ranges.reduce(0) { $0 + $1.count } == bytes.count)
    }

    @Test func emptyAndBlankTextHaveNoSentences() {
        #expect(SentenceSplitter.split("").isEmpty)
        #expect(SentenceSplitter.split("   \n  ").isEmpty)
    }
}

@Suite struct WordPrimitiveTests {
    @Test func tokenizerSplitsOnPunctuationAndKeepsAccents() {
        #expect(WordTokenizer.words("The firm’s café—opened (2004) in São Paulo!") ==
                ["the", "firm", "s", "café", "opened", "2004", "in", "são", "paulo"])
    }

    @Test func stemmerJoinsInflections() {
        #expect(LightStemmer.stem("reports") == LightStemmer.stem("report"))
        #expect(LightStemmer.stem("reported") == "report")
        #expect(LightStemmer.stem("reporting") == "report")
        #expect(LightStemmer.stem("bus") == "bus")
        // Each rule, and words that only look close to one.
        let cases = ["boxes": "box", "talks": "talk", "spring": "spr", "sings": "sing", "seed": "seed",
                     "agreed": "agre", "cafés": "cafés", "readings": "reading", "glass": "glas", "ringing": "ring",
                     "thing": "th", "ended": "end", "bing": "bing", "xxing": "xx", "xxes": "xxes", "xxxed": "xxx"]
        for (word, stem) in cases { #expect(LightStemmer.stem(word) == stem, "\(word)") }
    }

    /// The branch-free ASCII form agrees with the checked one on every ending that matters.
    @Test func asciiStemmerAgrees() {
        let letters = Array("adegins".utf8)
        var wrong: [String] = []
        var word = [UInt8](repeating: 0x61, count: 8)
        for length in 1...8 {
            for tail in 0..<(letters.count * letters.count * letters.count) {
                word[max(0, length - 1)] = letters[tail % letters.count]
                if length >= 2 { word[length - 2] = letters[(tail / letters.count) % letters.count] }
                if length >= 3 { word[length - 3] = letters[tail / (letters.count * letters.count)] }
                let checked = word.withUnsafeMutableBufferPointer { LightStemmer.stem($0, length: length) }
                let fast = word.withUnsafeMutableBufferPointer { LightStemmer.stemASCII($0, length: length) }
                if checked != fast { wrong.append(String(decoding: word[0..<length], as: UTF8.self)) }
            }
        }
        #expect(wrong.isEmpty)
    }

    @Test func englishStopList() throws {
        let english = try #require(StopWords.forLanguage("en-GB"))
        #expect(english.contains("the"))
        #expect(english.contains("said"))
        #expect(!english.contains("harbor"))
        #expect(StopWords.forLanguage("xx") == nil)
    }
}
