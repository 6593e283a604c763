import Foundation

/// Makes text reports of a given size that look like scraped, machine-translated news: a
/// headline, a dek, a repeated headline, navigation lines, full-width punctuation, orphaned
/// commas. The words are this file's own; a seeded generator makes every run the same.
struct ReportGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    private mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }

    static let subjects = ["The city council", "The harbor board", "Provincial officials", "The water authority",
                           "Local farmers", "The transport bureau", "Residents of the old quarter", "The school district",
                           "A spokesperson for the ministry", "The county planning office", "Volunteers from the river club"]
    static let verbs = ["approved", "announced", "reviewed", "postponed", "expanded", "questioned", "welcomed", "funded",
                        "inspected", "completed"]
    static let objects = ["a plan to repair the northern bridge", "new bus routes for the industrial park",
                          "the budget for flood barriers", "a pilot program for rooftop gardens",
                          "the cleanup of the canal banks", "a survey of air quality near the port",
                          "longer opening hours at the public library", "repairs to the night market stalls",
                          "a study on ferry ticket prices", "training for emergency volunteers"]
    static let tails = ["on Monday", "after a long debate", "in a statement", "at a press briefing",
                        "despite heavy rain", "for the third time this year", "ahead of the spring festival", ""]

    mutating func sentence() -> String {
        var s = Self.subjects[next(Self.subjects.count)] + " " + Self.verbs[next(Self.verbs.count)] + " "
            + Self.objects[next(Self.objects.count)]
        let tail = Self.tails[next(Self.tails.count)]
        if !tail.isEmpty { s += " " + tail }
        switch next(10) {
        case 0: s += "，and officials said work would begin soon"  // a full-width comma
        case 1: s += " . , as well as nearby streets"             // orphaned punctuation
        default: break
        }
        return s + "."
    }

    /// One report of about `bytes` bytes of UTF-8 text.
    mutating func report(bytes: Int, number: Int) -> String {
        let headline = "Officials \(Self.verbs[next(Self.verbs.count)]) plan number \(number) for the district"
        var lines = [headline, "A short dek line about the plan.", headline]
        var size = lines.reduce(0) { $0 + $1.utf8.count + 1 }
        while size < bytes {
            var paragraph = ""
            for _ in 0..<(3 + next(3)) { paragraph += (paragraph.isEmpty ? "" : " ") + sentence() }
            if next(6) == 0 { paragraph = "“We will keep going,” said Lin Wei, a district engineer. " + paragraph }
            lines.append(paragraph)
            size += paragraph.utf8.count + 1
        }
        lines.append("Previous: Rain expected over the weekend")
        lines.append("Next: Market prices steady")
        return lines.joined(separator: "\n") + "\n"
    }
}
