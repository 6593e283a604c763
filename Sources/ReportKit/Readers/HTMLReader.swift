import Foundation

/// HTML: decoded to UTF-8 (BOM, then the page's meta charset, see ``HTMLCharset``), parsed into
/// a compact ``HTMLTree`` (by ``HTMLScanner``, or libxml2's HTML parser in SAX mode with
/// `REPORTKIT_HTML_PARSER=libxml2`), and read as the page's `<title>` plus
/// the text of every block-level element in order. `extract` does the real work of choosing
/// the article; this is what a pipeline without `extract` sees. `raw` holds the page as UTF-8,
/// so later steps need not know the original encoding.
public enum HTMLReader {
    /// Reads a page, refusing one that nests elements deeper than `maxDepth` (`limits: html-depth`).
    public static func read(data: Data, path: String, maxDepth: Int = PipelineLimits.defaultHTMLDepth) throws -> Report {
        var report = Report(id: ReportReader.reportID(for: path), source: Source(path: path, mediaType: InputFormat.html.mediaType))
        let decoded = HTMLCharset.decode(data)
        let tree = HTMLTreeCache.parser(decoded.bytes)
        if tree.depth > maxDepth { throw ReadError(path: path, depthMessage(tree.depth, limit: maxDepth)) }
        let raw = decoded.text ?? String(decoding: decoded.bytes, as: UTF8.self)
        HTMLTreeCache.shared.keep(tree, raw: raw, bytes: decoded.bytes.count)
        report.raw = raw
        report.diagnostics = decoded.diagnostics.map { ReportDiagnostic(.warning, step: "read", $0) }
        if let title = tree.first(.title) {
            let text = tree.collapsedText(title)
            if !text.isEmpty { report.title = text }
        }
        report.body = blocks(tree)
        return report
    }

    /// What a page nested too deeply is told, by the reader and by `extract`.
    public static func depthMessage(_ depth: Int, limit: Int) -> String {
        "nests HTML elements \(depth) deep, more than the limit of \(limit) (limits: html-depth)"
    }

    /// Every block-level element's own text as a block, skipping the `<head>`.
    public static func blocks(_ tree: HTMLTree) -> [Block] {
        var blocks: [Block] = []
        var buffer: [UInt8] = []
        var pendingSpace = false
        var kinds: [(end: Int, kind: Block.Kind, level: Int?)] = []
        func flush() {
            if !buffer.isEmpty {
                let top = kinds.last
                blocks.append(Block(top?.kind ?? .paragraph, String(decoding: buffer, as: UTF8.self), level: top?.level))
                buffer.removeAll(keepingCapacity: true)
            }
            pendingSpace = false
        }
        var i = 0
        while i < tree.count {
            while let top = kinds.last, top.end <= i {
                flush()
                kinds.removeLast()
            }
            let tag = tree.tags[i]
            switch tag {
            case .head:
                i = tree.end(i)
                continue
            case .text:
                HTMLTree.appendCollapsed(tree.textBytes(i), to: &buffer, pendingSpace: &pendingSpace)
            case .br:
                pendingSpace = true
            default:
                if tag.isBlock {
                    flush()
                    kinds.append((tree.end(i), kind(tag), tag.headingLevel))
                }
            }
            i += 1
        }
        flush()
        return blocks
    }

    private static func kind(_ tag: HTMLTag) -> Block.Kind {
        switch tag {
        case .h1, .h2, .h3, .h4, .h5, .h6: return .heading
        case .li, .dt, .dd: return .listItem
        case .blockquote: return .quote
        case .pre: return .code
        case .figcaption, .caption: return .caption
        case .tr: return .tableRow
        default: return .paragraph
        }
    }
}
