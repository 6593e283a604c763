import Foundation
import Testing
@testable import ReportKitTransformers

/// The `mojibake` rule over the code pages it knows, layered and partial damage, and the
/// correct text in many languages it must leave exactly as it is.
@Suite struct EncodingRepairTests {
    static func repaired(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let (out, _) = FixupEngine.apply(MojibakeRule.edits(bytes), to: bytes)
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: [
        // Each damaged text was made from the repaired one by encoding it as UTF-8 and decoding
        // the bytes with the code page named (undefined bytes as Latin-1 controls).
        ("windows-1252", "The cafÃ© reopened on Monday.", "The café reopened on Monday."),
        ("windows-1251", "РџСЂРёРІРµС‚, РєР°Рє РґРµР»Р° РІ РњРѕСЃРєРІРµ?", "Привет, как дела в Москве?"),
        ("windows-1250", "DÄ›kujeme za trpÄ›livost.", "Děkujeme za trpělivost."),
        ("windows-1253", "Ξ\u{9A}Ξ±Ξ»Ξ·ΞΌΞ\u{AD}Ο\u{81}Ξ± Ξ±Ο€Ο\u{8C} Ο„Ξ·Ξ½ Ξ‘ΞΈΞ®Ξ½Ξ±.", "Καλημέρα από την Αθήνα."),
        ("windows-1254", "Ä°stanbulâ€™da gÃ¼neÅŸli bir gÃ¼n.", "İstanbul’da güneşli bir gün."),
        ("windows-1257", "Sveiki, RÄ«ga!", "Sveiki, Rīga!"),
        ("mac-roman", "Cr√®me fra√Æche, s‚Äôil vous pla√Æt.", "Crème fraîche, s’il vous plaît."),
        ("cp437", "Gr├╢├ƒe und L├ñnge", "Größe und Länge"),
        ("twice", "It isnÃ¢â‚¬â„¢t over", "It isn’t over"),
        ("cesu-8", "Smile í\u{A0}½í¸\u{80} please", "Smile 😀 please"),
        ("lossy", "He said â€œokâ€? and left", "He said “ok� and left"),
        ("lost 0x9D", "The â€œpilot zoneâ€ opened.", "The “pilot zone” opened."),
        ("nbsp became a space", "Dinner Ã  la carte", "Dinner à la carte"),
        ("mixed with real quotes", "L’Ã©tÃ© dernier, “Ã©tÃ©”", "L’été dernier, “été”"),
        ("c1 controls", "\u{93}Quoted\u{94} \u{96} fine", "“Quoted” – fine"),
    ])
    func repairs(_ name: String, _ damaged: String, _ expected: String) {
        #expect(Self.repaired(damaged) == expected, "\(name)")
    }

    @Test(arguments: [
        "The café on Rue Saint-Honoré serves crème brûlée and a décor of façades.",
        "Über 300 Bürger trafen sich am Großmarkt; „Wir müssen reden“, sagte die Bürgermeisterin.",
        "El niño comió en la mañana; ¿quién pagó la cuenta? ¡Nadie!",
        "A função de São Paulo é coordenar as ações; NÃO HÁ ÔNIBUS À NOITE.",
        "Příliš žluťoučký kůň úpěl ďábelské ódy — řekla Věra.",
        "Zażółć gęślą jaźń, powiedział Łukasz w Łodzi.",
        "İstanbul'da ağır şartlar altında çalışan işçiler ödüllendirildi.",
        "Москва — столица России; «Да», — ответил он. ВІКІ and ПоздравЂаво stay.",
        "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
        "Hà Nội là thủ đô của Việt Nam, với nhiều hồ nước đẹp.",
        "The price rose 5% to €1,200 (about £1,050 or ¥180,000); 12 m², −5 °C, ½, 3×4 ± 1 ≈ 0.5.",
        "He said “it’s done” and left… the end—really. © 2024 Reuters™ and NESTLÉ® stay.",
        "Señor Núñez and Mr. Ødegaard met Ms. Åström in Malmö; Brontë…” and 10 Å—.",
        "SÃO PAULO and BRASÍLIA; C O N C L U S Ã O; SELKÄ\u{A0}EDELLÄ; Offering 5×£35.",
        "Dans «Le Monde», l’article était intitulé « Voilà ». 1º, 2ª, 100µm; (-1/2)! = √π.",
        "├┤a┼┐a box art, `¬´ faces, ∆° and “×” in quotes, parlé\u{85} aside.",
    ])
    func keepsCorrectText(_ text: String) {
        let bytes = Array(text.utf8)
        let edits = MojibakeRule.edits(bytes)
        let kept = FixupEngine.apply(edits, to: bytes).0
        // The one C1 control above is read as the Windows-1252 character it stands for, nothing else.
        let expected = text.replacingOccurrences(of: "\u{85}", with: "…")
        #expect(String(decoding: kept, as: UTF8.self) == expected)
    }

    @Test func editsAreAsSmallAsTheRepairs() {
        let text = Array("A cafÃ© and a thÃ©, then more words.".utf8)
        let edits = MojibakeRule.edits(text)
        #expect(edits.count == 2)
        #expect(edits.map { String(decoding: text[$0.start..<$0.end], as: UTF8.self) } == ["Ã©", "Ã©"])
        #expect(edits.map { String(decoding: $0.replacement ?? [], as: UTF8.self) } == ["é", "é"])
    }

    @Test func badnessScoresMojibakeAboveItsRepair() {
        func score(_ s: String) -> Int { MojibakeBadness.score(s.unicodeScalars.map(\.value)) }
        #expect(score("plain ASCII text, nothing odd") == 0)
        #expect(score("crÃ¨me brÃ»lÃ©e") > score("crème brûlée"))
        #expect(score("NESTLÉ® and AHÅ™") == 0)
    }

    @Test func byteTestNeverMissesAScore() {
        // `mightScore` may say yes to clean text, never no to text that scores: random strings
        // over characters each rule of the score looks at.
        let alphabet: [String] = ["a", "B", "z", "Q", " ", "5", ".", "£", "é", "É", "Ã", "Â", "â", "ð", "’", "“", "…", "×", "µ",
                                  "©", "™", "®", "Ж", "ж", "Ω", "中", "\u{300}", "ɐ", "ſ", "\u{85}", "\u{A0}", "\u{FFFD}", "─", "√", "€", "ˇ"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let score = MojibakeBadness.score(text.unicodeScalars.map(\.value))
            if score > 0 { #expect(MojibakeBadness.mightScore(Array(text.utf8)), "\(text) scores \(score)") }
        }
        #expect(!MojibakeBadness.mightScore(Array("The £5m café has a “menu” – 12 m² – for €3.".utf8)))
    }

    @Test func hugeAndHostileInputStaysLinear() {
        // A long line of mojibake and a long line of symbols both finish and change sensibly.
        let damaged = String(repeating: "cafÃ© ", count: 20_000)
        #expect(Self.repaired(damaged) == String(repeating: "café ", count: 20_000))
        let symbols = String(repeating: "¬´×£©®°±", count: 20_000)
        #expect(Self.repaired(symbols) == symbols)
    }
}
