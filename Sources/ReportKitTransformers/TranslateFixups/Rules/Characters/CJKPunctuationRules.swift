/// Catalogue classes 3 and 4: CJK punctuation left in English text by machine translation.
/// Both rules give the ASCII mark English spacing: none before, one after.
enum CJKPunctuationRule {
    static let description = RuleDescription(
        name: "cjk-punctuation", group: .characters, catalogueClass: 3,
        summary: "Maps CJK and full-width punctuation (`，` `。` `：` `；` `？` `！` `（）` `「」` `【】` `——` `……`) to English marks with English spacing; corner brackets take the paragraph's quote style.",
        neverTouches: "Lines mostly in CJK, which keep their own punctuation; commas between digits get no space.",
        defaultMode: .fix,
        examples: [
            .keeps("欢迎光临，请出示门票。"),
            .keeps("The ceremony (held in 2021) was short."),
            .fixes("Sales rose，while costs fell。", to: "Sales rose, while costs fell."),
            .fixes("Will it open？Officials said yes（after a review）。", to: "Will it open? Officials said yes (after a review)."),
            .fixes("The sign read 「No entry」 and the guard said \"closed\".", to: "The sign read \"No entry\" and the guard said \"closed\"."),
            .fixes("The sign read 「No entry」 and the guard’s “closed”.", to: "The sign read “No entry” and the guard’s “closed”."),
            .fixes("It waited——a long time……", to: "It waited—a long time…"),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.cjkPunctuation]) { text, context in
        edits(text, context: context)
    }

    enum Mark { case trailing(UInt8), opening(UInt8), closing(UInt8), quote(open: Bool, double: Bool), collapse(UInt32) }

    static func mark(for v: UInt32) -> Mark? {
        switch v {
        case 0xFF0C: return .trailing(0x2C)
        case 0xFF1A: return .trailing(0x3A)
        case 0xFF1B: return .trailing(0x3B)
        case 0xFF1F: return .trailing(0x3F)
        case 0xFF01: return .trailing(0x21)
        case 0x3002: return .trailing(0x2E)
        case 0xFF08: return .opening(0x28)
        case 0xFF09: return .closing(0x29)
        case 0x3010, 0x3014: return .opening(0x5B)
        case 0x3011, 0x3015: return .closing(0x5D)
        case 0x300C, 0x300A: return .quote(open: true, double: true)
        case 0x300D, 0x300B: return .quote(open: false, double: true)
        case 0x300E, 0x3008: return .quote(open: true, double: false)
        case 0x300F, 0x3009: return .quote(open: false, double: false)
        case 0x2014, 0x2026: return .collapse(v)
        default: return nil
        }
    }

    static func edits(_ text: [UInt8], context: ParagraphContext) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        var curly: Bool?
        var i = 0
        let n = text.count
        while i < n {
            if text[i] < 0x80 { i = ByteText.nextNonASCII(text, from: i); continue }
            guard text[i] >= 0xE2 else { i += 1; continue }
            let (v, length) = ByteText.scalar(text, at: i)
            guard let mark = mark(for: v) else { i += length; continue }
            switch mark {
            case .collapse(let c):
                // A doubled em dash or ellipsis (Chinese style) becomes one.
                var j = i + length
                while j + 2 < n, ByteText.scalar(text, at: j).value == c { j += 3 }
                if j > i + length { edits.append(ByteEdit(i, j, ByteText.encode(c))) }
                i = j
            case .trailing(let ascii):
                let before = ByteText.skipSpacesBackward(text, before: i)
                let afterSpaces = ByteText.skipSpaces(text, from: i + length)
                var out: [UInt8] = [ascii]
                let betweenDigits = ascii == 0x2C && before > 0 && ByteText.isDigit(text[before - 1])
                    && afterSpaces == i + length && afterSpaces < n && ByteText.isDigit(text[afterSpaces])
                if !betweenDigits, needsSpaceAfter(text, afterSpaces) { out.append(0x20) }
                edits.append(ByteEdit(before, afterSpaces, out))
                i = afterSpaces
            case .opening(let ascii):
                var out: [UInt8] = []
                if i > 0, let p = ByteText.scalar(text, before: i), !ByteText.isSpaceScalar(p), !isOpener(p) { out.append(0x20) }
                out.append(ascii)
                let afterSpaces = ByteText.skipSpaces(text, from: i + length)
                edits.append(ByteEdit(i, afterSpaces, out))
                i = afterSpaces
            case .closing(let ascii):
                let before = ByteText.skipSpacesBackward(text, before: i)
                var out: [UInt8] = [ascii]
                if i + length < n, ByteText.isAlnum(text[i + length]) { out.append(0x20) }
                edits.append(ByteEdit(before, i + length, out))
                i += length
            case .quote(let open, let double):
                if curly == nil { curly = QuoteStyle.prefersCurly(text, document: context.documentPrefersCurly) }
                let replacement: String
                switch (double, curly!) {
                case (true, true): replacement = open ? "“" : "”"
                case (true, false): replacement = "\""
                case (false, true): replacement = open ? "‘" : "’"
                case (false, false): replacement = "'"
                }
                edits.append(ByteEdit(i, i + length, replacement))
                i += length
            }
        }
        return edits
    }

    static func isOpener(_ v: UInt32) -> Bool {
        v == 0x28 || v == 0x5B || v == 0x7B || v == 0x201C || v == 0x2018 || v == 0x22 || v == 0x27
    }

    /// One space after a mark unless the text ends, a closer or another mark follows,
    /// or a comma sits between digits (`3，000`).
    static func needsSpaceAfter(_ t: [UInt8], _ j: Int) -> Bool {
        guard j < t.count else { return false }
        let next = ByteText.scalar(t, at: j).value
        if next == 0x0A { return false }
        switch next {
        case 0x2C, 0x2E, 0x3B, 0x3A, 0x3F, 0x21, 0x29, 0x5D, 0x7D, 0x201D, 0x2019, 0xFF09, 0x300D, 0x300F, 0x3011, 0x300B:
            return false
        case 0x22, 0x27:
            return j + 1 < t.count && ByteText.isLetter(t[j + 1])
        default:
            return mark(forNext: next)
        }
    }

    private static func mark(forNext v: UInt32) -> Bool {
        if case .trailing? = mark(for: v) { return false }
        return true
    }
}

enum EnumerationCommaRule {
    static let description = RuleDescription(
        name: "enumeration-comma", group: .characters, catalogueClass: 4,
        summary: "Turns the ideographic enumeration comma `、` into `, ` between list items.",
        neverTouches: "Lines mostly in CJK; the author's own serial comma (none is added or removed).",
        defaultMode: .fix,
        examples: [
            .keeps("苹果、香蕉和橘子"),
            .fixes("It grows tea、rice and maize.", to: "It grows tea, rice and maize."),
            .fixes("It grows tea 、rice 、 and maize.", to: "It grows tea, rice, and maize."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.cjkPunctuation]) { text, _ in edits(text) }

    static func edits(_ text: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        var i = 0
        while i + 2 < text.count {
            if text[i] < 0x80 { i = ByteText.nextNonASCII(text, from: i); continue }
            if text[i] == 0xE3, text[i + 1] == 0x80, text[i + 2] == 0x81 {
                let before = ByteText.skipSpacesBackward(text, before: i)
                let after = ByteText.skipSpaces(text, from: i + 3)
                edits.append(ByteEdit(before, after, after < text.count ? ", " : ","))
                i = after
                continue
            }
            i += 1
        }
        return edits
    }
}

/// The quote style of a paragraph, for marks a rule has to choose.
enum QuoteStyle {
    /// Curly when the paragraph already uses curly marks; straight when it uses straight
    /// double quotes only; otherwise the document's preference.
    static func prefersCurly(_ t: [UInt8], document: Bool) -> Bool {
        var curly = false, straight = false
        var i = 0
        while i < t.count {
            let b = t[i]
            if b == 0x22 { straight = true }
            if b == 0xE2, i + 2 < t.count, t[i + 1] == 0x80, t[i + 2] >= 0x98, t[i + 2] <= 0x9D, t[i + 2] != 0x9A, t[i + 2] != 0x9B {
                curly = true
            }
            i += 1
        }
        if curly { return true }
        if straight { return false }
        return document
    }
}
