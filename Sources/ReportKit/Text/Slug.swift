/// URL- and file-safe slugs.
public enum Slug {
    /// A lowercase ASCII slug: letters and digits, runs of anything else as one `-`,
    /// accents transliterated, at most `maxLength` bytes, never empty (`untitled`).
    public static func make(_ text: String, maxLength: Int = 80) -> String {
        // ASCII text is what the transform would return anyway; skip the ICU call (the costly part).
        let ascii = text.utf8.allSatisfy({ $0 < 0x80 }) ? text
            : text.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false)
            ?? text.applyingTransform(.stripDiacritics, reverse: false) ?? text
        var out: [UInt8] = []
        var pendingDash = false
        for b in ascii.utf8 {
            let lower = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                let dash = pendingDash && !out.isEmpty
                if out.count + (dash ? 2 : 1) > maxLength { break }
                if dash { out.append(0x2D) }
                pendingDash = false
                out.append(lower)
            } else if b != 0x27 && b != 0x60 {  // apostrophes join: "city's" → "citys"
                pendingDash = true
            }
        }
        return out.isEmpty ? "untitled" : String(decoding: out, as: UTF8.self)
    }
}

import Foundation
