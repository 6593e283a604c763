/// URL- and file-safe slugs.
public enum Slug {
    /// A lowercase ASCII slug: letters and digits, runs of anything else as one `-`,
    /// accents transliterated, at most `maxLength` bytes, never empty (`untitled`).
    public static func make(_ text: String, maxLength: Int = 80) -> String {
        let latin = text.applyingTransform(.toLatin, reverse: false) ?? text
        let ascii = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        var out: [UInt8] = []
        var pendingDash = false
        for b in ascii.utf8 {
            let lower = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if pendingDash && !out.isEmpty { out.append(0x2D) }
                pendingDash = false
                out.append(lower)
                if out.count >= maxLength { break }
            } else if b != 0x27 {  // apostrophes join: "city's" → "citys"
                pendingDash = true
            }
        }
        return out.isEmpty ? "untitled" : String(decoding: out, as: UTF8.self)
    }
}

import Foundation
