/// Plain text: one paragraph block per non-blank line. Blank lines separate nothing but
/// themselves, since scraped text breaks lines inconsistently.
public enum TextReader {
    public static func blocks(_ text: String) -> [Block] {
        var blocks: [Block] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let trimmed = line.trimmingSpaces()
            if !trimmed.isEmpty { blocks.append(Block(.paragraph, String(trimmed))) }
        }
        return blocks
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, line breaks, NBSP).
    public func trimmingSpaces() -> SubSequence {
        var start = startIndex, end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}
