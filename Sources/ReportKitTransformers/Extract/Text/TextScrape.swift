import ReportKit

/// Structures a plain-text (or Markdown) scrape: the title and dek from the first lines,
/// byline and date lines into `authors` and `published`, and navigation residue and
/// repeated headline or dek lines out of the body, each recorded in `dropped`.
struct TextScrape {
    var drop: Set<DropReason>
    var stepName: String

    func structure(_ report: inout Report) {
        let original = report.body
        var keep = [Bool](repeating: true, count: original.count)
        var dropped: [DroppedBlock] = []
        func remove(_ index: Int, _ reason: DropReason) {
            keep[index] = false
            dropped.append(DroppedBlock(text: original[index].text, reason: reason.rawValue, step: stepName, block: index))
        }

        // Leading navigation (breadcrumbs, share bars) before the headline.
        var cursor = 0
        while cursor < original.count, let reason = LineRules.classify(original[cursor].text), drop.contains(reason) {
            remove(cursor, reason)
            cursor += 1
        }
        var titleIndex: Int?
        var dekIndex: Int?
        if report.title == nil, cursor < original.count, isHeadline(original[cursor]) {
            report.title = original[cursor].text
            keep[cursor] = false
            titleIndex = cursor
            cursor += 1
        }
        // Bylines and datelines right under the headline; the dek may come before or after them.
        var scanned = 0
        while cursor < original.count, scanned < 5 {
            let text = original[cursor].text
            if let authors = LineRules.byline(text) {
                if report.authors.isEmpty { report.authors = authors }
                if drop.contains(.byline) { remove(cursor, .byline) }
                cursor += 1
            } else if let date = LineRules.dateline(text) {
                if date.updated { report.updated = report.updated ?? date.iso } else { report.published = report.published ?? date.iso }
                if drop.contains(.byline) { remove(cursor, .dateline) }
                cursor += 1
            } else if let reason = LineRules.classify(text), drop.contains(reason) {
                remove(cursor, reason)
                cursor += 1
            } else if titleIndex != nil, dekIndex == nil, report.subtitle == nil, report.authors.isEmpty, report.published == nil,
                      report.updated == nil, isDek(original[cursor]), cursor + 1 < original.count {
                // A dek sits right under the headline, before any byline or date.
                report.subtitle = text
                keep[cursor] = false
                dekIndex = cursor
                cursor += 1
            } else {
                break
            }
            scanned += 1
        }

        let foldedTitle = report.title.map(TextFolding.foldForComparison) ?? ""
        let foldedDek = report.subtitle.map(TextFolding.foldForComparison) ?? ""
        let checkTitle = drop.contains(.repeatedHeadline) && !foldedTitle.isEmpty
        let checkDek = drop.contains(.repeatedDek) && !foldedDek.isEmpty
        for index in cursor ..< original.count where keep[index] {
            let text = original[index].text
            // Fold only a line whose first bytes can match the headline's or dek's: most cannot.
            let nearTitle = checkTitle && LineRules.mayRepeat(text, foldedTitle)
            let nearDek = checkDek && LineRules.mayRepeat(text, foldedDek)
            let folded = nearTitle || nearDek ? TextFolding.foldForComparison(text) : ""
            if nearTitle, LineRules.repeats(folded, of: foldedTitle, line: text) {
                remove(index, .repeatedHeadline)
            } else if nearDek, LineRules.repeats(folded, of: foldedDek, line: text) {
                remove(index, .repeatedDek)
            } else if let reason = LineRules.classify(text), drop.contains(reason) {
                remove(index, reason)
            }
        }
        report.body = original.indices.filter { keep[$0] }.map { original[$0] }
        report.dropped += dropped
    }

    /// A first line that reads as a headline: short, or a Markdown top heading.
    private func isHeadline(_ block: Block) -> Bool {
        if block.kind == .heading { return true }
        return block.text.utf8.count <= 250 && LineRules.wordCount(block.text, upTo: 31) <= 30
    }

    /// A line under the headline that reads as a dek: one short sentence, not a quote.
    private func isDek(_ block: Block) -> Bool {
        guard block.kind == .paragraph || block.kind == .heading else { return false }
        let text = block.text
        guard text.utf8.count <= 300 else { return false }
        let words = LineRules.wordCount(text, upTo: 36)
        guard words >= 3, words <= 35 else { return false }
        if let first = text.unicodeScalars.first, "“\"‘'".unicodeScalars.contains(first) { return false }
        if text.hasSuffix(":") { return false }
        // More than one sentence is a paragraph, not a dek.
        return SentenceSplitter.split(text).count <= 1
    }
}

/// Why a block left the body.
enum DropReason: String, CaseIterable {
    case navigation
    case repeatedHeadline = "repeated-headline"
    case repeatedDek = "repeated-dek"
    case boilerplate
    case byline
    case dateline
    /// HTML only: a block with mostly link text inside the article.
    case links
}
