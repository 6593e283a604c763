import ReportKit

/// HTML page → report: metadata, then the article body as blocks, then comments if asked.
struct HTMLExtraction {
    let settings: ExtractSettings

    func extract(raw: String, into report: inout Report) throws {
        let tree = HTMLTreeCache.shared.tree(forRaw: raw)
        if tree.depth > settings.maxHTMLDepth {
            throw StepFailure("the page " + HTMLReader.depthMessage(tree.depth, limit: settings.maxHTMLDepth))
        }
        guard tree.count > 0 else {
            report.body = []
            report.diagnostics.append(ReportDiagnostic(.warning, step: settings.stepName, "the page has no HTML content"))
            return
        }
        let metadata = HTMLMetadata.read(tree)
        let scoring = ContentScoring(tree: tree)
        let containers = scoring.chooseContainers(favor: settings.favor)
        var emitter = BlockEmitter(tree: tree, scoring: scoring, settings: settings)
        for container in containers { emitter.emit(container) }
        var blocks = emitter.blocks

        // Title: metadata first, then the article's first heading, then <title>.
        let h1 = firstHeading(tree, containers: containers)
        var title = metadata.title ?? h1 ?? metadata.titleFromTitleTag.map { HTMLMetadata.stripSiteSuffix($0, site: metadata.site) }
        if let t = title, t.isEmpty { title = nil }
        report.title = title
        if report.subtitle == nil { report.subtitle = metadata.dek }
        if report.authors.isEmpty { report.authors = metadata.authors.isEmpty ? emitter.bylines : metadata.authors }
        report.published = report.published ?? metadata.published
        report.updated = report.updated ?? metadata.updated
        report.site = report.site ?? metadata.site
        report.language = report.language ?? metadata.language
        report.url = report.url ?? metadata.url
        report.description = report.description ?? metadata.description
        if report.tags.isEmpty { report.tags = metadata.tags }

        // The headline (and the dek) repeated at the top of the body.
        var dropped = emitter.dropped
        let foldedTitles = Set([title, h1].compactMap { $0 }.map(TextFolding.foldForComparison))
        let foldedDek = report.subtitle.map(TextFolding.foldForComparison)
        var kept: [Block] = []
        for (index, block) in blocks.enumerated() {
            // Only the top of the body can repeat the headline; fold nothing further down.
            let folded = index < 8 && block.text.utf8.count < 400 ? TextFolding.foldForComparison(block.text) : ""
            if settings.drop.contains(.repeatedHeadline), !folded.isEmpty, foldedTitles.contains(folded) {
                dropped.append(DroppedBlock(text: block.text, reason: DropReason.repeatedHeadline.rawValue, step: settings.stepName))
            } else if settings.drop.contains(.repeatedDek), !folded.isEmpty, let foldedDek, folded == foldedDek {
                dropped.append(DroppedBlock(text: block.text, reason: DropReason.repeatedDek.rawValue, step: settings.stepName))
            } else {
                kept.append(block)
            }
        }
        blocks = kept
        report.body = blocks
        report.dropped += dropped
        if settings.keepComments { report.comments = emitter.comments(in: tree) }
        if blocks.isEmpty {
            report.diagnostics.append(ReportDiagnostic(.warning, step: settings.stepName, "no article text found on the page"))
        }
    }

    private func firstHeading(_ tree: HTMLTree, containers: [Int]) -> String? {
        // The h1 closest before or inside the article; else the page's first h1.
        let start = containers.first ?? 0
        var candidate: Int?
        var i = 0
        while i < tree.count {
            if tree.tags[i] == .h1 {
                if candidate == nil || i <= (containers.last.map { tree.end($0) } ?? start) { candidate = i }
                if i >= start { break }
            }
            i += 1
        }
        guard let h1 = candidate else { return nil }
        let text = tree.collapsedText(h1)
        return text.isEmpty ? nil : text
    }
}

/// Turns the chosen containers into blocks, leaving out furniture inside them.
struct BlockEmitter {
    let tree: HTMLTree
    let scoring: ContentScoring
    let settings: ExtractSettings
    private(set) var blocks: [Block] = []
    private(set) var dropped: [DroppedBlock] = []
    private(set) var bylines: [String] = []

    private var buffer: [UInt8] = []
    private var pendingSpace = false
    private var bufferLinkBytes = 0
    private var bufferBytes = 0
    private var cells: [String] = []
    private var rowBytes = 0
    private var rowLinkBytes = 0
    /// Open block elements, innermost last: where each ends and what kind of block it makes.
    private var open: [(node: Int, end: Int, kind: Block.Kind, level: Int?, tag: HTMLTag)] = []
    /// After a `Related …` line, the rest of its container is skipped up to here.
    private var skipUntil = -1

    init(tree: HTMLTree, scoring: ContentScoring, settings: ExtractSettings) {
        self.tree = tree
        self.scoring = scoring
        self.settings = settings
    }

    mutating func emit(_ root: Int) {
        open.removeAll()
        var linkEnds: [Int] = []
        var i = root
        let stop = tree.end(root)
        while i < stop {
            while let top = open.last, top.end <= i {
                closeBlock(top)
                open.removeLast()
            }
            if i < skipUntil {
                i = skipUntil
                continue
            }
            while let last = linkEnds.last, last <= i { linkEnds.removeLast() }
            let tag = tree.tags[i]
            if tag == .text {
                let before = buffer.count
                HTMLTree.appendCollapsed(tree.textBytes(i), to: &buffer, pendingSpace: &pendingSpace)
                let added = buffer.count - before
                bufferBytes += added
                if !linkEnds.isEmpty { bufferLinkBytes += added }
                i += 1
                continue
            }
            if skip(i, tag, isRoot: i == root) {
                if tag == .figure || tag == .picture, settings.keepImages { emitCaptions(i) }
                i = tree.end(i)
                continue
            }
            switch tag {
            case .br:
                pendingSpace = true
            case .a:
                linkEnds.append(tree.end(i))
            case .table where !settings.keepTables && i != root:
                i = tree.end(i)
                continue
            case .td, .th:
                flushCell()
            default:
                if tag.isBlock || tag == .li {
                    flush(kind: open.last?.kind ?? .paragraph, level: open.last?.level, tag: open.last?.tag ?? .p)
                    let (kind, level) = blockKind(tag, inside: open.last?.kind)
                    open.append((i, tree.end(i), kind, level, tag))
                }
            }
            i += 1
        }
        while let top = open.popLast() { closeBlock(top) }
        flush(kind: .paragraph, level: nil, tag: .p)
    }

    private mutating func closeBlock(_ block: (node: Int, end: Int, kind: Block.Kind, level: Int?, tag: HTMLTag)) {
        if block.tag == .td || block.tag == .th {
            flushCell()
            return
        }
        if block.tag == .tr {
            flushCell()
            if !cells.isEmpty {
                let row = cells.joined(separator: " | ")
                cells.removeAll()
                let linkShare = Double(rowLinkBytes) / Double(max(1, rowBytes))
                if settings.drop.contains(.links), linkShare > linkLimit {
                    dropped.append(DroppedBlock(text: row, reason: DropReason.links.rawValue, step: settings.stepName))
                } else {
                    blocks.append(Block(.tableRow, row))
                }
            }
            rowBytes = 0
            rowLinkBytes = 0
            return
        }
        flush(kind: block.kind, level: block.level, tag: block.tag)
    }

    private mutating func flushCell() {
        guard !buffer.isEmpty else { return }
        cells.append(String(decoding: buffer, as: UTF8.self))
        rowBytes += bufferBytes
        rowLinkBytes += bufferLinkBytes
        buffer.removeAll(keepingCapacity: true)
        pendingSpace = false
        bufferBytes = 0
        bufferLinkBytes = 0
    }

    /// Ends the current block: keeps it, or drops it as link list or furniture residue.
    private mutating func flush(kind: Block.Kind, level: Int?, tag: HTMLTag) {
        defer {
            buffer.removeAll(keepingCapacity: true)
            pendingSpace = false
            bufferBytes = 0
            bufferLinkBytes = 0
        }
        guard !buffer.isEmpty else { return }
        if !cells.isEmpty {
            flushCell()
            return
        }
        let text = String(decoding: buffer, as: UTF8.self)
        let linkShare = Double(bufferLinkBytes) / Double(max(1, bufferBytes))
        if settings.drop.contains(.links), linkShare > linkLimit, kind != .heading || linkShare >= 0.99 {
            dropped.append(DroppedBlock(text: text, reason: DropReason.links.rawValue, step: settings.stepName))
            return
        }
        if bufferBytes < 60, LineRules.introducesRelatedLinks(text), settings.drop.contains(.navigation) {
            dropped.append(DroppedBlock(text: text, reason: DropReason.navigation.rawValue, step: settings.stepName))
            // What follows in the same container is the list of links.
            if open.count >= 1 {
                let parent = Int(tree.parents[open[open.count - 1].node])
                if parent >= 0 { skipUntil = max(skipUntil, tree.end(parent)) }
            }
            return
        }
        if kind != .heading, let reason = LineRules.classify(text), settings.drop.contains(reason) {
            dropped.append(DroppedBlock(text: text, reason: reason.rawValue, step: settings.stepName))
            return
        }
        if kind == .paragraph, bufferBytes < 60, LineRules.dateline(text) != nil, settings.drop.contains(.dateline) {
            dropped.append(DroppedBlock(text: text, reason: DropReason.dateline.rawValue, step: settings.stepName))
            return
        }
        if bufferBytes < 120, let authors = LineRules.byline(text) {
            if bylines.isEmpty { bylines = authors }
            if settings.drop.contains(.byline) {
                dropped.append(DroppedBlock(text: text, reason: DropReason.byline.rawValue, step: settings.stepName))
                return
            }
        }
        if settings.favor == .precision, kind == .paragraph, bufferBytes < 40, !LineRules.endsWithSentencePunctuation(text) {
            dropped.append(DroppedBlock(text: text, reason: DropReason.boilerplate.rawValue, step: settings.stepName))
            return
        }
        blocks.append(Block(kind, text, level: level))
    }

    private var linkLimit: Double { settings.favor == .recall ? 0.8 : settings.favor == .precision ? 0.4 : 0.6 }

    private func skip(_ i: Int, _ tag: HTMLTag, isRoot: Bool) -> Bool {
        if isRoot { return false }
        if scoring.furniture[i] { return true }
        if tag == .figure || tag == .picture || tag == .figcaption { return true }
        if tag == .h1 { return false }
        return false
    }

    private mutating func emitCaptions(_ figure: Int) {
        var i = figure
        while i < tree.end(figure) {
            if tree.tags[i] == .figcaption {
                let text = tree.collapsedText(i)
                if !text.isEmpty { blocks.append(Block(.caption, text)) }
                i = tree.end(i)
                continue
            }
            i += 1
        }
    }

    private func blockKind(_ tag: HTMLTag, inside: Block.Kind?) -> (Block.Kind, Int?) {
        switch tag {
        case .h1, .h2, .h3, .h4, .h5, .h6: return (.heading, tag.headingLevel)
        case .li, .dt, .dd: return (.listItem, nil)
        case .blockquote: return (.quote, nil)
        case .pre: return (.code, nil)
        case .figcaption, .caption: return (.caption, nil)
        case .tr: return (.tableRow, nil)
        default:
            // A paragraph inside a blockquote or list item keeps that kind.
            if let inside, inside == .quote || inside == .listItem { return (inside, nil) }
            return (.paragraph, nil)
        }
    }

    /// Reader comments: the text blocks of comment containers, outside the article.
    func comments(in tree: HTMLTree) -> [Block] {
        var result: [Block] = []
        var i = 0
        while i < tree.count {
            if tree.tags[i] != .text, BoilerplateRules.isComments(tree, i), scoring.textLength[i] > 0 {
                var j = i
                while j < tree.end(i) {
                    if tree.tags[j] == .p || (tree.tags[j] == .div && scoring.isParagraph(j)) {
                        let text = tree.collapsedText(j)
                        if !text.isEmpty { result.append(Block(.paragraph, text)) }
                        j = tree.end(j)
                        continue
                    }
                    j += 1
                }
                i = tree.end(i)
                continue
            }
            i += 1
        }
        return result
    }
}
