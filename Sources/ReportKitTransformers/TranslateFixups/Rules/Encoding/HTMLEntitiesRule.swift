import Foundation

/// Catalogue class 2: HTML character references left in text (`&amp;`, `&#8220;`,
/// `&amp;quot;`), unescaped against the full HTML5 table, once more for double escaping.
enum HTMLEntitiesRule {
    static let description = RuleDescription(
        name: "html-entities", group: .encoding, catalogueClass: 2,
        summary: "Unescapes HTML character references (`&amp;`, `&#8217;`, `&#x2014;`, all HTML5 names), twice for `&amp;quot;`.",
        neverTouches: "Bare ampersands (`P&G`, `S&P 500`), unknown names, references without the closing `;`.",
        defaultMode: .fix,
        examples: [
            .keeps("Shares of P&G and the S&P 500 rose; AT&T fell."),
            .keeps("Write &unknown; as it is."),
            .fixes("Smith &amp; Sons rose 5&#37; &ndash; a record.", to: "Smith & Sons rose 5% – a record."),
            .fixes("He said &amp;quot;yes&amp;quot;.", to: "He said \"yes\"."),
            .fixes("A&#x2014;B and &#8220;C&#8221;", to: "A—B and “C”"),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.ampersand]) { text, _ in edits(text) }

    /// Name → code points, parsed once from the packed table: a scan of its bytes (splitting
    /// and trimming each entry through Foundation took about 15 ms, paid by every process
    /// that met an `&`).
    static let table: [String: [UInt32]] = {
        var table: [String: [UInt32]] = [:]
        table.reserveCapacity(2200)
        var packed = HTMLEntityTable.packed
        packed.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            while i < n {
                while i < n, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
                let nameStart = i
                while i < n, bytes[i] != 0x20, bytes[i] != 0x3B { i += 1 }
                guard i < n, bytes[i] == 0x20, i > nameStart else {
                    i += 1  // an entry without code points: skipped, as before
                    continue
                }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<i]), as: UTF8.self)
                var points: [UInt32] = []
                var value: UInt32 = 0, digits = 0
                i += 1
                while i < n, bytes[i] != 0x3B {
                    let b = bytes[i] | 0x20
                    if b >= 0x30 && b <= 0x39 { value = value &* 16 &+ UInt32(b - 0x30); digits += 1 }
                    else if b >= 0x61 && b <= 0x66 { value = value &* 16 &+ UInt32(b - 0x61 + 10); digits += 1 }
                    else if bytes[i] == 0x2C { if digits > 0 { points.append(value) }; value = 0; digits = 0 }
                    i += 1
                }
                if digits > 0 { points.append(value) }
                table[name] = points
                i += 1
            }
        }
        return table
    }()

    static func edits(_ text: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        var i = 0
        while i < text.count {
            guard text[i] == 0x26, let (end, scalars) = reference(text, at: i) else { i += 1; continue }
            var out: [UInt8] = []
            for v in scalars { ByteText.encode(v, into: &out) }
            // Double escaping: `&amp;quot;` → `&quot;` → `"`.
            if scalars == [0x26], let (end2, inner) = reference(text, at: end, leadingAmpersand: false) {
                out = []
                for v in inner { ByteText.encode(v, into: &out) }
                edits.append(ByteEdit(i, end2, out))
                i = end2
                continue
            }
            edits.append(ByteEdit(i, end, out))
            i = end
        }
        return edits
    }

    /// The reference starting at `i` (at its `&`, or just after it when `leadingAmpersand` is false):
    /// its end and the scalars it stands for.
    static func reference(_ t: [UInt8], at i: Int, leadingAmpersand: Bool = true) -> (Int, [UInt32])? {
        var j = leadingAmpersand ? i + 1 : i
        guard j < t.count else { return nil }
        if t[j] == 0x23 { // numeric
            j += 1
            var hex = false
            if j < t.count, t[j] | 0x20 == 0x78 { hex = true; j += 1 }
            var value: UInt32 = 0
            let digitsStart = j
            while j < t.count, j - digitsStart < 8 {
                let b = t[j]
                if ByteText.isDigit(b) { value = value &* (hex ? 16 : 10) &+ UInt32(b - 0x30) }
                else if hex, (b | 0x20) &- 0x61 < 6 { value = value &* 16 &+ UInt32((b | 0x20) - 0x61 + 10) }
                else { break }
                j += 1
            }
            guard j > digitsStart, j < t.count, t[j] == 0x3B else { return nil }
            if value >= 0x80 && value <= 0x9F { value = Windows1252.scalar(for: UInt8(value)) }
            if value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { value = 0xFFFD }
            return (j + 1, [value])
        }
        let nameStart = j
        while j < t.count, ByteText.isAlnum(t[j]), j - nameStart < 32 { j += 1 }
        guard j > nameStart, j < t.count, t[j] == 0x3B else { return nil }
        guard let points = table[ByteText.string(t[nameStart..<j])] else { return nil }
        return (j + 1, points)
    }
}
