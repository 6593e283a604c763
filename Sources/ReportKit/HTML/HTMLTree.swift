/// A compact HTML document tree: flat arrays of nodes in document (pre-order) order, with
/// text kept as byte ranges into one UTF-8 buffer.
///
/// Built from libxml2's SAX events by ``HTMLTreeBuilder`` rather than from libxml2's DOM,
/// which allocates a C struct per node and is slower to build and to walk. A node's
/// subtree is the index range `i ..< end(i)`, so every walk is a loop, never recursion,
/// and 100,000 nested elements cost no stack.
public struct HTMLTree: Sendable {
    /// The tag of each node; text nodes have ``HTMLTag/text``.
    public internal(set) var tags: [HTMLTag] = []
    /// The parent of each node, or -1 for a root.
    public internal(set) var parents: [Int32] = []
    /// One past the last node of each node's subtree.
    public internal(set) var ends: [Int32] = []
    /// For a text node, the start of its bytes in ``text``; for an element, its first attribute in ``attributes``.
    public internal(set) var lows: [Int32] = []
    /// For a text node, the end of its bytes in ``text``; for an element, one past its last attribute.
    public internal(set) var highs: [Int32] = []
    /// The text of every text node, concatenated (UTF-8, entities decoded).
    public internal(set) var text: [UInt8] = []
    /// The kept attributes of every element (see ``HTMLAttributeName``).
    public internal(set) var attributes: [HTMLAttribute] = []
    /// The values of the kept attributes, concatenated (UTF-8).
    public internal(set) var attributeBytes: [UInt8] = []
    /// The deepest nesting of open elements the parse reached (1 for a lone element), which the
    /// `html-depth` limit is checked against.
    public internal(set) var depth = 0

    public init() {}

    /// The number of nodes.
    public var count: Int { tags.count }

    /// One past the last node of `node`'s subtree.
    @inlinable public func end(_ node: Int) -> Int { Int(ends[node]) }

    /// The bytes of a text node.
    public func textBytes(_ node: Int) -> ArraySlice<UInt8> {
        text[Int(lows[node]) ..< Int(highs[node])]
    }

    /// The value of an attribute of an element, as bytes, if the element has it.
    public func attributeBytes(_ node: Int, _ name: HTMLAttributeName) -> ArraySlice<UInt8>? {
        guard tags[node] != .text else { return nil }
        var a = Int(lows[node])
        let stop = Int(highs[node])
        while a < stop {
            let attribute = attributes[a]
            if attribute.name == name { return attributeBytes[Int(attribute.start) ..< Int(attribute.end)] }
            a += 1
        }
        return nil
    }

    /// The value of an attribute of an element, as a string, if the element has it.
    public func attribute(_ node: Int, _ name: HTMLAttributeName) -> String? {
        attributeBytes(node, name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// All the text under `node`, with runs of white space collapsed to one space and trimmed.
    public func collapsedText(_ node: Int) -> String {
        var out: [UInt8] = []
        var i = node
        let stop = end(node)
        var pendingSpace = false
        while i < stop {
            if tags[i] == .text {
                HTMLTree.appendCollapsed(text[Int(lows[i]) ..< Int(highs[i])], to: &out, pendingSpace: &pendingSpace)
            } else if tags[i] == .br {
                pendingSpace = true
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `bytes` to `out`, folding runs of ASCII white space (and NBSP) into one pending space.
    public static func appendCollapsed(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8], pendingSpace: inout Bool) {
        bytes.withUnsafeBufferPointer { buffer in
            let n = buffer.count
            var k = 0
            while k < n {
                let b = buffer[k]
                if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C {
                    pendingSpace = true
                    k += 1
                    continue
                }
                if b == 0xC2, k + 1 < n, buffer[k + 1] == 0xA0 {
                    pendingSpace = true
                    k += 2
                    continue
                }
                // A run of other bytes is copied in one go (a lone 0xC2 opens a run, so it is kept).
                var j = k + 1
                while j < n {
                    let c = buffer[j]
                    if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C || c == 0xC2 { break }
                    j += 1
                }
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[k ..< j]))
                k = j
            }
        }
    }

    /// The first element with this tag, in document order.
    public func first(_ tag: HTMLTag, from start: Int = 0, to stop: Int? = nil) -> Int? {
        var i = start
        let limit = stop ?? count
        while i < limit {
            if tags[i] == tag { return i }
            i += 1
        }
        return nil
    }
}

/// A kept attribute: its name and the byte range of its value in ``HTMLTree/attributeBytes``.
public struct HTMLAttribute: Sendable, Equatable {
    public var name: HTMLAttributeName
    public var start: Int32
    public var end: Int32
}

/// The attributes the tree keeps; the rest are dropped while parsing to save time and memory.
public enum HTMLAttributeName: UInt8, Sendable {
    case `class`, id, role, href, itemprop, itemtype, itemscope, content, name, property, charset
    case httpEquiv, rel, type, lang, datetime, hidden, style, ariaHidden, ariaLabel, alt, title, src

    /// The attribute for a lowercase name, if the tree keeps it.
    static func lookup(_ name: UnsafePointer<UInt8>) -> HTMLAttributeName? {
        switch name[0] {
        case 0x63: // c
            if matches(name, "class") { return .class }
            if matches(name, "content") { return .content }
            if matches(name, "charset") { return .charset }
        case 0x69: // i
            if matches(name, "id") { return .id }
            if matches(name, "itemprop") { return .itemprop }
            if matches(name, "itemtype") { return .itemtype }
            if matches(name, "itemscope") { return .itemscope }
        case 0x72: // r
            if matches(name, "role") { return .role }
            if matches(name, "rel") { return .rel }
        case 0x68: // h
            if matches(name, "href") { return .href }
            if matches(name, "http-equiv") { return .httpEquiv }
            if matches(name, "hidden") { return .hidden }
        case 0x6E: if matches(name, "name") { return .name }
        case 0x70: if matches(name, "property") { return .property }
        case 0x74:
            if matches(name, "type") { return .type }
            if matches(name, "title") { return .title }
        case 0x6C: if matches(name, "lang") { return .lang }
        case 0x64: if matches(name, "datetime") { return .datetime }
        case 0x73:
            if matches(name, "style") { return .style }
            if matches(name, "src") { return .src }
        case 0x61:
            if matches(name, "aria-hidden") { return .ariaHidden }
            if matches(name, "aria-label") { return .ariaLabel }
            if matches(name, "alt") { return .alt }
        default: break
        }
        return nil
    }

    @inline(__always)
    private static func matches(_ name: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        let bytes = literal.utf8Start
        let n = literal.utf8CodeUnitCount
        var i = 0
        while i < n {
            if name[i] != bytes[i] { return false }
            i += 1
        }
        return name[n] == 0
    }
}
