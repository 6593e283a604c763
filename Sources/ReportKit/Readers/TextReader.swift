import Foundation

/// Plain text: one paragraph block per non-blank line. Blank lines separate nothing but
/// themselves, since scraped text breaks lines inconsistently.
public enum TextReader {
    public static func blocks(_ text: String) -> [Block] {
        // A byte scan: splitting by Character ran at ~15 MB/s and was half of a batch's time.
        // Line breaks are ASCII and always grapheme boundaries, so byte lines are the same lines.
        var text = text
        return text.withUTF8 { bytes in
            var blocks: [Block] = []
            guard let base = bytes.baseAddress else { return blocks }
            // Without a carriage return anywhere, memchr finds each line feed (lines run to
            // kilobytes: a byte loop over them was a sixtieth of a batch).
            let hasCarriageReturn = memchr(base, 0x0D, bytes.count) != nil
            var lineStart = 0
            var index = 0
            while index <= bytes.count {
                if index < bytes.count {
                    if hasCarriageReturn {
                        guard bytes[index] == 0x0A || bytes[index] == 0x0D else { index += 1; continue }
                    } else if let found = memchr(base + index, 0x0A, bytes.count - index) {
                        index = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                    } else {
                        index = bytes.count
                    }
                }
                defer { index += 1 }
                var start = lineStart, end = index
                lineStart = index + 1
                while start < end, isASCIISpace(bytes[start]) { start += 1 }
                while end > start, isASCIISpace(bytes[end - 1]) { end -= 1 }
                guard start < end else { continue }
                let line = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                if bytes[start] < 0x80, bytes[end - 1] < 0x80 {
                    blocks.append(Block(.paragraph, line))
                } else {
                    // Non-ASCII at an edge: it may be white space (NBSP, ideographic space).
                    let trimmed = line.trimmingSpaces()
                    if !trimmed.isEmpty { blocks.append(Block(.paragraph, String(trimmed))) }
                }
            }
            return blocks
        }
    }

    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
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
