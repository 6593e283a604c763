/// Catalogue class 1: UTF-8 text that was decoded with a single-byte code page (Windows-1252,
/// Latin-1, Windows-1250/1251/1253/1254/1257, ISO-8859-2, Mac Roman, code page 437), once or
/// several times, in the whole paragraph or in parts of it. `EncodingRepair` does the work;
/// `MojibakeBadness` decides, so that correct text in any language stays as it is.
enum MojibakeRule {
    static let description = RuleDescription(
        name: "mojibake", group: .encoding, catalogueClass: 1,
        summary: "Repairs UTF-8 text that was read with a single-byte code page — Windows-1252/Latin-1 (`cafÃ©` → `café`), Windows-1250/1251/1253/1254/1257, ISO-8859-2, Mac Roman, code page 437 — once or several times, in the whole paragraph or in runs of it, with NBSPs that became spaces, bytes lost to `?`/`�`, CESU-8 emoji and C1 controls.",
        neverTouches: "Correct text in any language (`SÃO PAULO`, `ВІКІ`, `NESTLÉ®`, `5×£35`, box drawing, math): a repair is kept only when it lowers the mojibake badness score; lines in CJK.",
        defaultMode: .fix,
        examples: [
            .keeps("SÃO PAULO — the state capital’s mayor spoke."),
            .keeps("The café’s crème brûlée costs £4."),
            .keeps("IL Y MARQUÉ… and SELKÄ\u{A0}EDELLÄ, 5×£35, NESTLÉ®, Brontë…”, 10 Å—."),
            .keeps("Москва — столица; «Да». ВІКІ, ПоздравЂаво, ├┤a┼┐a, (-1/2)! = √π"),
            .fixes("Ø±Ø³Ø§Ù„Ø© and HÃ”TEL", to: "رسالة and HÔTEL"),
            .fixes("The cafÃ© sells crÃ¨me brÃ»lÃ©e.", to: "The café sells crème brûlée."),
            .fixes("The mayorâ€™s office said â€œnoâ€\u{9D}.", to: "The mayor’s office said “no”."),
            .fixes("It isnÃ¢â‚¬â„¢t over.", to: "It isn’t over."),
            .fixes("The â€œpilot zoneâ€ opened.", to: "The “pilot zone” opened."),
            .fixes("РџСЂРёРІРµС‚ means hello.", to: "Привет means hello."),
            .fixes("Cr√®me fra√Æche at noon.", to: "Crème fraîche at noon."),
            .fixes("L’Ã©tÃ© and “Ã©tÃ©” were hot.", to: "L’été and “été” were hot."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.encodingSuspect]) { text, _ in edits(text) }

    /// Paragraphs longer than this (a whole file on one line) are left alone: the repair
    /// costs a few microseconds a character when everything in it looks like mojibake.
    static let maxParagraphBytes = 1 << 20

    static func edits(_ text: [UInt8]) -> [ByteEdit] {
        // Most paragraphs that wake the rule are clean text with a `£` or an `é`.
        guard text.count <= maxParagraphBytes, MojibakeBadness.mightScore(text) else { return [] }
        var scalars: [UInt32] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(text.count)
        offsets.reserveCapacity(text.count + 1)
        var i = 0
        while i < text.count {
            let (value, length) = ByteText.scalar(text, at: i)
            scalars.append(value)
            offsets.append(i)
            i += length
        }
        offsets.append(text.count)
        guard let repaired = EncodingRepair.repair(scalars) else { return [] }
        return edits(repaired, original: scalars, offsets: offsets)
    }

    /// One edit per stretch of characters that did not come through unchanged.
    static func edits(_ repaired: EncodingRepair.Traced, original: [UInt32], offsets: [Int]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        let m = repaired.scalars.count
        func unchanged(_ k: Int, at position: Int32) -> Bool {
            let lo = repaired.from[k], hi = repaired.to[k]
            return lo == position && hi == lo + 1 && original[Int(lo)] == repaired.scalars[k]
        }
        var covered: Int32 = 0
        var k = 0
        while k < m {
            if unchanged(k, at: covered) { covered += 1; k += 1; continue }
            let start = covered
            var end = covered
            var replacement: [UInt8] = []
            while k < m, !unchanged(k, at: end) {
                ByteText.encode(repaired.scalars[k], into: &replacement)
                end = max(end, repaired.to[k])
                k += 1
            }
            edits.append(ByteEdit(offsets[Int(start)], offsets[Int(end)], replacement))
            covered = end
        }
        if Int(covered) < original.count {
            edits.append(ByteEdit(offsets[Int(covered)], offsets[original.count], [UInt8]()))
        }
        return edits
    }
}
