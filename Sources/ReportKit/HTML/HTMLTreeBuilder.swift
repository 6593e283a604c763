import CLibXML2
import Foundation

/// Builds an ``HTMLTree`` from libxml2's HTML SAX events.
///
/// libxml2 does the tokenizing, entity decoding and error recovery (implied and
/// mismatched tags); this keeps only what extraction needs: element tags, a few
/// attributes, and text as byte ranges. Text inside `script`, `style`, `template`,
/// `noscript`, `svg`, `math`, `iframe`, `object`, `textarea` and `select` is dropped,
/// except JSON-LD scripts, which metadata extraction reads.
public enum HTMLTreeBuilder {
    /// Parses UTF-8 HTML (see ``HTMLCharset`` to get there from other encodings).
    public static func parse(utf8 bytes: [UInt8]) -> HTMLTree {
        let state = State(expectedBytes: bytes.count)
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return state.tree }
        var sax = htmlSAXHandler()
        sax.startElement = { context, name, attributes in
            guard let context, let name else { return }
            Unmanaged<State>.fromOpaque(context).takeUnretainedValue().start(name, attributes)
        }
        sax.endElement = { context, name in
            guard let context, let name else { return }
            Unmanaged<State>.fromOpaque(context).takeUnretainedValue().end(name)
        }
        let characters: charactersSAXFunc = { context, bytes, length in
            guard let context, let bytes, length > 0 else { return }
            Unmanaged<State>.fromOpaque(context).takeUnretainedValue().characters(bytes, Int(length))
        }
        sax.characters = characters
        sax.cdataBlock = characters
        sax.ignorableWhitespace = characters
        let opaque = Unmanaged.passRetained(state).toOpaque()
        defer { Unmanaged<State>.fromOpaque(opaque).release() }
        bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                                | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue | HTML_PARSE_COMPACT.rawValue
                                | HTML_PARSE_IGNORE_ENC.rawValue)
            guard let context = htmlCreateMemoryParserCtxt(base, Int32(buffer.count)) else { return }
            defer { htmlFreeParserCtxt(context) }
            withUnsafeMutablePointer(to: &sax) { saxPointer in
                let original = context.pointee.sax
                context.pointee.sax = saxPointer
                context.pointee.userData = opaque
                htmlCtxtUseOptions(context, options)
                // The bytes are UTF-8 already; with HTML_PARSE_IGNORE_ENC a meta charset cannot re-decode them.
                _ = xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
                _ = htmlParseDocument(context)
                context.pointee.sax = original
            }
        }
        state.finish()
        return state.tree
    }

    /// Decodes `data` to UTF-8 (BOM, meta charset, then UTF-8) and parses it.
    public static func parse(_ data: Data) -> (tree: HTMLTree, charset: HTMLCharset.Decoded) {
        var decoded = HTMLCharset.decode(data)
        let tree = parse(utf8: decoded.bytes)
        decoded.bytes = []
        return (tree, decoded)
    }

    private static let dropsText: [Bool] = {
        let set: Set<HTMLTag> = [.script, .style, .template, .noscript, .svg, .math, .iframe, .object, .textarea, .select]
        return HTMLTag.allCases.map { set.contains($0) }
    }()

    /// The tree under construction, fed by libxml2's SAX callbacks or by ``HTMLScanner``.
    static let closesParagraph: [Bool] = {
        let set: Set<HTMLTag> = [.p, .div, .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .dl, .li, .dt, .dd, .table, .blockquote,
                                 .pre, .section, .article, .aside, .nav, .header, .footer, .form, .figure, .figcaption, .hr,
                                 .main, .address, .fieldset, .details, .menu, .center, .dialog, .summary]
        return HTMLTag.allCases.map { set.contains($0) }
    }()

    static let isInline: [Bool] = {
        let set: Set<HTMLTag> = [.a, .b, .i, .em, .strong, .span, .font, .small, .sup, .sub, .u, .code, .cite, .q, .abbr,
                                 .mark, .time, .label]
        return HTMLTag.allCases.map { set.contains($0) }
    }()

    final class State {
        // A parse runs on one thread and never holds an access to these across a call that
        // touches them again, so the dynamic exclusivity checks (about 8 % of reading a page:
        // every append to the tree arrays began and ended an access) are left out.
        @exclusivity(unchecked) var tree = HTMLTree()
        @exclusivity(unchecked) private var stack: [Int32] = []
        /// How many open elements drop their text.
        @exclusivity(unchecked) private var muted = 0
        /// The open JSON-LD script whose text is kept, or -1.
        @exclusivity(unchecked) private var capturing: Int32 = -1

        init(expectedBytes: Int) {
            let nodes = max(64, expectedBytes / 40)
            tree.tags.reserveCapacity(nodes)
            tree.parents.reserveCapacity(nodes)
            tree.ends.reserveCapacity(nodes)
            tree.lows.reserveCapacity(nodes)
            tree.highs.reserveCapacity(nodes)
            tree.text.reserveCapacity(expectedBytes / 3)
        }

        func start(_ name: UnsafePointer<UInt8>, _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
            let tag = HTMLTag.lookup(name)
            let index = Int32(tree.tags.count)
            let firstAttribute = Int32(tree.attributes.count)
            var isJSONLD = false
            if var cursor = attributes {
                while let key = cursor.pointee {
                    if let attributeName = HTMLAttributeName.lookup(key), let value = cursor[1] {
                        let start = Int32(tree.attributeBytes.count)
                        var k = 0
                        while value[k] != 0 {
                            tree.attributeBytes.append(value[k])
                            k += 1
                        }
                        tree.attributes.append(HTMLAttribute(name: attributeName, start: start, end: Int32(tree.attributeBytes.count)))
                        if tag == .script, attributeName == .type, k >= 8 {
                            isJSONLD = tree.attributeBytes[Int(start)...].starts(with: "application/ld+json".utf8)
                        }
                    }
                    cursor += 2
                }
            }
            push(tag, index: index, firstAttribute: firstAttribute, isJSONLD: isJSONLD)
        }

        /// Adds an opened element whose attributes are stored, makes it the innermost open
        /// one, and starts capturing JSON-LD or muting text as its tag asks. Both parsers end here.
        private func push(_ tag: HTMLTag, index: Int32, firstAttribute: Int32, isJSONLD: Bool) {
            tree.tags.append(tag)
            tree.parents.append(stack.last ?? -1)
            tree.ends.append(index + 1)
            tree.lows.append(firstAttribute)
            tree.highs.append(Int32(tree.attributes.count))
            stack.append(index)
            if stack.count > tree.depth { tree.depth = stack.count }
            if isJSONLD && muted == 0 && capturing < 0 {
                capturing = index
            } else if HTMLTreeBuilder.dropsText[Int(tag.rawValue)] {
                muted += 1
            }
        }

        /// Opens an element with already-decoded attributes (the ``HTMLScanner`` path).
        func open(_ tag: HTMLTag, _ attributes: [(HTMLAttributeName, Range<Int>)], _ values: [UInt8]) {
            let index = Int32(tree.tags.count)
            let firstAttribute = Int32(tree.attributes.count)
            var isJSONLD = false
            for (name, range) in attributes {
                let start = Int32(tree.attributeBytes.count)
                tree.attributeBytes.append(contentsOf: values[range])
                tree.attributes.append(HTMLAttribute(name: name, start: start, end: Int32(tree.attributeBytes.count)))
                if tag == .script, name == .type, values[range].starts(with: "application/ld+json".utf8) { isJSONLD = true }
            }
            push(tag, index: index, firstAttribute: firstAttribute, isJSONLD: isJSONLD)
        }

        /// Closes the innermost open element.
        func closeTop() {
            if !stack.isEmpty { close() }
        }

        /// Closes the nearest open element with this tag and everything inside it; an end tag
        /// with no open element (within the innermost 256) is ignored.
        func close(_ tag: HTMLTag) {
            var k = stack.count - 1
            let floor = max(0, stack.count - 256)
            while k >= floor {
                if tree.tags[Int(stack[k])] == tag {
                    while stack.count > k { close() }
                    return
                }
                k -= 1
            }
        }

        /// The ends HTML implies when `tag` starts: a new `li` closes the open one, a block closes
        /// an open `p`, a row closes the open row, and so on.
        func implyEnds(before tag: HTMLTag) {
            switch tag {
            case .li: closeNearest(.li, .li, boundaries: TagSet.listBoundaries)
            case .dt, .dd: closeNearest(.dt, .dd, boundaries: TagSet.definitionBoundaries)
            case .tr: closeNearest(.tr, .tr, boundaries: TagSet.rowBoundaries)
            case .td, .th: closeNearest(.td, .th, boundaries: TagSet.cellBoundaries)
            case .thead, .tbody, .tfoot:
                closeNearest(.thead, .tbody, boundaries: TagSet.tableBoundaries)
                closeNearest(.tfoot, .tfoot, boundaries: TagSet.tableBoundaries)
            case .option: closeNearest(.option, .option, boundaries: TagSet.optionBoundaries)
            default: break
            }
            if HTMLTreeBuilder.closesParagraph[Int(tag.rawValue)] {
                // An open `p` ends, when only inline elements are open inside it. Looking no
                // deeper than 256, like `close(_:)`: 50,000 nested `span`s followed by 50,000
                // `<div></div>` made an unbounded walk quadratic (25 s for 650 kB).
                var k = stack.count - 1
                let floor = max(0, stack.count - 256)
                while k >= floor {
                    let open = tree.tags[Int(stack[k])]
                    if open == .p {
                        while stack.count > k { close() }
                        return
                    }
                    if !HTMLTreeBuilder.isInline[Int(open.rawValue)] { return }
                    k -= 1
                }
            }
        }

        /// A set of tags as a bit mask, so the boundaries of an implied end cost no allocation
        /// per tag (they were `Set` literals built for every `li`, `tr` and `td`).
        struct TagSet {
            var low: UInt64 = 0
            var high: UInt64 = 0

            init(_ tags: [HTMLTag]) {
                for tag in tags {
                    if tag.rawValue < 64 { low |= 1 << UInt64(tag.rawValue) } else { high |= 1 << UInt64(tag.rawValue - 64) }
                }
            }

            @inline(__always) func contains(_ tag: HTMLTag) -> Bool {
                tag.rawValue < 64 ? low & (1 << UInt64(tag.rawValue)) != 0 : high & (1 << UInt64(tag.rawValue - 64)) != 0
            }

            static let listBoundaries = TagSet([.ul, .ol, .menu, .table])
            static let definitionBoundaries = TagSet([.dl, .table])
            static let rowBoundaries = TagSet([.table, .thead, .tbody, .tfoot])
            static let cellBoundaries = TagSet([.tr, .table])
            static let tableBoundaries = TagSet([.table])
            static let optionBoundaries = TagSet([.select])
        }

        private func closeNearest(_ a: HTMLTag, _ b: HTMLTag, boundaries: TagSet) {
            var k = stack.count - 1
            let floor = max(0, stack.count - 64)
            while k >= floor {
                let open = tree.tags[Int(stack[k])]
                if open == a || open == b {
                    while stack.count > k { close() }
                    return
                }
                if boundaries.contains(open) { return }
                k -= 1
            }
        }

        func end(_ name: UnsafePointer<UInt8>) {
            guard let top = stack.last else { return }
            let tag = HTMLTag.lookup(name)
            if tree.tags[Int(top)] != tag {
                // libxml2 balances its events; should one ever be unmatched, close up to the
                // nearest open element of that name, or ignore the event.
                guard let match = stack.suffix(32).lastIndex(where: { tree.tags[Int($0)] == tag }) else { return }
                while stack.count > match + 1 { close() }
            }
            close()
        }

        func close() {
            let node = stack.removeLast()
            tree.ends[Int(node)] = Int32(tree.tags.count)
            if node == capturing {
                capturing = -1
            } else if HTMLTreeBuilder.dropsText[Int(tree.tags[Int(node)].rawValue)] {
                muted -= 1
            }
        }

        func characters(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
            guard muted == 0 else { return }
            let parent = stack.last ?? -1
            let last = tree.tags.count - 1
            tree.text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
            let high = Int32(tree.text.count)
            if last >= 0, tree.tags[last] == .text, tree.parents[last] == parent {
                tree.highs[last] = high
                return
            }
            tree.tags.append(.text)
            tree.parents.append(parent)
            tree.ends.append(Int32(last + 2))
            tree.lows.append(high - Int32(length))
            tree.highs.append(high)
        }

        func finish() {
            while !stack.isEmpty { close() }
        }
    }
}
