/// Catalogue class 13: a sentence repeated right after itself, sometimes glued on without a space.
enum DuplicatedSentencesRule {
    static let description = RuleDescription(
        name: "duplicated-sentences", group: .sentences, catalogueClass: 13,
        summary: "Deletes a sentence of four or more words that repeats the sentence just before it.",
        neverTouches: "Short repeats (`No. No.`, `Go, go, go.`), repeats that are not adjacent, near-repeats.",
        defaultMode: .fix,
        examples: [
            .keeps("No. No. It was over. Then it was over again."),
            .fixes("The fair opens on May 5. The fair opens on May 5. Entry is free.", to: "The fair opens on May 5. Entry is free."),
            .fixes("Boats were late. Tickets were refunded in full.Tickets were refunded in full.", to: "Boats were late. Tickets were refunded in full."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.repeatedSentence]) { text, _ in edits(text) }

    /// Sentence spans (without the spaces between them).
    static func sentences(_ t: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        let n = t.count
        var start = ByteText.skipSpaces(t, from: 0)
        var i = start
        while i < n {
            let b = t[i]
            guard b == 0x2E || b == 0x3F || b == 0x21 else { i += 1; continue }
            var end = i + 1
            // Closing quotes and brackets belong to the sentence.
            while end < n {
                if t[end] == 0x22 || t[end] == 0x27 || t[end] == 0x29 { end += 1; continue }
                if t[end] == 0xE2, end + 2 < n, t[end + 1] == 0x80, t[end + 2] == 0x9D || t[end + 2] == 0x99 { end += 3; continue }
                break
            }
            let next = ByteText.skipSpaces(t, from: end)
            let glued = next == end && next + 1 < n && ByteText.isUpper(t[next]) && ByteText.isLower(t[next + 1])
                && i > 0 && ByteText.isLower(t[i - 1])
            if next == n || (next > end && (ByteText.isUpper(t[next]) || ByteText.isDigit(t[next]) || t[next] >= 0x80 || t[next] == 0x22)) || glued || t[next] == 0x0A {
                spans.append(start..<end)
                start = next
                i = next
                continue
            }
            i = end
        }
        if start < n { spans.append(start..<n) }
        return spans
    }

    static func edits(_ t: [UInt8]) -> [ByteEdit] {
        let spans = sentences(t)
        guard spans.count >= 2 else { return [] }
        var edits: [ByteEdit] = []
        var kept = spans[0]
        for span in spans.dropFirst() {
            if span.count == kept.count, t[span].elementsEqual(t[kept]), wordCount(t[span]) >= 4,
               !t[kept.upperBound..<span.lowerBound].contains(0x0A) {
                // Delete the repeat and the space before it.
                let end = span.upperBound
                edits.append(ByteEdit(edits.last?.end == kept.upperBound ? kept.upperBound : kept.upperBound, end, [UInt8]()))
                continue
            }
            kept = span
        }
        // Merge edits that follow one another (a sentence repeated three times).
        var merged: [ByteEdit] = []
        for edit in edits {
            if let last = merged.last, last.end == edit.start || last.start == edit.start {
                merged[merged.count - 1].end = max(last.end, edit.end)
            } else {
                merged.append(edit)
            }
        }
        return merged
    }

    static func wordCount(_ s: ArraySlice<UInt8>) -> Int {
        var count = 0, inWord = false
        for b in s {
            let w = ByteText.isWordByte(b)
            if w && !inWord { count += 1 }
            inWord = w
        }
        return count
    }
}
