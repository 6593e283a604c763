import ReportKit

/// Catalogue class 14: the headline (or the dek) repeated as a later body line.
enum RepeatedHeadlineRule {
    static let description = RuleDescription(
        name: "repeated-headline", group: .lines, catalogueClass: 14,
        summary: "Drops a later body line that repeats the headline or the dek (compared after folding quotes, dashes, spaces and case), or a cut-off start of one. Without a title, the first line is taken as the headline.",
        neverTouches: "The first occurrence; lines that merely share words with the headline; lines ending in a full stop that only start like the dek.",
        defaultMode: .fix,
        examples: [
            .keeps("Ferries resume after the storm\nFerries resume after the storm, officials said on Monday."),
            .fixes("Lantern show draws record crowds — a first\nThe show opened.\nLantern show draws record crowds - a first\nIt ends in March.",
                   to: "Lantern show draws record crowds — a first\nThe show opened.\nIt ends in March."),
        ])

    struct Candidate {
        var folded: String
        /// Body index of the candidate itself, if it is a body line.
        var block: Int?
    }

    /// The headline and dek candidates of a report.
    /// `isNavigation` is asked about body lines by index and text.
    static func candidates(_ report: Report, isNavigation: (Int, String) -> Bool) -> [Candidate] {
        var out: [Candidate] = []
        if let title = report.title, !title.isEmpty { out.append(Candidate(folded: TextFolding.foldForComparison(title), block: nil)) }
        if let dek = report.subtitle, !dek.isEmpty { out.append(Candidate(folded: TextFolding.foldForComparison(dek), block: nil)) }
        if report.title == nil || report.title?.isEmpty == true {
            // Text input: the first real line is the headline, the next one may be the dek.
            var taken = 0
            for (index, block) in report.body.enumerated() where taken < 2 {
                if isNavigation(index, block.text) { continue }
                // The second line is a dek only when it is short.
                if taken == 1, block.text.utf8.count > 160 { break }
                out.append(Candidate(folded: TextFolding.foldForComparison(block.text), block: index))
                taken += 1
            }
        }
        return out.filter { !$0.folded.isEmpty }
    }

    /// The longest line (in UTF-8 bytes) that `repeats` may find to repeat one of the candidates.
    static func lengthLimit(_ candidates: [Candidate]) -> Int {
        min(400, candidates.reduce(0) { max($0, $1.folded.utf8.count) } + 60)
    }

    /// Whether body line `index` repeats a candidate that comes before it.
    static func repeats(_ text: String, index: Int, candidates: [Candidate]) -> Bool {
        // Folding costs; a line much longer than every candidate cannot repeat one.
        guard text.utf8.count <= lengthLimit(candidates) else { return false }
        // The first letter or digit must match some candidate's before folding is worth it.
        guard let firstByte = text.utf8.first(where: { ByteText.isAlnum($0) || $0 >= 0x80 }) else { return false }
        let lead = ByteText.isUpper(firstByte) ? firstByte | 0x20 : firstByte
        guard candidates.contains(where: { $0.folded.utf8.first == lead || firstByte >= 0x80 }) else { return false }
        let folded = TextFolding.foldForComparison(text)
        guard !folded.isEmpty else { return false }
        for candidate in candidates {
            if let own = candidate.block, own >= index { continue }
            if folded == candidate.folded { return true }
            // A cut-off copy: at least six words, no sentence end, a prefix of the candidate.
            let trimmed = text.trimmingSpaces()
            let ended = trimmed.hasSuffix(".") || trimmed.hasSuffix("?") || trimmed.hasSuffix("!")
            if !ended, folded.split(separator: " ").count >= 6, candidate.folded.hasPrefix(folded + " ") { return true }
            // The headline with the site's name after a separator: `Title | Site`, `Title - Site`.
            if folded.hasPrefix(candidate.folded + " "), folded.split(separator: " ").count - candidate.folded.split(separator: " ").count <= 3,
               [" | ", " - ", " – ", " — ", " _ "].contains(where: { text.contains($0) }) {
                return true
            }
        }
        return false
    }
}
