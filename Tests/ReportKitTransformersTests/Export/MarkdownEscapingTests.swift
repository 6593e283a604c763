import Testing
@testable import ReportKitTransformers

/// Text put into Markdown must read as the same text, not as Markdown.
@Suite struct MarkdownEscapingTests {
    @Test func plainTextComesBackUnchanged() {
        let plain = "The council met on Monday, and the vote (12 to 3) passed — “finally,” one said."
        #expect(Escaping.markdown(plain) == plain)
        #expect(Escaping.markdown("") == "")
    }

    @Test func marksAreEscapedAnywhere() {
        #expect(Escaping.markdown("a *b* _c_ `d` [e] <f> g|h \\ i") == "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\] \\<f> g\\|h \\\\ i")
    }

    @Test func blockOpenersAreEscapedOnlyAtTheStartOfALine() {
        #expect(Escaping.markdown("# Not a heading\n- not a list\n> not a quote\nplus + minus - equals =")
                == "\\# Not a heading\n\\- not a list\n\\> not a quote\nplus + minus - equals =")
        #expect(Escaping.markdown("1. first\n12) twelfth\n2024 was a year") == "1\\. first\n12\\) twelfth\n2024 was a year")
        #expect(Escaping.markdown("    indented\n\tcode") == "indented\ncode", "leading spaces would make a code block")
    }

    @Test func singleLineFoldsLineBreaksIntoOneSpace() {
        #expect(Escaping.markdown("one\ntwo \r\nthree", singleLine: true) == "one two three")
        #expect(Escaping.markdown("- item\n- item", singleLine: true) == "\\- item - item")
    }

    /// The eight-at-a-time search answers as the byte test does, for every byte value, at
    /// every position of a vector and of the tail after the last whole vector.
    @Test func theVectorSearchFindsEveryEscapedByteWherever() {
        var wrong: [String] = []
        for length in [1, 7, 8, 9, 40] {
            for position in 0..<length {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    bytes[position] = UInt8(value)
                    let found = bytes.withUnsafeBufferPointer(Escaping.containsEscapedAnywhere)
                    if found != Escaping.escapedAnywhere(UInt8(value)) { wrong.append("byte \(value) at \(position) of \(length)") }
                }
            }
        }
        // Mixed words: prose bytes, UTF-8 and the odd mark side by side, against the byte test.
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("aZ ,.9'\"(-".utf8) + [0xE2, 0x80, 0x9C, 0x7F, 0x00] + [0x2A, 0x0A, 0x5D, 0x7C]
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                Int.random(in: 0..<10, using: &generator) == 0 ? alphabet.randomElement(using: &generator)!
                    : alphabet[Int.random(in: 0..<(alphabet.count - 4), using: &generator)]
            }
            if bytes.withUnsafeBufferPointer(Escaping.containsEscapedAnywhere) != bytes.contains(where: Escaping.escapedAnywhere) {
                wrong.append("\(bytes)")
            }
        }
        #expect(wrong.isEmpty)
        #expect(Escaping.escapedAnywhere(0x2A) && !Escaping.escapedAnywhere(0x61))
        #expect(![UInt8]().withUnsafeBufferPointer(Escaping.containsEscapedAnywhere))
    }
}
