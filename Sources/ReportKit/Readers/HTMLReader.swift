import CLibXML2
import Foundation

/// HTML through libxml2's HTML parser, in streaming (SAX) mode: the page's `<title>` and
/// the text of every block-level element, in order, with scripts and styles skipped.
/// `extract` does the real work of choosing the article; this is what a pipeline without
/// `extract` sees.
public enum HTMLReader {
    public static func read(data: Data, path: String) -> Report {
        var report = Report(id: ReportReader.reportID(for: path), source: Source(path: path, mediaType: InputFormat.html.mediaType))
        let collector = BlockCollector()
        HTMLSAX.parse(data) { event in collector.handle(event) }
        report.raw = String(decoding: data, as: UTF8.self)
        report.title = collector.title.isEmpty ? nil : collector.title
        report.body = collector.blocks
        return report
    }
}

/// One parse event from libxml2's HTML SAX interface.
public enum HTMLSAXEvent {
    case start(name: String, attributes: [(String, String)])
    case end(name: String)
    case text(UnsafeBufferPointer<UInt8>)
}

/// A thin Swift front for libxml2's HTML SAX parser, which honors a BOM and the
/// page's meta charset, and recovers from broken markup.
public enum HTMLSAX {
    private final class Box {
        let handler: (HTMLSAXEvent) -> Void
        init(_ handler: @escaping (HTMLSAXEvent) -> Void) { self.handler = handler }
    }

    /// Parses `data`, calling `handler` for each element start, end and text run.
    public static func parse(_ data: Data, handler: @escaping (HTMLSAXEvent) -> Void) {
        guard !data.isEmpty, data.count < Int(Int32.max) else { return }
        var sax = htmlSAXHandler()
        sax.startElement = { context, name, attributes in
            guard let context, let name else { return }
            let box = Unmanaged<Box>.fromOpaque(context).takeUnretainedValue()
            var pairs: [(String, String)] = []
            if var cursor = attributes {
                while let key = cursor.pointee {
                    let value = cursor.advanced(by: 1).pointee
                    pairs.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
                    cursor = cursor.advanced(by: 2)
                }
            }
            box.handler(.start(name: String(cString: name), attributes: pairs))
        }
        sax.endElement = { context, name in
            guard let context, let name else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().handler(.end(name: String(cString: name)))
        }
        let characters: charactersSAXFunc = { context, bytes, length in
            guard let context, let bytes, length > 0 else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue()
                .handler(.text(UnsafeBufferPointer(start: bytes, count: Int(length))))
        }
        sax.characters = characters
        sax.cdataBlock = characters
        let box = Box(handler)
        let opaque = Unmanaged.passRetained(box).toOpaque()
        defer { Unmanaged<Box>.fromOpaque(opaque).release() }
        data.withUnsafeBytes { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
            let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                                | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue)
            guard let context = htmlCreateMemoryParserCtxt(base, Int32(raw.count)) else { return }
            defer { htmlFreeParserCtxt(context) }
            withUnsafeMutablePointer(to: &sax) { saxPointer in
                let original = context.pointee.sax
                context.pointee.sax = saxPointer
                context.pointee.userData = opaque
                htmlCtxtUseOptions(context, options)
                _ = htmlParseDocument(context)
                context.pointee.sax = original
            }
        }
    }
}

private final class BlockCollector {
    static let blockKinds: [String: Block.Kind] = [
        "p": .paragraph, "h1": .heading, "h2": .heading, "h3": .heading, "h4": .heading, "h5": .heading,
        "h6": .heading, "li": .listItem, "blockquote": .quote, "pre": .code, "figcaption": .caption,
        "tr": .tableRow, "div": .paragraph, "section": .paragraph, "article": .paragraph, "td": .paragraph,
    ]
    static let skipped: Set<String> = ["script", "style", "noscript", "template", "svg", "head"]

    var title = ""
    var blocks: [Block] = []
    private var text: [UInt8] = []
    private var kindStack: [(Block.Kind, Int?)] = []
    private var skipDepth = 0
    private var inTitle = false
    private var titleBytes: [UInt8] = []

    func handle(_ event: HTMLSAXEvent) {
        switch event {
        case .start(let name, _):
            if name == "title" { inTitle = true; return }
            if Self.skipped.contains(name) { skipDepth += 1; return }
            if name == "br" { text.append(0x0A); return }
            if let kind = Self.blockKinds[name] {
                flush()
                let level = kind == .heading ? Int(String(name.dropFirst())) : nil
                kindStack.append((kind, level))
            }
        case .end(let name):
            if name == "title" {
                inTitle = false
                title = collapse(titleBytes)
                return
            }
            if Self.skipped.contains(name) { skipDepth = max(0, skipDepth - 1); return }
            if Self.blockKinds[name] != nil {
                flush()
                if !kindStack.isEmpty { kindStack.removeLast() }
            }
        case .text(let bytes):
            if inTitle { titleBytes.append(contentsOf: bytes); return }
            if skipDepth == 0 { text.append(contentsOf: bytes) }
        }
    }

    private func flush() {
        let collapsed = collapse(text)
        text.removeAll(keepingCapacity: true)
        guard !collapsed.isEmpty else { return }
        let (kind, level) = kindStack.last ?? (.paragraph, nil)
        blocks.append(Block(kind, collapsed, level: level))
    }

    /// Collapses runs of ASCII white space to one space and trims.
    private func collapse(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        for b in bytes {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C {
                pendingSpace = true
            } else {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
