/// Catalogue class 20: terminal escape sequences, control characters and Latin ligatures.
enum ControlCharactersRule {
    static let description = RuleDescription(
        name: "control-characters", group: .encoding, catalogueClass: 20,
        summary: "Removes terminal escape sequences (`\\u{1B}[0m`) and C0 control characters; reads C1 controls as the Windows-1252 characters they stand for (`\\u{85}` → `…`); spells out Latin ligatures (`ﬁ` → `fi`).",
        neverTouches: "Tabs and line breaks, ZWJ/ZWNJ, every printable character.",
        defaultMode: .fix,
        examples: [
            .keeps("Tabs\tstay, and so does the emoji 👩‍💻."),
            .fixes("\u{1B}[1mBold\u{1B}[0m text", to: "Bold text"),
            .fixes("The ﬁnal ﬂight left.", to: "The final flight left."),
            .fixes("Price rose\u{7}\u{85} and \u{93}fell\u{94}\u{81}.", to: "Price rose… and “fell”."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.control]) { text, _ in edits(text) }

    static let ligatures: [[UInt8]] = ["ff", "fi", "fl", "ffi", "ffl", "st", "st"].map { Array($0.utf8) }

    static func edits(_ text: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b == 0x1B {
                // CSI: ESC [ parameters final-letter; otherwise ESC and one character.
                var j = i + 1
                if j < n, text[j] == 0x5B {
                    j += 1
                    while j < n, text[j] >= 0x20, text[j] <= 0x3F { j += 1 }
                    if j < n, text[j] >= 0x40, text[j] <= 0x7E { j += 1 }
                } else if j < n, text[j] < 0x80 {
                    j += 1
                }
                edits.append(ByteEdit(i, j, [UInt8]()))
                i = j
                continue
            }
            if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F {
                edits.append(ByteEdit(i, i + 1, [UInt8]())); i += 1; continue
            }
            if b == 0xC2, i + 1 < n, text[i + 1] >= 0x80, text[i + 1] <= 0x9F {
                // A C1 control is almost always a Windows-1252 character read as Latin-1 (`\u{85}` → `…`).
                let v = Windows1252.scalar(for: text[i + 1])
                edits.append(ByteEdit(i, i + 2, v >= 0xA0 ? ByteText.encode(v) : [UInt8]())); i += 2; continue
            }
            if b == 0xEF, i + 2 < n, text[i + 1] == 0xAC, text[i + 2] <= 0x86 {
                edits.append(ByteEdit(i, i + 3, ligatures[Int(text[i + 2] - 0x80)])); i += 3; continue
            }
            i += 1
        }
        return edits
    }
}
