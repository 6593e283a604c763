/// Markdown: ATX headings, list items, block quotes, fenced code, and paragraphs
/// (consecutive lines joined). Inline markup is kept as written.
public enum MarkdownReader {
    public static func blocks(_ text: String) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [Substring] = []
        var inFence = false
        var fence: [Substring] = []
        func flush() {
            if !paragraph.isEmpty {
                blocks.append(Block(.paragraph, paragraph.joined(separator: " ")))
                paragraph.removeAll()
            }
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Front matter is metadata, not body.
        if lines.first?.trimmingSpaces() == "---", let close = lines.dropFirst().firstIndex(where: { $0.trimmingSpaces() == "---" }) {
            lines.removeSubrange(0...close)
        }
        for rawLine in lines {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                if inFence {
                    blocks.append(Block(.code, fence.joined(separator: "\n")))
                    fence.removeAll()
                } else {
                    flush()
                }
                inFence.toggle()
                continue
            }
            if inFence { fence.append(line); continue }
            if trimmed.isEmpty { flush(); continue }
            if trimmed.hasPrefix("#") {
                let level = trimmed.prefix { $0 == "#" }.count
                let rest = trimmed.dropFirst(level)
                if level <= 6, rest.isEmpty || rest.first == " " {
                    flush()
                    let heading = rest.trimmingSpaces().trimmingCharacters(in: "#").trimmingSpaces()
                    blocks.append(Block(.heading, String(heading), level: level))
                    continue
                }
            }
            if trimmed.hasPrefix(">") {
                flush()
                blocks.append(Block(.quote, String(trimmed.dropFirst().trimmingSpaces())))
                continue
            }
            if let item = listItemText(trimmed) {
                flush()
                blocks.append(Block(.listItem, String(item)))
                continue
            }
            paragraph.append(trimmed)
        }
        if inFence, !fence.isEmpty { blocks.append(Block(.code, fence.joined(separator: "\n"))) }
        flush()
        return blocks
    }

    private static func listItemText(_ line: Substring) -> Substring? {
        if let first = line.first, first == "-" || first == "*" || first == "+", line.dropFirst().first == " " {
            return line.dropFirst(2).trimmingSpaces()
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3 {
            let rest = line.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first == " " {
                return rest.dropFirst(2).trimmingSpaces()
            }
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in character: Character) -> Substring {
        var s = self
        while s.last == character { s = s.dropLast() }
        return s
    }
}
