#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tolerant HTML tokenizer and tree builder in one pass over UTF-8 bytes, for speed.
///
/// It builds the same ``HTMLTree`` as ``HTMLTreeBuilder`` (libxml2 SAX) at several times the
/// speed, since it never leaves Swift and copies only kept text and attributes. It follows
/// the parts of the HTML parsing rules that matter for reading articles: void elements,
/// raw-text `script`/`style`, comments and doctypes, the implied ends of `p`, `li`, `dt`/`dd`,
/// table rows and cells and `option`, end tags matched against open elements (unmatched ones
/// ignored), character references (named ones common on the web, numeric ones with the
/// Windows-1252 fix-up for 128–159). It never recurses and never reads past the input, so
/// any bytes give a tree in linear time.
public enum HTMLScanner {
    public static func parse(utf8 bytes: [UInt8]) -> HTMLTree {
        let state = HTMLTreeBuilder.State(expectedBytes: bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            var scanner = Scanner(p: base, n: buffer.count, state: state)
            scanner.run()
        }
        state.finish()
        return state.tree
    }

    private struct Scanner {
        let p: UnsafePointer<UInt8>
        let n: Int
        let state: HTMLTreeBuilder.State
        /// Lowercased names, NUL-terminated, for the tag and attribute tables.
        var scratch = [UInt8](repeating: 0, count: 40)
        var decoded: [UInt8] = []
        /// Kept attributes of the tag being read: names and ranges of their decoded values in `attributeValues`.
        var attributes: [(HTMLAttributeName, Range<Int>)] = []
        var attributeValues: [UInt8] = []

        init(p: UnsafePointer<UInt8>, n: Int, state: HTMLTreeBuilder.State) {
            self.p = p
            self.n = n
            self.state = state
        }

        mutating func run() {
            var i = 0
            var textStart = 0
            while i < n {
                let b = p[i]
                if b == 0x3C, i + 1 < n, startsMarkup(p[i + 1]) {    // <
                    if textStart < i { state.characters(p + textStart, i - textStart) }
                    i = markup(i)
                    textStart = i
                } else if b == 0x26 {    // &
                    if textStart < i { state.characters(p + textStart, i - textStart) }
                    let (next, ok) = reference(i)
                    if ok {
                        decoded.withUnsafeBufferPointer { state.characters($0.baseAddress!, $0.count) }
                        i = next
                        textStart = i
                    } else {
                        textStart = i
                        i += 1
                    }
                } else {
                    i += 1
                }
            }
            if textStart < n { state.characters(p + textStart, n - textStart) }
        }

        /// Whether `<` followed by `next` opens a tag, an end tag, a comment or a declaration.
        @inline(__always) func startsMarkup(_ next: UInt8) -> Bool {
            next == 0x21 || next == 0x2F || next == 0x3F || ((next | 0x20) >= 0x61 && (next | 0x20) <= 0x7A)
        }

        @inline(__always) func isNameByte(_ b: UInt8) -> Bool {
            (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x3A || b == 0x5F
        }

        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C }

        /// Index of the first `byte` at or after `from`, or `n`.
        func find(_ byte: UInt8, from: Int) -> Int {
            guard from < n, let hit = memchr(p + from, Int32(byte), n - from) else { return n }
            return p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }

        /// Parses the markup starting at the `<` at `i`; returns where text resumes.
        mutating func markup(_ i: Int) -> Int {
            guard i + 1 < n else { return n }
            let next = p[i + 1]
            if next == 0x21 {                                        // <!
                if i + 3 < n, p[i + 2] == 0x2D, p[i + 3] == 0x2D {   // <!-- … -->
                    var k = i + 4
                    while k + 2 < n, !(p[k] == 0x2D && p[k + 1] == 0x2D && p[k + 2] == 0x3E) { k += 1 }
                    return min(n, k + 3)
                }
                return min(n, find(0x3E, from: i + 2) + 1)          // doctype, CDATA
            }
            if next == 0x3F { return min(n, find(0x3E, from: i + 2) + 1) }   // <? … >
            if next == 0x2F {                                        // </name>
                var k = i + 2
                let nameStart = k
                while k < n, isNameByte(p[k]) { k += 1 }
                let close = min(n, find(0x3E, from: k) + 1)
                if k > nameStart, let tag = tag(nameStart, k) { endTag(tag) }
                return close
            }
            var k = i + 1
            let nameStart = k
            while k < n, isNameByte(p[k]) { k += 1 }
            let tag = self.tag(nameStart, k) ?? .other
            // Attributes up to `>`.
            attributes.removeAll(keepingCapacity: true)
            attributeValues.removeAll(keepingCapacity: true)
            var selfClosing = false
            while k < n {
                while k < n, isSpace(p[k]) { k += 1 }
                guard k < n else { break }
                if p[k] == 0x3E { k += 1; break }
                if p[k] == 0x2F { selfClosing = true; k += 1; continue }
                let attrStart = k
                while k < n, !isSpace(p[k]), p[k] != 0x3D, p[k] != 0x3E, !(p[k] == 0x2F && k + 1 < n && p[k + 1] == 0x3E) { k += 1 }
                if k == attrStart { k += 1; continue }
                let name = attributeName(attrStart, k)
                while k < n, isSpace(p[k]) { k += 1 }
                var value: Range<Int> = k ..< k
                if k < n, p[k] == 0x3D {
                    k += 1
                    while k < n, isSpace(p[k]) { k += 1 }
                    if k < n, p[k] == 0x22 || p[k] == 0x27 {
                        let quote = p[k]
                        let end = find(quote, from: k + 1)
                        value = (k + 1) ..< end
                        k = min(n, end + 1)
                    } else {
                        let start = k
                        while k < n, !isSpace(p[k]), p[k] != 0x3E { k += 1 }
                        value = start ..< k
                    }
                }
                if let name {
                    let start = attributeValues.count
                    appendAttributeValue(value)
                    attributes.append((name, start ..< attributeValues.count))
                }
                selfClosing = false
            }
            startTag(tag)
            if HTMLScanner.isVoid[Int(tag.rawValue)] || (selfClosing && tag == .other) {
                state.closeTop()
                return k
            }
            if tag == .script || tag == .style || tag == .textarea || tag == .title {
                // Raw text up to the matching end tag.
                let end = rawTextEnd(from: k, tag: tag)
                if end > k {
                    if tag == .title || tag == .textarea {
                        textWithReferences(k, end)
                    } else {
                        state.characters(p + k, end - k)
                    }
                }
                state.closeTop()
                guard end < n else { return n }
                return min(n, find(0x3E, from: end) + 1)
            }
            return k
        }

        /// Where `</tag` starts after `from`, or `n`.
        func rawTextEnd(from: Int, tag: HTMLTag) -> Int {
            let name = tag.name.utf8
            let length = name.count
            var k = from
            while k + 1 + length < n {
                k = find(0x3C, from: k)
                guard k + 1 + length < n else { break }
                if p[k + 1] == 0x2F {
                    var j = 0
                    var match = true
                    for byte in name {
                        if p[k + 2 + j] | 0x20 != byte { match = false; break }
                        j += 1
                    }
                    if match { return k }
                }
                k += 1
            }
            return n
        }

        /// Text with character references decoded, for `title` and `textarea`.
        mutating func textWithReferences(_ start: Int, _ end: Int) {
            var i = start
            var runStart = start
            while i < end {
                if p[i] == 0x26 {
                    if runStart < i { state.characters(p + runStart, i - runStart) }
                    let (next, ok) = reference(i, limit: end)
                    if ok {
                        decoded.withUnsafeBufferPointer { state.characters($0.baseAddress!, $0.count) }
                        i = next
                    } else {
                        state.characters(p + i, 1)
                        i += 1
                    }
                    runStart = i
                } else {
                    i += 1
                }
            }
            if runStart < end { state.characters(p + runStart, end - runStart) }
        }

        mutating func tag(_ start: Int, _ end: Int) -> HTMLTag? {
            let length = end - start
            guard length > 0, length < 16 else { return length > 0 ? .other : nil }
            for k in 0 ..< length {
                let b = p[start + k]
                scratch[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            scratch[length] = 0
            return scratch.withUnsafeBufferPointer { HTMLTag.lookup($0.baseAddress!) }
        }

        mutating func attributeName(_ start: Int, _ end: Int) -> HTMLAttributeName? {
            let length = end - start
            guard length > 1, length < 16 else { return nil }
            for k in 0 ..< length {
                let b = p[start + k]
                scratch[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            scratch[length] = 0
            return scratch.withUnsafeBufferPointer { HTMLAttributeName.lookup($0.baseAddress!) }
        }

        mutating func appendAttributeValue(_ range: Range<Int>) {
            var k = range.lowerBound
            let end = range.upperBound
            while k < end {
                // Copy up to the next `&` in one go (values such as `href` are long and rarely hold references).
                var amp = end
                if let hit = memchr(p + k, 0x26, end - k) { amp = p.distance(to: hit.assumingMemoryBound(to: UInt8.self)) }
                if amp > k { attributeValues.append(contentsOf: UnsafeBufferPointer(start: p + k, count: amp - k)) }
                k = amp
                guard k < end else { break }
                let (next, ok) = reference(k, limit: end)
                if ok {
                    attributeValues.append(contentsOf: decoded)
                    k = next
                } else {
                    attributeValues.append(p[k])
                    k += 1
                }
            }
        }

        mutating func startTag(_ tag: HTMLTag) {
            state.implyEnds(before: tag)
            state.open(tag, attributes, attributeValues)
        }

        mutating func endTag(_ tag: HTMLTag) {
            // The document stays open to its end: content after `</body>` is still the page's.
            if tag == .body || tag == .html || HTMLScanner.isVoid[Int(tag.rawValue)] { return }
            state.close(tag)
        }

        /// Decodes the character reference at `i` into `decoded`; returns the index after it.
        mutating func reference(_ i: Int, limit: Int? = nil) -> (Int, Bool) {
            let end = limit ?? n
            var k = i + 1
            guard k < end else { return (i, false) }
            decoded.removeAll(keepingCapacity: true)
            if p[k] == 0x23 {                                   // &#…;
                k += 1
                var value: UInt32 = 0
                var digits = 0
                let hex = k < end && (p[k] | 0x20) == 0x78
                if hex { k += 1 }
                while k < end, digits < 8 {
                    let b = p[k]
                    if b >= 0x30 && b <= 0x39 { value = value &* (hex ? 16 : 10) &+ UInt32(b - 0x30) }
                    else if hex, (b | 0x20) >= 0x61, (b | 0x20) <= 0x66 { value = value &* 16 &+ UInt32((b | 0x20) - 0x61 + 10) }
                    else { break }
                    digits += 1
                    k += 1
                }
                guard digits > 0 else { return (i, false) }
                if k < end, p[k] == 0x3B { k += 1 }
                if value >= 0x80 && value <= 0x9F { value = HTMLScanner.windows1252[Int(value - 0x80)] }
                appendScalar(value)
                return (k, true)
            }
            let nameStart = k
            while k < end, k - nameStart < 10, (p[k] | 0x20 >= 0x61 && p[k] | 0x20 <= 0x7A) || (p[k] >= 0x30 && p[k] <= 0x39) { k += 1 }
            guard k < end, p[k] == 0x3B, k > nameStart else { return (i, false) }
            let name = String(decoding: UnsafeBufferPointer(start: p + nameStart, count: k - nameStart), as: UTF8.self)
            guard let scalar = HTMLScanner.namedReferences[name] else { return (i, false) }
            appendScalar(scalar)
            return (k + 1, true)
        }

        mutating func appendScalar(_ value: UInt32) {
            let scalar = Unicode.Scalar(value).flatMap { $0 == "\0" ? nil : $0 } ?? "\u{FFFD}"
            decoded.append(contentsOf: String(Character(scalar)).utf8)
        }
    }

    static let isVoid: [Bool] = {
        let set: Set<HTMLTag> = [.br, .hr, .img, .input, .meta, .link, .base, .source, .embed]
        return HTMLTag.allCases.map { set.contains($0) }
    }()

    /// Code points for numeric references 128–159, which pages mean as Windows-1252.
    static let windows1252: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Named references common on the web (the HTML 4 set's frequent members).
    static let namedReferences: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0, "iexcl": 0xA1, "cent": 0xA2,
        "pound": 0xA3, "curren": 0xA4, "yen": 0xA5, "brvbar": 0xA6, "sect": 0xA7, "uml": 0xA8, "copy": 0xA9, "ordf": 0xAA,
        "laquo": 0xAB, "not": 0xAC, "shy": 0xAD, "reg": 0xAE, "macr": 0xAF, "deg": 0xB0, "plusmn": 0xB1, "sup2": 0xB2,
        "sup3": 0xB3, "acute": 0xB4, "micro": 0xB5, "para": 0xB6, "middot": 0xB7, "cedil": 0xB8, "sup1": 0xB9,
        "ordm": 0xBA, "raquo": 0xBB, "frac14": 0xBC, "frac12": 0xBD, "frac34": 0xBE, "iquest": 0xBF, "Agrave": 0xC0,
        "Aacute": 0xC1, "Acirc": 0xC2, "Atilde": 0xC3, "Auml": 0xC4, "Aring": 0xC5, "AElig": 0xC6, "Ccedil": 0xC7,
        "Egrave": 0xC8, "Eacute": 0xC9, "Ecirc": 0xCA, "Euml": 0xCB, "Igrave": 0xCC, "Iacute": 0xCD, "Icirc": 0xCE,
        "Iuml": 0xCF, "ETH": 0xD0, "Ntilde": 0xD1, "Ograve": 0xD2, "Oacute": 0xD3, "Ocirc": 0xD4, "Otilde": 0xD5,
        "Ouml": 0xD6, "times": 0xD7, "Oslash": 0xD8, "Ugrave": 0xD9, "Uacute": 0xDA, "Ucirc": 0xDB, "Uuml": 0xDC,
        "Yacute": 0xDD, "THORN": 0xDE, "szlig": 0xDF, "agrave": 0xE0, "aacute": 0xE1, "acirc": 0xE2, "atilde": 0xE3,
        "auml": 0xE4, "aring": 0xE5, "aelig": 0xE6, "ccedil": 0xE7, "egrave": 0xE8, "eacute": 0xE9, "ecirc": 0xEA,
        "euml": 0xEB, "igrave": 0xEC, "iacute": 0xED, "icirc": 0xEE, "iuml": 0xEF, "eth": 0xF0, "ntilde": 0xF1,
        "ograve": 0xF2, "oacute": 0xF3, "ocirc": 0xF4, "otilde": 0xF5, "ouml": 0xF6, "divide": 0xF7, "oslash": 0xF8,
        "ugrave": 0xF9, "uacute": 0xFA, "ucirc": 0xFB, "uuml": 0xFC, "yacute": 0xFD, "thorn": 0xFE, "yuml": 0xFF,
        "OElig": 0x152, "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161, "Yuml": 0x178, "fnof": 0x192, "circ": 0x2C6,
        "tilde": 0x2DC, "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "zwnj": 0x200C, "zwj": 0x200D, "lrm": 0x200E,
        "rlm": 0x200F, "ndash": 0x2013, "mdash": 0x2014, "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A,
        "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E, "dagger": 0x2020, "Dagger": 0x2021, "bull": 0x2022,
        "hellip": 0x2026, "permil": 0x2030, "prime": 0x2032, "Prime": 0x2033, "lsaquo": 0x2039, "rsaquo": 0x203A,
        "oline": 0x203E, "frasl": 0x2044, "euro": 0x20AC, "trade": 0x2122, "larr": 0x2190, "uarr": 0x2191,
        "rarr": 0x2192, "darr": 0x2193, "harr": 0x2194, "minus": 0x2212, "le": 0x2264, "ge": 0x2265, "ne": 0x2260,
        "infin": 0x221E, "asymp": 0x2248, "hearts": 0x2665, "Alpha": 0x391, "alpha": 0x3B1, "beta": 0x3B2,
        "gamma": 0x3B3, "delta": 0x3B4, "pi": 0x3C0, "mu": 0x3BC, "sigma": 0x3C3, "omega": 0x3C9, "loz": 0x25CA,
    ]
}
