import Foundation
import ReportKit

/// Escaping for the formats export writes. Each function scans UTF-8 bytes and copies
/// the input unchanged when nothing needs escaping, since most text needs none.
enum Escaping {
    /// A YAML double-quoted scalar that every YAML 1.1 and 1.2 reader (Hugo, Jekyll) reads back
    /// as exactly `text`.
    static func yamlQuoted(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = [0x22]
        out.reserveCapacity(bytes.count + 2)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x00..<0x20, 0x7F:
                let hex = Array("0123456789ABCDEF".utf8)
                out += [0x5C, 0x78, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            // U+0085, U+2028 and U+2029 are line breaks to YAML 1.1, and U+FEFF is a byte order mark.
            case 0xC2 where i + 1 < bytes.count && bytes[i + 1] == 0x85:
                out += Array("\\N".utf8); i += 1
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                out += Array((bytes[i + 2] == 0xA8 ? "\\L" : "\\P").utf8); i += 2
            case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF:
                out += Array("\\uFEFF".utf8); i += 2
            default: out.append(b)
            }
            i += 1
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    /// A YAML flow sequence of double-quoted strings: `["a", "b"]`.
    static func yamlList(_ items: [String]) -> String {
        "[" + items.map(yamlQuoted).joined(separator: ", ") + "]"
    }

    /// Text made literal in Markdown: inline markup characters get a backslash, and so do
    /// characters that would start a block (heading, quote, list, rule) at the start of a line.
    /// Line breaks become spaces when `singleLine` is set (titles, headings).
    static func markdown(_ text: String, singleLine: Bool = false) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            // Most text has nothing to escape: a line break, a Markdown mark, or a block opener at
            // the start is all that changes it, so check for those before copying a byte.
            guard let first = bytes.first else { return nil }
            if !opensBlock(first) && !containsEscapedAnywhere(bytes) { return nil }
            return markdownEscaped(bytes, singleLine: singleLine)
        } ?? text
    }

    /// Whether any byte is one of `escapedAnywhere`'s. A body is mostly prose with none of
    /// them, and a byte-by-byte switch over it was nearly all of the Markdown writer's time:
    /// this looks at eight bytes at once and sets aside letters, spaces and non-ASCII bytes
    /// (none of them is ever escaped), so only the punctuation and digits left are tested
    /// one by one (`ByteMasks`).
    static func containsEscapedAnywhere(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var i = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i &+ 8 <= n {
                let v = ByteMasks.load(raw, at: i)
                let plain = ByteMasks.letters(v) | ByteMasks.equal(v, 0x20) | ByteMasks.nonASCII(v)
                var rest = ~plain & 0x8080_8080_8080_8080
                while rest != 0 {
                    if escapedAnywhere(bytes[i &+ rest.trailingZeroBitCount >> 3]) { return true }
                    rest &= rest &- 1
                }
                i &+= 8
            }
        }
        while i < n {
            if escapedAnywhere(bytes[i]) { return true }
            i &+= 1
        }
        return false
    }

    /// `\ * _ ` [ ] < |` and line breaks. A switch, not a static table: a static's lazy
    /// initialization check on every byte cost more than the scan itself.
    @inline(__always)
    static func escapedAnywhere(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x0A, 0x0D, 0x5C, 0x2A, 0x5F, 0x60, 0x5B, 0x5D, 0x3C, 0x7C: return true
        default: return false
        }
    }

    /// `# > + - =`, digits, space and tab: special at the start of a line.
    @inline(__always)
    private static func opensBlock(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x23, 0x3E, 0x2B, 0x2D, 0x3D, 0x20, 0x09, 0x30...0x39: return true
        default: return false
        }
    }

    private static func markdownEscaped(_ bytes: UnsafeBufferPointer<UInt8>, singleLine: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var atLineStart = true
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            i += 1
            switch b {
            case 0x0A, 0x0D:
                if singleLine {
                    if out.last != 0x20 { out.append(0x20) }
                } else {
                    out.append(b)
                    atLineStart = true
                    continue
                }
            case 0x5C, 0x2A, 0x5F, 0x60, 0x5B, 0x5D, 0x3C, 0x7C:  // \ * _ ` [ ] < |
                out.append(0x5C)
                out.append(b)
            case _ where atLineStart && (b == 0x23 || b == 0x3E || b == 0x2B || b == 0x2D || b == 0x3D):
                // # > + - = at the start of a line open a block.
                out.append(0x5C)
                out.append(b)
            case _ where atLineStart && b >= 0x30 && b <= 0x39:
                // "1. " or "1) " at the start of a line is an ordered list item.
                out.append(b)
                while i < n, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                    out.append(bytes[i])
                    i += 1
                }
                if i < n, bytes[i] == 0x2E || bytes[i] == 0x29 {
                    out.append(0x5C)
                    out.append(bytes[i])
                    i += 1
                }
            case _ where atLineStart && (b == 0x20 || b == 0x09):
                // Leading spaces would make an indented code block; drop them.
                continue
            default:
                out.append(b)
            }
            atLineStart = false
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Text made safe in HTML content and quoted attributes: `& < > " '` become entities
    /// (the five swift-mustache's HTML escaping replaces), on the bytes, returning text with
    /// none of them as it is.
    static func html(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            for b in bytes {
                switch b {
                case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])        // &amp;
                case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])              // &lt;
                case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])              // &gt;
                case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
                case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])        // &#39;
                default: out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    /// A CSV field per RFC 4180, neutralized against spreadsheet formula injection: a cell
    /// that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.utf8.first, first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D {
            value = "'" + value
        }
        var needsQuotes = false
        for b in value.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Text with line breaks and runs of spaces folded into single spaces (for one-line values).
    static func oneLine(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for b in text.utf8 {
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The part of an edit that changed: what the before and after texts share at each end,
/// and what differs in the middle, so the review page can highlight just that.
struct EditSpan: Equatable {
    var prefix: String
    var removed: String
    var inserted: String
    var suffix: String

    init(before: String, after: String) {
        let a = Array(before), b = Array(after)
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        prefix = String(a[0..<start])
        removed = String(a[start..<endA])
        inserted = String(b[start..<endB])
        suffix = String(a[endA...])
    }
}
