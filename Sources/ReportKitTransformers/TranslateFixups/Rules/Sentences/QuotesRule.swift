/// Catalogue class 15: unbalanced, mixed or spaced quotation marks.
///
/// Only paragraphs that already use curly marks are touched: stray straight marks are
/// curled to match, doubled curly marks are merged, spaces just inside a pair are trimmed,
/// and a curly mark facing the wrong way is turned. Straight-only paragraphs are left.
enum QuotesRule {
    static let description = RuleDescription(
        name: "quotes", group: .sentences, catalogueClass: 15,
        summary: "Makes quotation marks consistent within a paragraph that uses curly marks: curls stray straight marks, merges doubled marks, trims spaces inside a pair, turns a wrong-way mark.",
        neverTouches: "Straight-only paragraphs, `5'10\"`, `'90s` in straight text, a quotation left open for the next paragraph, nested quotes.",
        defaultMode: .fix,
        examples: [
            .keeps("In the '90s it was \"cheap,\" he said; he is 5'10\"."),
            .keeps("“We lost everything.\n“Now we start again,” she said."),
            .fixes("Residents called it \"unbearable” and the city’s reply slow.", to: "Residents called it “unbearable” and the city’s reply slow."),
            .fixes("The team’s “ hard work ” paid off for the club's players.", to: "The team’s “hard work” paid off for the club’s players."),
            .fixes("It was a ““major” step, he said of the “pilot zone“.", to: "It was a “major” step, he said of the “pilot zone”."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.mixedQuotes]) { text, _ in edits(text) }

    static let open2: [UInt8] = [0xE2, 0x80, 0x9C], close2: [UInt8] = [0xE2, 0x80, 0x9D]
    static let open1: [UInt8] = [0xE2, 0x80, 0x98], close1: [UInt8] = [0xE2, 0x80, 0x99]

    @inline(__always) static func isCurly(_ t: [UInt8], _ i: Int, _ third: UInt8) -> Bool {
        i + 2 < t.count && t[i] == 0xE2 && t[i + 1] == 0x80 && t[i + 2] == third
    }

    /// Before a mark: does it open? (Start, a space, an opening bracket or dash.)
    static func opensAfter(_ v: UInt32?) -> Bool {
        guard let v else { return true }
        return ByteText.isSpaceScalar(v) || v == 0x28 || v == 0x5B || v == 0x7B || v == 0x2014 || v == 0x2013 || v == 0x2F || v == 0x201C || v == 0x2018
    }

    static func edits(_ t: [UInt8]) -> [ByteEdit] {
        guard QuoteStyle.prefersCurly(t, document: false) else { return [] }
        let lastClosingSingle = lastClosingSinglePosition(t)
        var edits: [ByteEdit] = []
        let n = t.count
        var open = false
        var i = 0
        while i < n {
            let b = t[i]
            if b == 0x22 {
                let prev = ByteText.scalar(t, before: i)
                if let p = prev, p < 0x80, ByteText.isDigit(UInt8(p)) { i += 1; continue } // 5'10"
                let opening = opensAfter(prev) && !open
                if opening {
                    let after = ByteText.skipSpaces(t, from: i + 1)
                    edits.append(ByteEdit(i, after, open2)); open = true
                    i = after
                } else {
                    let before = open ? ByteText.skipSpacesBackward(t, before: i) : i
                    edits.append(ByteEdit(before, i + 1, close2)); open = false
                    i += 1
                }
                continue
            }
            if b == 0x27 {
                let prev = ByteText.scalar(t, before: i)
                let next = ByteText.scalar(t, after: i + 1)
                if let p = prev, p < 0x80, ByteText.isDigit(UInt8(p)), next.map({ $0 < 0x80 && ByteText.isDigit(UInt8($0)) }) != true,
                   next.map(ByteText.isLetterScalar) != true { i += 1; continue } // 5'
                if opensAfter(prev), let nx = next, ByteText.isLetterScalar(nx), lastClosingSingle > i {
                    edits.append(ByteEdit(i, i + 1, open1))
                } else {
                    edits.append(ByteEdit(i, i + 1, close1))
                }
                i += 1
                continue
            }
            if isCurly(t, i, 0x9C) {
                if isCurly(t, i + 3, 0x9C) { edits.append(ByteEdit(i, i + 3, [UInt8]())); i += 3; continue } // ““
                let next = ByteText.scalar(t, after: i + 3)
                let endsHere = next == nil || next.map { ByteText.isSpaceScalar($0) || $0 == 0x2E || $0 == 0x2C || $0 == 0x3B || $0 == 0x3A || $0 == 0x3F || $0 == 0x21 } == true
                if open, endsHere, !opensAfter(ByteText.scalar(t, before: i)) {
                    edits.append(ByteEdit(i, i + 3, close2)); open = false; i += 3; continue
                }
                open = true
                let after = ByteText.skipSpaces(t, from: i + 3)
                if after > i + 3, after < n, t[after] != 0x0A, !isCurly(t, after, 0x9D) { edits.append(ByteEdit(i + 3, after, [UInt8]())) }
                i = after
                continue
            }
            if isCurly(t, i, 0x9D) {
                if i >= 3, isCurly(t, i - 3, 0x9D) { edits.append(ByteEdit(i, i + 3, [UInt8]())); i += 3; continue } // ””
                let prev = ByteText.scalar(t, before: i)
                let next = ByteText.scalar(t, after: i + 3)
                if !open, opensAfter(prev), let nx = next, ByteText.isLetterScalar(nx) {
                    edits.append(ByteEdit(i, i + 3, open2)); open = true; i += 3; continue
                }
                if open {
                    let before = ByteText.skipSpacesBackward(t, before: i)
                    if before < i, before > 0, t[before - 1] != 0x0A { edits.append(ByteEdit(before, i, [UInt8]())) }
                }
                open = false
                i += 3
                continue
            }
            i += 1
        }
        return merge(edits)
    }

    /// The position of the last closing single mark (a `'` or `’` after a letter and
    /// before a non-letter), or -1: one pass, so the rule stays linear.
    static func lastClosingSinglePosition(_ t: [UInt8]) -> Int {
        var j = 0
        var last = -1
        while j < t.count {
            let isStraight = t[j] == 0x27
            let isCurlyClose = isCurly(t, j, 0x99)
            if isStraight || isCurlyClose {
                let width = isStraight ? 1 : 3
                let next = ByteText.scalar(t, after: j + width)
                let prev = ByteText.scalar(t, before: j)
                if let p = prev, ByteText.isLetterScalar(p) || p == 0x2E || p == 0x2C, next.map(ByteText.isLetterScalar) != true { last = j }
                j += width
                continue
            }
            j += 1
        }
        return last
    }

    /// Sorted, non-overlapping edits (a trim and a replacement may touch).
    static func merge(_ edits: [ByteEdit]) -> [ByteEdit] {
        var out: [ByteEdit] = []
        for edit in edits.sorted(by: { $0.start < $1.start }) {
            if let last = out.last, edit.start < last.end { continue }
            out.append(edit)
        }
        return out
    }
}
