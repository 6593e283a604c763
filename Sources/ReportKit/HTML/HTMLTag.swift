/// The HTML elements the tree tells apart; every other element is ``other``.
public enum HTMLTag: UInt8, Sendable, CaseIterable {
    case text, other
    case html, head, body, title, meta, link, base, script, style, noscript, template, svg, math, iframe
    case form, button, input, select, option, textarea, label, fieldset, nav, header, footer, aside, main
    case article, section, div, span, p, br, hr, h1, h2, h3, h4, h5, h6, ul, ol, li, dl, dt, dd
    case blockquote, pre, code, table, thead, tbody, tfoot, tr, td, th, caption, figure, figcaption
    case img, picture, a, strong, b, em, i, u, small, sup, sub, time, address, menu, object, embed
    case canvas, video, audio, source, center, font, q, cite, abbr, mark, details, summary, dialog

    /// The element's name as written in HTML.
    public var name: String { HTMLTag.names[Int(rawValue)] }

    private static let names: [String] = HTMLTag.allCases.map { $0 == .text ? "#text" : $0 == .other ? "#other" : "\($0)" }
    private static let nameBytes: [[UInt8]] = names.map { Array($0.utf8) }

    /// Elements that start a new line of text (a block) when rendered.
    public var isBlock: Bool { HTMLTag.blockSet[Int(rawValue)] }

    /// Headings `h1`…`h6`.
    public var headingLevel: Int? {
        switch self {
        case .h1: return 1
        case .h2: return 2
        case .h3: return 3
        case .h4: return 4
        case .h5: return 5
        case .h6: return 6
        default: return nil
        }
    }

    private static let blockSet: [Bool] = {
        let blocks: Set<HTMLTag> = [
            .html, .body, .form, .fieldset, .nav, .header, .footer, .aside, .main, .article, .section, .div,
            .p, .hr, .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd, .blockquote, .pre, .table,
            .thead, .tbody, .tfoot, .tr, .td, .th, .caption, .figure, .figcaption, .address, .menu, .center,
            .details, .summary, .dialog, .title,
        ]
        return HTMLTag.allCases.map { blocks.contains($0) }
    }()

    /// Tags by a packing of their name's first eight bytes; names longer than eight bytes are checked in full.
    private static let byKey: [UInt64: HTMLTag] = {
        var table: [UInt64: HTMLTag] = [:]
        for tag in HTMLTag.allCases where tag != .text && tag != .other {
            let name = Array(tag.name.utf8)
            // The pointer is only valid inside the closure: pack there, not after.
            table[name.withUnsafeBufferPointer { pack($0.baseAddress!, count: $0.count) }] = tag
        }
        return table
    }()

    @inline(__always)
    static func pack(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        var key: UInt64 = UInt64(truncatingIfNeeded: count) << 59
        var i = 0
        while i < count && i < 8 {
            key ^= UInt64(bytes[i]) << (UInt64(i) * 7)
            i += 1
        }
        return key
    }

    /// The tag for a NUL-terminated lowercase element name.
    static func lookup(_ name: UnsafePointer<UInt8>) -> HTMLTag {
        var count = 0
        while name[count] != 0 {
            count += 1
            if count > 12 { return .other }
        }
        guard let tag = byKey[pack(name, count: count)] else { return .other }
        // The key is exact for the packed bytes only up to collisions; confirm.
        let expected = nameBytes[Int(tag.rawValue)]
        guard expected.count == count else { return .other }
        if count <= 8 { return tag }
        for i in 0 ..< count where name[i] != expected[i] { return .other }
        return tag
    }

    /// The tag for an element name in any case.
    public static func named(_ name: String) -> HTMLTag {
        var bytes = Array(name.lowercased().utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { lookup($0.baseAddress!) }
    }
}
