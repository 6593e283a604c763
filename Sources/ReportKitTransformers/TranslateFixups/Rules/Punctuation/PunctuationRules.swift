import ReportKit

/// Catalogue classes 7–10: punctuation that machine translation and scraping leave
/// orphaned, doubled, or spaced the wrong way. Each rule carries the guards that keep
/// abbreviations, numbers, addresses, ellipses and emoticons intact.
enum PunctuationMarks {
    @inline(__always) static func isSentenceMark(_ b: UInt8) -> Bool {
        b == 0x2E || b == 0x2C || b == 0x3B || b == 0x3A || b == 0x3F || b == 0x21
    }

    /// Whether the paragraph writes French guillemets, where a space before `: ; ? !` is correct.
    static func hasGuillemets(_ t: [UInt8]) -> Bool {
        var i = 0
        while i + 1 < t.count {
            if t[i] == 0xC2, t[i + 1] == 0xAB || t[i + 1] == 0xBB { return true }
            i += 1
        }
        return false
    }
}

/// Class 8: `farmers. , and` → `farmers, and`; `growth. .` → `growth.`; a line opening with `, `.
enum OrphanedPunctuationRule {
    static let description = RuleDescription(
        name: "orphaned-punctuation", group: .punctuation, catalogueClass: 8,
        summary: "Merges punctuation left behind by sentence splicing (`word. , and` → `word, and`; `word. .` → `word.`; `, ,` → `,`) and drops a mark that opens a line.",
        neverTouches: "A spaced ellipsis (`. . .`), `?!`, `etc.,`, lines that start with an ellipsis.",
        defaultMode: .fix,
        examples: [
            .keeps("The law says a tenant \"shall not . . . sublet\" the flat."),
            .keeps("They sell rice, oil, etc., at fixed prices."),
            .fixes("It serves 300 homes. , and more are planned. .", to: "It serves 300 homes, and more are planned."),
            .fixes("Rain fell in May, , and June.\n. Farmers waited.", to: "Rain fell in May, and June.\nFarmers waited."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.punctuationRun, .leadingPunctuation, .lineBreak]) { text, _ in
        edits(text)
    }

    static func edits(_ t: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        let n = t.count
        var i = 0
        while i < n {
            // Nothing happens but at a mark: skip to the next one.
            i = ByteText.next(t, from: i, where: PunctuationMarks.isSentenceMark)
            guard i < n else { break }
            let atLineStart = i == 0 || t[i - 1] == 0x0A
            let b = t[i]
            if atLineStart, b == 0x2E || b == 0x2C || b == 0x3B || b == 0x3A, i + 1 < n, t[i + 1] == 0x20 {
                let after = ByteText.skipSpaces(t, from: i + 1)
                if after < n, t[after] != 0x2E, ByteText.isWordByte(t[after]) || t[after] == 0x22 {
                    // The line now starts with the next word: give it its capital.
                    if ByteText.isLower(t[after]), after + 1 < n, ByteText.isLetter(t[after + 1]) {
                        edits.append(ByteEdit(i, after + 1, [t[after] - 0x20]))
                        i = after + 1
                        continue
                    }
                    edits.append(ByteEdit(i, after, [UInt8]()))
                    i = after
                    continue
                }
            }
            guard PunctuationMarks.isSentenceMark(b), i + 1 < n, t[i + 1] == 0x20 else { i += 1; continue }
            let k = ByteText.skipSpaces(t, from: i + 1)
            guard k < n else { i += 1; continue }
            let p2 = t[k]
            guard p2 == 0x2E || p2 == 0x2C || p2 == 0x3B || p2 == 0x3A else { i += 1; continue }
            // A spaced ellipsis: `. . .` (either dot may be part of it).
            if b == 0x2E, p2 == 0x2E {
                let continues = k + 2 < n && t[k + 1] == 0x20 && t[k + 2] == 0x2E
                let preceded = i >= 2 && t[i - 1] == 0x20 && t[i - 2] == 0x2E
                if continues || preceded { i = k + 1; continue }
            }
            // The second mark must stand alone: followed by a space, a line break or the end.
            guard k + 1 == n || t[k + 1] == 0x20 || t[k + 1] == 0x0A else { i += 1; continue }
            // The first must follow a word, not another mark (`?!` and the like stay).
            guard i > 0, t[i - 1] != 0x20, !PunctuationMarks.isSentenceMark(t[i - 1]) else { i += 1; continue }
            let next = ByteText.skipSpaces(t, from: k + 1)
            let nextIsLower = next < n && ByteText.isLower(t[next])
            var keep: UInt8?
            switch (b, p2) {
            case _ where b == p2: keep = b
            case (0x2E, 0x2C): keep = nextIsLower ? 0x2C : 0x2E
            case (0x2C, 0x2E), (0x3B, 0x2E), (0x3A, 0x2E): keep = 0x2E
            case (0x3F, 0x2E), (0x21, 0x2E): keep = b
            case (0x2E, 0x3B), (0x2E, 0x3A), (0x2C, 0x3B), (0x2C, 0x3A): keep = p2
            case (0x3B, 0x2C), (0x3A, 0x2C): keep = b
            default: keep = nil
            }
            if let keep {
                edits.append(ByteEdit(i, k + 1, [keep]))
                i = k + 1
            } else {
                i += 1
            }
        }
        return edits
    }
}

/// Class 7: `week,,` → `week,`; `said..` → `said.`; `;;` → `;`.
enum DoubledPunctuationRule {
    static let description = RuleDescription(
        name: "doubled-punctuation", group: .punctuation, catalogueClass: 7,
        summary: "Keeps one of a doubled `,` `;` `:` or of exactly two full stops.",
        neverTouches: "Ellipses (`...`), `?!` and `!!` in speech, `e.g.,`, `Inc.,`, `../path`, `std::vector`, empty CSV fields (`a,,b`).",
        defaultMode: .fix,
        examples: [
            .keeps("Wait... what?! See ../docs and std::vector; e.g., Acme Inc., a,,b."),
            .fixes("Two changes:: fares rise,, and buses run later.. Students pay less;; others more.",
                   to: "Two changes: fares rise, and buses run later. Students pay less; others more."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.punctuationRun]) { text, _ in edits(text) }

    static func edits(_ t: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        let n = t.count
        var i = 0
        while i + 1 < n {
            i = ByteText.next(t, from: i) { $0 == 0x2C || $0 == 0x3B || $0 == 0x3A || $0 == 0x2E }
            guard i + 1 < n else { break }
            let b = t[i]
            guard t[i + 1] == b else { i += 1; continue }
            var j = i
            while j < n, t[j] == b { j += 1 }
            let count = j - i
            defer { i = j }
            if b == 0x2E && count != 2 { continue }
            // Standing alone: after a word, before a space, a line break, a closing quote or the end.
            guard i > 0, ByteText.isWordByte(t[i - 1]) || t[i - 1] == 0x29 else { continue }
            if j < n {
                let c = t[j]
                let closer = c == 0x22 || c == 0x27 || c == 0x29 || (c == 0xE2 && j + 2 < n && (t[j + 2] == 0x9D || t[j + 2] == 0x99))
                guard c == 0x20 || c == 0x0A || closer else { continue }
            }
            if ByteText.looksLikeAddress(t, ByteText.token(t, around: i)) { continue }
            edits.append(ByteEdit(i, j, [b]))
        }
        return edits
    }
}

/// Class 9: `said , adding` → `said, adding`; `( the plan )` → `(the plan)`.
enum SpaceBeforePunctuationRule {
    static let description = RuleDescription(
        name: "space-before-punctuation", group: .punctuation, catalogueClass: 9,
        summary: "Deletes spaces before `, . ; : ? ! )` and after `(`.",
        neverTouches: "French spacing in paragraphs with guillemets, emoticons (` :)`), `.NET`, ` .5`, a spaced ellipsis, spaces at the start of a line.",
        defaultMode: .fix,
        examples: [
            .keeps("He smiled :) and said « Bonjour ! » before .NET and . . . the end."),
            .fixes("The dam , built in 1970 , holds water .", to: "The dam, built in 1970, holds water."),
            .fixes("Who pays ? The council ( which meets today ) has not said .", to: "Who pays? The council (which meets today) has not said."),
            .fixes("Prices rose ;analysts were surprised , and wary.", to: "Prices rose; analysts were surprised, and wary."),
            .keeps("The ratio is 3 : 1 in favour."),
            .fixes("China 's exports and the firm ’s plans rose.", to: "China's exports and the firm’s plans rose."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.spaceBeforePunctuation]) { text, _ in edits(text) }

    /// The first `(`, or space not followed by an ASCII letter or digit, at or after `i`;
    /// `t.count` when there is none. Eight bytes at a time: stopping at every space of a
    /// paragraph was most of this rule's time.
    static func nextCandidate(_ t: [UInt8], from i: Int) -> Int {
        t.withUnsafeBufferPointer { p in
            let n = p.count
            var j = i
            if let base = p.baseAddress {
                let raw = UnsafeRawPointer(base)
                while j &+ 9 <= n {
                    let v = ByteMasks.load(raw, at: j)
                    // Byte k of `after` is the byte after byte k of `v`.
                    let after = ByteMasks.load(raw, at: j &+ 1)
                    let alnumAfter = ByteMasks.letters(after) | ByteMasks.digits(after)
                    let found = (ByteMasks.equal(v, 0x20) & ~alnumAfter) | ByteMasks.equal(v, 0x28)
                    if found != 0 { return j &+ found.trailingZeroBitCount >> 3 }
                    j &+= 8
                }
            }
            while j < n {
                let b = p[j]
                if b == 0x28 || (b == 0x20 && (j &+ 1 == n || !ByteText.isAlnum(p[j &+ 1]))) { return j }
                j &+= 1
            }
            return n
        }
    }

    static func edits(_ t: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        let n = t.count
        var french: Bool?
        var i = 0
        while i < n {
            // A space before a letter or digit is left as it is (the common case): the search
            // stops only at `(` and at a space followed by anything else.
            i = nextCandidate(t, from: i)
            guard i < n else { break }
            let b = t[i]
            if b == 0x28, i + 1 < n, t[i + 1] == 0x20 {
                let e = ByteText.skipSpaces(t, from: i + 1)
                if e < n, t[e] != 0x29, t[e] != 0x0A { edits.append(ByteEdit(i + 1, e, [UInt8]())) }
                i = e
                continue
            }
            guard b == 0x20 else { i += 1; continue }
            let s = i
            let e = ByteText.skipSpaces(t, from: i)
            i = e
            // Before a word or a number there is nothing to do (the common case).
            guard e < n, s > 0, !ByteText.isAlnum(t[e]) else { continue }
            let before = t[s - 1]
            guard before != 0x0A, !PunctuationMarks.isSentenceMark(before), before != 0x28 else { continue }
            let m = t[e]
            let next: UInt8 = e + 1 < n ? t[e + 1] : 0x20
            // `China 's` → `China's`: a split possessive or contraction.
            if ByteText.isLetter(before), let length = splitClitic(t, at: e) {
                edits.append(ByteEdit(s, e, [UInt8]()))
                i = e + length
                continue
            }
            let standsAlone = next == 0x20 || next == 0x0A || e + 1 == n
            // `sharply ;analysts` → `sharply; analysts`: the space sits on the wrong side.
            if m == 0x2C || m == 0x3B, ByteText.isLetter(next), ByteText.isLetter(before) {
                edits.append(ByteEdit(s, e + 1, [m, 0x20]))
                i = e + 1
                continue
            }
            switch m {
            case 0x2C:
                guard !ByteText.isDigit(next) else { continue }
            case 0x2E:
                guard standsAlone || next == 0x22 || next == 0x29 || next == 0xE2 else { continue }
                if e + 2 < n, next == 0x20, t[e + 2] == 0x2E { continue }
            case 0x3A, 0x3B, 0x3F, 0x21:
                guard standsAlone || next == 0x22 || next == 0xE2 else { continue }
                // `3 : 1`, a ratio.
                if m == 0x3A, ByteText.isDigit(before) {
                    let k = ByteText.skipSpaces(t, from: e + 1)
                    if k < n, ByteText.isDigit(t[k]) { continue }
                }
                if french == nil { french = PunctuationMarks.hasGuillemets(t) }
                if french! { continue }
            case 0x29:
                break
            default:
                continue
            }
            edits.append(ByteEdit(s, e, [UInt8]()))
        }
        return edits
    }
}

extension SpaceBeforePunctuationRule {
    /// The length of `'s`, `’s`, `'t`, `’re`, `’ll`… at `i` when followed by a non-letter.
    static func splitClitic(_ t: [UInt8], at i: Int) -> Int? {
        var j = i
        if t[j] == 0x27 { j += 1 } else if j + 2 < t.count, t[j] == 0xE2, t[j + 1] == 0x80, t[j + 2] == 0x99 { j += 3 } else { return nil }
        let word = ByteText.wordAfter(t, j)
        let clitics: Set<[UInt8]> = [[0x73], [0x74], [0x64], [0x6D], [0x72, 0x65], [0x76, 0x65], [0x6C, 0x6C]]
        guard clitics.contains(Array(t[word])) else { return nil }
        if word.upperBound < t.count, ByteText.isWordByte(t[word.upperBound]) || t[word.upperBound] == 0x27 { return nil }
        return word.upperBound - i
    }
}

/// Class 10: `2020.The` → `2020. The`; `cities,while` → `cities, while`.
enum MissingSpaceAfterPunctuationRule {
    static let description = RuleDescription(
        name: "missing-space-after-punctuation", group: .punctuation, catalogueClass: 10,
        summary: "Inserts the missing space after `. ? !` before a capitalized word, and after `, ;` (and `:` before a capitalized word) before a letter.",
        neverTouches: "`U.S.`, `e.g.`, `a.m.`, `Ph.D.`, `No.1`, `3.5`, `1,200`, `7:30`, URLs, e-mail addresses, file names, `Node.js`, `&amp;`.",
        defaultMode: .fix,
        examples: [
            .keeps("The U.S. team, e.g. at 10 a.m., met a Ph.D. student at No.1 school: 3.5 hours, 1,200 fans."),
            .keeps("See www.example.org/News, mail desk@example.com, open report_v2.Final.txt or Node.js."),
            .fixes("It is 12.6 km long.Work began in 2020,and it opened in 2024.The end?Yes;mostly.",
                   to: "It is 12.6 km long. Work began in 2020, and it opened in 2024. The end? Yes; mostly."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.missingSpace]) { text, _ in edits(text) }

    static func edits(_ t: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        let n = t.count
        var i = 1
        while i + 1 < n {
            let b = t[i]
            guard b == 0x2E || b == 0x2C || b == 0x3B || b == 0x3A || b == 0x3F || b == 0x21, ByteText.isLetter(t[i + 1]) else {
                i += 1; continue
            }
            let capitalWord = ByteText.isUpper(t[i + 1]) && i + 2 < n && ByteText.isLower(t[i + 2])
            var insert = false
            switch b {
            case 0x2E, 0x3F, 0x21, 0x3A:
                guard capitalWord else { break }
                let word = ByteText.wordBefore(t, i)
                if word.count >= 2 {
                    // `long.Work`, `Mr.Smith`; not `Ph.D`, `U.S`, `ASP.NET`.
                    let rest = t[(word.lowerBound + 1)..<word.upperBound]
                    let startsClean = word.lowerBound == 0 || !ByteText.isAlnum(t[word.lowerBound - 1]) && t[word.lowerBound - 1] != 0x2E
                    insert = startsClean && rest.allSatisfy(ByteText.isLower)
                } else if word.isEmpty, b == 0x2E || b == 0x3F || b == 0x21 {
                    // A year or a count: `in 2020.The`.
                    var d = i
                    while d > 0, ByteText.isDigit(t[d - 1]) { d -= 1 }
                    insert = i - d >= 2 && (d == 0 || t[d - 1] == 0x20)
                }
            case 0x2C, 0x3B:
                let p = t[i - 1]
                // `9 p.m.,and` too: an abbreviation's dot before the comma.
                insert = ByteText.isLetter(p) || ByteText.isDigit(p) || p == 0x29 || p >= 0x80 || (p == 0x2E && ByteText.isLower(t[i + 1]))
                if b == 0x3B, insert, isEntity(t, endingAt: i) { insert = false }
            default:
                break
            }
            if insert, !ByteText.looksLikeAddress(t, ByteText.token(t, around: i)) {
                edits.append(ByteEdit(i + 1, i + 1, " "))
            }
            i += 1
        }
        return edits
    }

    /// Whether `;` at `i` closes something written like an HTML reference (`&amp;`).
    static func isEntity(_ t: [UInt8], endingAt i: Int) -> Bool {
        var j = i - 1
        while j >= 0, i - j < 34, ByteText.isAlnum(t[j]) || t[j] == 0x23 { j -= 1 }
        return j >= 0 && t[j] == 0x26
    }
}
