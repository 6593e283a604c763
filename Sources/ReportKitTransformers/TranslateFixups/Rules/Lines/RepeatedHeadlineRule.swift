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
        /// `folded`'s bytes and a space: what a repeat's folded form starts with, or a prefix of it.
        var prefixBytes: [UInt8]

        init(folded: String, block: Int?) {
            self.folded = folded
            self.block = block
            self.prefixBytes = Array(folded.utf8) + [0x20]
        }
    }

    /// False when the line's folded form cannot repeat any candidate: each way of repeating
    /// (equal, a cut-off start, the headline and a site name) needs one of the two folded
    /// forms to start with the other, and on the line's ASCII start they already differ.
    /// Folds as `TextFolding.foldForComparison` does, byte by byte, stopping at the first
    /// difference; any non-ASCII byte on either side leaves the answer to the full check.
    static func mayRepeat(_ text: UnsafeBufferPointer<UInt8>, _ candidates: [Candidate]) -> Bool {
        var alive = candidates.map { _ in true }
        var aliveCount = alive.count
        var k = 0
        var pendingSpace = false
        // One folded byte out: drop the candidates it differs from.
        func emit(_ x: UInt8) -> Bool? {
            for c in candidates.indices where alive[c] {
                let target = candidates[c].prefixBytes
                if k >= target.count { return true }
                let t = target[k]
                if t < 0x80, t != x { alive[c] = false; aliveCount -= 1 }
            }
            k += 1
            if aliveCount == 0 { return false }
            for c in candidates.indices where alive[c] && k >= candidates[c].prefixBytes.count { return true }
            return nil
        }
        for b in text {
            if b >= 0x80 { return true }
            let lower = ByteText.isUpper(b) ? b | 0x20 : b
            if ByteText.isLower(lower) || ByteText.isDigit(lower) {
                if pendingSpace, k > 0, let answer = emit(0x20) { return answer }
                pendingSpace = false
                if let answer = emit(lower) { return answer }
            } else {
                pendingSpace = true
            }
        }
        return true
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
        var line = text
        guard line.withUTF8({ mayRepeat($0, candidates) }) else { return false }
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
