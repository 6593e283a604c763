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

/// The eight-at-a-time search of space-before-punctuation stops where a byte-by-byte look
/// would: at each `(` and each space not followed by an ASCII letter or digit.
@Suite struct SpaceBeforePunctuationSearchTests {
    static func byteByByte(_ t: [UInt8], from i: Int) -> Int {
        var j = i
        while j < t.count {
            if t[j] == 0x28 || (t[j] == 0x20 && (j + 1 == t.count || !ByteText.isAlnum(t[j + 1]))) { return j }
            j += 1
        }
        return t.count
    }

    @Test func stopsWhereTheByteLoopStops() {
        let alphabet: [UInt8] = Array("aZz09 (,.;'\n@[`{/:".utf8) + [0xE2, 0x80, 0x9C, 0xC3, 0xA9, 0x7F, 0x00]
        var generator = SystemRandomNumberGenerator()
        var wrong: [String] = []
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...40, using: &generator)
            // Mostly letters and spaces, as prose is, with the odd other byte.
            let t = (0..<length).map { _ -> UInt8 in
                let roll = Int.random(in: 0..<10, using: &generator)
                return roll < 6 ? 0x61 : roll < 8 ? 0x20 : alphabet.randomElement(using: &generator)!
            }
            for start in 0...t.count where SpaceBeforePunctuationRule.nextCandidate(t, from: start) != Self.byteByByte(t, from: start) {
                wrong.append("\(t) from \(start)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(3))")
        #expect(SpaceBeforePunctuationRule.nextCandidate(Array("rose sharply ;analysts".utf8), from: 0) == 12)
    }
}
