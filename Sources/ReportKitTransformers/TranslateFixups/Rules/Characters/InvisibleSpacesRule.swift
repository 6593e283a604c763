/// Catalogue class 6: invisible characters and odd spaces.
enum InvisibleSpacesRule {
    static let description = RuleDescription(
        name: "spaces", group: .characters, catalogueClass: 6,
        summary: "Removes zero-width spaces, soft hyphens, BOMs and word joiners; turns NBSP, U+3000 and other wide spaces into a plain space; collapses runs of spaces.",
        neverTouches: "ZWJ and ZWNJ (emoji sequences, Indic and Persian scripts), tabs, line breaks.",
        defaultMode: .fix,
        examples: [
            .keeps("A family emoji 👨‍👩‍👧 and Persian می‌خواهم keep their joiners."),
            .fixes("The\u{A0}port  opens\u{200B} in May.", to: "The port opens in May."),
            .fixes("\u{FEFF}Tele\u{AD}scope\u{3000}data", to: "Telescope data"),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.oddSpace]) { text, _ in edits(text) }

    enum Kind { case remove, space, keep }

    @inline(__always) static func classify(_ v: UInt32) -> Kind {
        switch v {
        case 0x200B, 0x00AD, 0xFEFF, 0x2060, 0x180E: return .remove
        case 0x00A0, 0x3000, 0x2000...0x200A, 0x202F, 0x205F: return .space
        default: return .keep
        }
    }

    static func edits(_ text: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b < 0x80 && b != 0x20 { i += 1; continue }
            // A run of spaces and odd characters: rewrite it as at most one space.
            let start = i
            var j = i
            var spaces = 0, odd = false, visible: [UInt8] = []
            while j < n {
                let c = text[j]
                if c == 0x20 { spaces += 1; j += 1; continue }
                if c < 0x80 { break }
                let (v, length) = ByteText.scalar(text, at: j)
                let kind = classify(v)
                if kind == .keep { break }
                odd = true
                if kind == .space { spaces += 1 }
                j += length
                _ = visible
            }
            if j == start { i += ByteText.scalar(text, at: i).length; continue }
            if odd || spaces > 1 {
                // No space at the very start or end of the paragraph, or before a line break.
                let atEdge = start == 0 || j == n || text[j] == 0x0A || text[start - 1] == 0x0A
                let replacement: [UInt8] = spaces > 0 && !atEdge ? [0x20] : []
                if text[start..<j].elementsEqual(replacement) == false { edits.append(ByteEdit(start, j, replacement)) }
            }
            i = j
        }
        return edits
    }
}
