/// Catalogue class 1: UTF-8 text that was decoded as Windows-1252 or Latin-1, once or twice.
///
/// Works per run of non-ASCII characters: re-encode the run as 1252, decode each valid
/// UTF-8 sequence found in those bytes, and keep the result only when it is plausible
/// and the badness score drops. Runs that are real Latin-1 text (`SÃO PAULO`) do not
/// re-encode to valid UTF-8 and stay as they are.
enum MojibakeRule {
    static let description = RuleDescription(
        name: "mojibake", group: .encoding, catalogueClass: 1,
        summary: "Repairs UTF-8 text that was read as Windows-1252 or Latin-1 (`cafÃ©` → `café`), including double encoding.",
        neverTouches: "Real Latin-1 letters (`SÃO PAULO`, `Â` alone), text whose badness would not drop, lines in CJK.",
        defaultMode: .fix,
        examples: [
            .keeps("SÃO PAULO — the state capital’s mayor spoke."),
            .keeps("The café’s crème brûlée costs £4."),
            .keeps("IL Y MARQUÉ… and SELKÄ\u{A0}EDELLÄ, 5×£35, NESTLÉ®, Brontë…”, 10 Å—."),
            .fixes("Ø±Ø³Ø§Ù„Ø© and HÃ”TEL", to: "رسالة and HÔTEL"),
            .fixes("The cafÃ© sells crÃ¨me brÃ»lÃ©e.", to: "The café sells crème brûlée."),
            .fixes("The mayorâ€™s office said â€œnoâ€\u{9D}.", to: "The mayor’s office said “no”."),
            .fixes("It isnÃ¢â‚¬â„¢t over.", to: "It isn’t over."),
            .fixes("The â€œpilot zoneâ€ opened.", to: "The “pilot zone” opened."),
        ])

    static let rule = ParagraphRule(description: description, trigger: [.latin1]) { text, _ in edits(text) }

    static func edits(_ text: [UInt8]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        var i = 0
        let n = text.count
        while i < n {
            if text[i] < 0x80 { i += 1; continue }
            // A run of non-ASCII scalars that 1252 can encode.
            let start = i
            var bytes: [UInt8] = []
            var scalars: [UInt32] = []
            var j = i
            while j < n, text[j] >= 0x80 {
                let (v, length) = ByteText.scalar(text, at: j)
                guard let b = Windows1252.byte(for: v) else { break }
                bytes.append(b); scalars.append(v)
                j += length
            }
            if j == start { j = start + ByteText.scalar(text, at: start).length; i = j; continue }
            if scalars.count >= 2, let repaired = repair(bytes: bytes, scalars: scalars) {
                edits.append(ByteEdit(start, j, repaired))
            }
            i = j
        }
        return edits
    }

    /// Repairs one run, repeating for double encoding; nil when nothing plausible comes out.
    static func repair(bytes: [UInt8], scalars: [UInt32]) -> [UInt8]? {
        var currentScalars = scalars
        var currentBytes: [UInt8]? = bytes
        var changed = false
        for _ in 0..<3 {
            guard let b = currentBytes, let next = decodeSequences(b, original: currentScalars, allowLostByte: !changed) else { break }
            guard badness(next) < badness(currentScalars) else { break }
            currentScalars = next
            changed = true
            // Another round only if the result still encodes to 1252 (double encoding).
            var again: [UInt8] = []
            for v in next {
                guard let byte = Windows1252.byte(for: v) else { again = []; break }
                again.append(byte)
            }
            currentBytes = again.isEmpty ? nil : again
        }
        guard changed else { return nil }
        var out: [UInt8] = []
        for v in currentScalars { ByteText.encode(v, into: &out) }
        return out
    }

    /// Decodes every valid, plausible UTF-8 sequence in the re-encoded bytes; other bytes
    /// keep their original character. Nil when no sequence decoded.
    static func decodeSequences(_ b: [UInt8], original: [UInt32], allowLostByte: Bool = false) -> [UInt32]? {
        var out: [UInt32] = []
        var k = 0
        var decodedAny = false
        // A run with several well-formed sequences is consistent mojibake (`Ø±Ø³Ø§Ù„Ø©`);
        // a single one needs the stricter checks of `isPlausiblePair`.
        let sequences = wellFormedSequenceCount(b)
        while k < b.count {
            let lead = b[k]
            var length = 0
            if lead >= 0xC2 && lead <= 0xDF { length = 2 } else if lead >= 0xE0 && lead <= 0xEF { length = 3 } else if lead >= 0xF0 && lead <= 0xF4 { length = 4 }
            if length > 0, k + length <= b.count, (1..<length).allSatisfy({ ByteText.isContinuation(b[k + $0]) }) {
                var v = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for m in 1..<length { v = v << 6 | UInt32(b[k + m] & 0x3F) }
                let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
                if v >= minimum, v <= 0x10FFFF, !(v >= 0xD800 && v <= 0xDFFF), isPlausible(v),
                   length > 2 ? isPlausibleTriple(b, at: k) : sequences >= 2 || isPlausiblePair(lead: lead, continuation: b[k + 1], decoded: v, original: original, at: k) {
                    out.append(v); k += length; decodedAny = true
                    continue
                }
            }
            // `â€` closing a run: the 0x9D byte of `”` (undefined in 1252) was lost on the way.
            if lead == 0xE2, k + 2 == b.count, b[k + 1] == 0x80, allowLostByte {
                out.append(0x201D); k += 2; decodedAny = true
                continue
            }
            out.append(original[k]); k += 1
        }
        return decodedAny ? out : nil
    }

    /// Characters a repair may produce: letters and punctuation people write, not
    /// controls, private use, IPA or combining marks that would signal a false decode.
    static func isPlausible(_ v: UInt32) -> Bool {
        switch v {
        case 0x7F...0x9F, 0x0250...0x036F, 0xE000...0xF8FF, 0xFFF0...0xFFFF: return false
        default: return true
        }
    }

    static let punctuationLike: Set<UInt8> = [0x85, 0xA0, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0xAE, 0xBF, 0xA1, 0xAB, 0xBB, 0xA9, 0xA2, 0xA3, 0xA5, 0xB4, 0xA8]

    static func wellFormedSequenceCount(_ b: [UInt8]) -> Int {
        var count = 0, k = 0
        while k + 1 < b.count {
            let lead = b[k]
            let length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : 0
            if length > 0, k + length <= b.count, (1..<length).allSatisfy({ ByteText.isContinuation(b[k + $0]) }) {
                count += 1; k += length
            } else {
                k += 1
            }
        }
        return count
    }

    /// A letter followed by two punctuation marks (`Brontë…”`) is text, not a CJK character.
    static func isPlausibleTriple(_ b: [UInt8], at k: Int) -> Bool {
        b[k] == 0xE2 || !(punctuationLike.contains(b[k + 1]) && punctuationLike.contains(b[k + 2]))
    }

    /// Two-byte decodes are where real text is most often mistaken for mojibake
    /// (`MARQUÉ…`, `SELKÄ EDELLÄ`, `5×£35`): outside the common `Ã`/`Â` leads, a
    /// punctuation-like second character, a non-letter lead, or a lowercase result inside
    /// a capitalized word means the text was meant as written.
    static func isPlausiblePair(lead: UInt8, continuation: UInt8, decoded: UInt32, original: [UInt32], at k: Int) -> Bool {
        if lead == 0xC2 || lead == 0xC3 { return true }
        if punctuationLike.contains(continuation) { return false }
        // `×` and `÷` are operators, not letters.
        if lead == 0xD7 || lead == 0xF7 { return false }
        // A lowercase letter decoded between capitals (`MÄ£ÄM`) is leetspeak or caps, not mojibake.
        if let scalar = Unicode.Scalar(decoded), scalar.properties.isLowercase {
            let before = k > 0 ? original[k - 1] : nil
            let after = k + 2 < original.count ? original[k + 2] : nil
            let isCapital = { (v: UInt32?) -> Bool in v.flatMap(Unicode.Scalar.init).map { $0.properties.isUppercase } ?? false }
            if isCapital(before) && isCapital(after) { return false }
        }
        return true
    }

    /// How much a run looks like mojibake: a 1252 lead character followed by a 1252
    /// continuation character, and C1 controls, each count one.
    static func badness(_ s: [UInt32]) -> Int {
        var score = 0
        for (k, v) in s.enumerated() {
            if v >= 0x80 && v <= 0x9F { score += 1 }
            if k + 1 < s.count, isLeadLooking(v), let next = Windows1252.byte(for: s[k + 1]), next >= 0x80, next <= 0xBF {
                score += 1
            }
        }
        return score
    }

    @inline(__always) static func isLeadLooking(_ v: UInt32) -> Bool { v >= 0xC2 && v <= 0xF4 }
}
