import Testing
@testable import ReportKitTransformers

/// The byte pre-scan decides which rules run; a missed signal is a missed repair.
@Suite struct ParagraphScanTests {
    func signals(_ text: String) -> ScanSignals {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { ParagraphScan.signals($0) } ?? []
    }

    /// Word lengths around the 8-byte steps of the letter skip: every alignment is seen.
    @Test func signalsAtEveryAlignment() {
        for pad in 0..<20 {
            let lead = String(repeating: "w", count: pad + 1)
            #expect(signals("\(lead) extraordinarily extraordinarily long").contains(.repeatedWord), "pad \(pad)")
            #expect(signals("\(lead) and k said").contains(.loneLetter), "pad \(pad)")
            #expect(signals("\(lead) abcdefghijklmnopq.Thereafter").contains(.missingSpace), "pad \(pad)")
            #expect(signals("\(lead)abcdefghijklmnop , z").contains(.spaceBeforePunctuation), "pad \(pad)")
            #expect(!signals("\(lead) abcdefghijklmnopqrstuvwxyz bcdefghijklmnopqrstuvwxyza end").contains(.repeatedWord))
        }
    }

    @Test func cleanTextRaisesNothingARuleListensTo() {
        let clean = "The U.S. council met at 10 a.m. on Monday, e.g. to vote; it approved 3.5 percent (1,200 homes)."
        let listened: ScanSignals = [.encodingSuspect, .ampersand, .control, .cjkPunctuation, .oddSpace, .spaceBeforePunctuation,
                                     .punctuationRun, .missingSpace, .loneLetter, .repeatedWord, .repeatedSentence, .mixedQuotes,
                                     .sentenceStartsWithIt, .lineBreak, .leadingPunctuation]
        #expect(signals(clean).intersection(listened).isEmpty)
    }

    @Test func cjkMajorityIsSeen() {
        #expect(signals("上海市政府发布通知 OK").contains(.cjkMajority))
        #expect(!signals("The dish 麻婆豆腐 is spicy and popular").contains(.cjkMajority))
    }
}
