import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a page's character encoding and turns its bytes into UTF-8.
///
/// Order: a byte-order mark wins; then the `<meta charset>` or `http-equiv` declaration in
/// the first 4 KiB; then UTF-8. A declaration is not trusted blindly: bytes that are valid
/// UTF-8 with non-ASCII text are taken as UTF-8 whatever the page claims (legacy encodings
/// almost never form valid multi-byte UTF-8), and bytes that are not valid UTF-8 on a page
/// that declares nothing are read as Windows-1252. Conversion goes through iconv.
public enum HTMLCharset {
    /// The result of decoding: UTF-8 bytes, the encoding used, and notes for the report.
    public struct Decoded: Sendable {
        public var bytes: [UInt8]
        /// The encoding the bytes were read as (`utf-8`, `gb18030`, `big5`…).
        public var encoding: String
        public var diagnostics: [String]
        /// The bytes as a string, when decoding already made one (saves a second pass).
        public var text: String? = nil
    }

    /// Decodes `data` to UTF-8 following the order above.
    public static func decode(_ data: Data) -> Decoded {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return Decoded(bytes: Array(bytes[3...]), encoding: "utf-8", diagnostics: [])
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            let converted = convert(bytes[2...], from: little ? "UTF-16LE" : "UTF-16BE")
            return Decoded(bytes: converted.bytes, encoding: little ? "utf-16le" : "utf-16be",
                           diagnostics: converted.replaced > 0 ? ["\(converted.replaced) invalid UTF-16 sequence(s) replaced with U+FFFD"] : [])
        }
        let declared = declaredCharset(bytes).map(canonicalName)
        if declared == nil || declared == "utf-8" || declared == "us-ascii", let text = String(validating: bytes, as: UTF8.self) {
            // The common case: one pass validates and makes the string.
            return Decoded(bytes: bytes, encoding: "utf-8", diagnostics: [], text: text)
        }
        let validity = utf8Validity(bytes)
        switch declared {
        case nil, "utf-8", "us-ascii":
            if validity != .invalid { return Decoded(bytes: bytes, encoding: "utf-8", diagnostics: []) }
            if declared == nil {
                let converted = convert(bytes[...], from: "CP1252")
                return Decoded(bytes: converted.bytes, encoding: "windows-1252",
                               diagnostics: ["no charset declared and the bytes are not UTF-8: read as Windows-1252"])
            }
            return lossyUTF8(bytes, note: "declared UTF-8 but holds invalid byte sequences")
        case let label?:
            if validity == .validWithNonASCII {
                return Decoded(bytes: bytes, encoding: "utf-8",
                               diagnostics: ["page declares charset \(label) but its bytes are valid UTF-8: read as UTF-8"])
            }
            if validity == .ascii { return Decoded(bytes: bytes, encoding: label, diagnostics: []) }
            let converted = convert(bytes[...], from: iconvName(label))
            if converted.failed {
                return lossyUTF8(bytes, note: "unknown charset '\(label)'")
            }
            var notes: [String] = []
            if converted.replaced > 0 { notes.append("\(converted.replaced) byte sequence(s) invalid in \(label) replaced with U+FFFD") }
            return Decoded(bytes: converted.bytes, encoding: label, diagnostics: notes)
        }
    }

    private static func lossyUTF8(_ bytes: [UInt8], note: String) -> Decoded {
        let text = String(decoding: bytes, as: UTF8.self)
        return Decoded(bytes: Array(text.utf8), encoding: "utf-8", diagnostics: [note + ": invalid bytes replaced with U+FFFD"])
    }

    /// The charset named in a `<meta>` declaration within the first 4 KiB, lowercased.
    public static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let limit = min(bytes.count, 4096)
        let needle = Array("charset".utf8)
        var i = 0
        while i + needle.count < limit {
            if bytes[i] | 0x20 == 0x63 {
                var k = 0
                while k < needle.count, bytes[i + k] | 0x20 == needle[k] { k += 1 }
                if k == needle.count {
                    var j = i + k
                    while j < limit, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                    if j < limit, bytes[j] == 0x3D {
                        j += 1
                        while j < limit, bytes[j] == 0x20 || bytes[j] == 0x22 || bytes[j] == 0x27 { j += 1 }
                        let start = j
                        while j < limit, isLabelByte(bytes[j]) { j += 1 }
                        if j > start { return String(decoding: bytes[start ..< j], as: UTF8.self).lowercased() }
                    }
                    i = j
                    continue
                }
            }
            i += 1
        }
        return nil
    }

    private static func isLabelByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A
    }

    /// The WHATWG-style name for a label: `gb2312`/`gbk` → `gbk`, `latin1` → `windows-1252`…
    static func canonicalName(_ label: String) -> String {
        switch label {
        case "utf8", "utf-8", "unicode-1-1-utf-8": return "utf-8"
        case "ascii", "us-ascii": return "us-ascii"
        case "gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "chinese", "csgb2312", "iso-ir-58": return "gbk"
        case "gb18030": return "gb18030"
        case "big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5": return "big5"
        case "latin1", "iso-8859-1", "iso8859-1", "l1", "cp1252", "windows-1252", "x-cp1252": return "windows-1252"
        case "shift_jis", "sjis", "x-sjis", "ms_kanji", "windows-31j": return "shift_jis"
        case "euc-jp": return "euc-jp"
        case "euc-kr", "ks_c_5601-1987", "windows-949": return "euc-kr"
        case "koi8-r", "koi8r": return "koi8-r"
        case "windows-1251", "cp1251": return "windows-1251"
        default: return label
        }
    }

    /// The name iconv knows: GBK pages often use GB18030 characters, so read them as the superset.
    static func iconvName(_ canonical: String) -> String {
        switch canonical {
        case "gbk": return "GB18030"
        case "big5": return "BIG5-HKSCS"
        case "windows-1252": return "CP1252"
        case "shift_jis": return "CP932"
        case "euc-kr": return "CP949"
        default: return canonical.uppercased()
        }
    }

    enum UTF8Validity { case ascii, validWithNonASCII, invalid }

    /// Whether `bytes` are pure ASCII, valid UTF-8 with some non-ASCII text, or not UTF-8.
    static func utf8Validity(_ bytes: [UInt8]) -> UTF8Validity {
        var sawNonASCII = false
        return bytes.withUnsafeBufferPointer { buffer -> UTF8Validity in
            let n = buffer.count
            var i = 0
            while i < n {
                let b = buffer[i]
                if b < 0x80 { i += 1; continue }
                sawNonASCII = true
                let need: Int
                if b >= 0xC2 && b <= 0xDF { need = 1 }
                else if b >= 0xE0 && b <= 0xEF { need = 2 }
                else if b >= 0xF0 && b <= 0xF4 { need = 3 }
                else { return .invalid }
                var k = 1
                while k <= need {
                    if i + k >= n || buffer[i + k] & 0xC0 != 0x80 { return .invalid }
                    k += 1
                }
                i += need + 1
            }
            return sawNonASCII ? .validWithNonASCII : .ascii
        }
    }

    /// Converts `input` from `encoding` to UTF-8 with iconv, replacing invalid sequences with U+FFFD.
    static func convert(_ input: ArraySlice<UInt8>, from encoding: String) -> (bytes: [UInt8], replaced: Int, failed: Bool) {
        let descriptor = iconv_open("UTF-8", encoding)
        if descriptor == iconv_t(bitPattern: -1) { return ([], 0, true) }
        defer { iconv_close(descriptor) }
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var written = 0
        var replaced = 0
        var source = Array(input)
        source.withUnsafeMutableBufferPointer { inBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
            var inLeft = inBuffer.count
            while inLeft > 0 {
                if output.count - written < 16 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                let outCapacity = output.count - written
                var outLeft = outCapacity
                let result = output.withUnsafeMutableBufferPointer { outBuffer -> Int in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress! + written).assumingMemoryBound(to: CChar.self)
                    return iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                }
                written += outCapacity - outLeft
                if result == -1 {
                    let code = errno
                    if code == E2BIG { output.append(contentsOf: repeatElement(0, count: output.count)); continue }
                    // EILSEQ or EINVAL: an invalid or truncated sequence; mark it and skip one byte.
                    if output.count - written < 3 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                    output[written] = 0xEF; output[written + 1] = 0xBF; output[written + 2] = 0xBD
                    written += 3
                    replaced += 1
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                }
            }
        }
        output.removeSubrange(written...)
        return (output, replaced, false)
    }
}
