/// Catalogue class 5: full-width Latin letters, digits and symbols (`ＣＰＩ`, `３％`) in a
/// Latin-script line. Subtracts 0xFEE0; not NFKC, which would also rewrite `½`, `™`, `…`.
enum FullWidthRule {
    static let description = RuleDescription(
        name: "full-width", group: .characters, catalogueClass: 5,
        summary: "Turns full-width ASCII (`ＣＰＩ`, `３％`, `－`) into ASCII in Latin-script lines.",
        neverTouches: "Lines mostly in CJK; `½`, `™`, `…`, ligatures; the full-width sentence punctuation `，：；？！（）`, which `cjk-punctuation` spaces properly.",
        defaultMode: .fix,
        examples: [
            .keeps("Prices rose ½ percent; the ™ sign and … stay."),
            .keeps("价格上涨了３％。"),
            .fixes("The ＣＰＩ rose ３％ in Ｍａｙ.", to: "The CPI rose 3% in May."),
            .fixes("Model ＡＢ－１２ ships now.", to: "Model AB-12 ships now."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.cjkPunctuation]) { text, _ in edits(text) }

    /// Left to `cjk-punctuation`, which also fixes the spacing around them.
    static func isSentencePunctuation(_ ascii: UInt8) -> Bool {
        ascii == 0x2C || ascii == 0x3A || ascii == 0x3B || ascii == 0x3F || ascii == 0x21 || ascii == 0x28 || ascii == 0x29
    }

    static func edits(_ text: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        var i = 0
        while i + 2 < text.count {
            if text[i] < 0x80 { i = ByteText.nextNonASCII(text, from: i); continue }
            if text[i] == 0xEF, text[i + 1] == 0xBC || text[i + 1] == 0xBD {
                let v = ByteText.scalar(text, at: i).value
                if v >= 0xFF01 && v <= 0xFF5E {
                    let ascii = UInt8(v - 0xFEE0)
                    if !isSentencePunctuation(ascii) { edits.append(ByteEdit(i, i + 3, [ascii])) }
                }
                i += 3
                continue
            }
            i += 1
        }
        return edits
    }
}
