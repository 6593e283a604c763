import ReportKit

/// Ranks a document's key terms and key phrases.
///
/// Candidates are single content words and runs of two or three content words that a stop
/// word or punctuation does not break (`global influence`, `high-quality development`).
/// A word scores its frequency; a phrase must occur at least twice and scores its frequency
/// times the mean frequency of its words. Words in the title count double. A candidate
/// inside a higher-ranked
/// phrase with no more occurrences than it is left out, so `global` does not follow
/// `global influence` unless it stands alone more often.
enum KeywordExtractor {
    static func keywords(_ doc: SummaryDocument, report: Report, limit: Int) -> [Keyword] {
        guard limit > 0, !doc.termInfo.isEmpty else { return [] }
        struct Candidate {
            /// Up to three term ids (+1), 21 bits each, first word lowest.
            var key: UInt64
            var length: Int
            var count: Int
            var score: Double
            /// Where its first word first appears (block, byte), for stable ties.
            var firstSeen = 0
            var terms: [Int32] { (0..<length).map { Int32((key >> (21 * UInt64($0))) & 0x1F_FFFF) - 1 } }
            var first: Int32 { Int32(key & 0x1F_FFFF) - 1 }
            func term(_ w: Int) -> Int32 { Int32((key >> (21 * UInt64(w))) & 0x1F_FFFF) - 1 }
        }
        // Title membership by term id (an array, not a set: no hashing per lookup).
        let hasTitle = !doc.titleTerms.isEmpty
        var inTitle = [Bool](repeating: false, count: hasTitle ? doc.termInfo.count : 0)
        for t in doc.titleTerms { inTitle[Int(t)] = true }
        // Phrase keys pack up to three term ids (+1, 21 bits each) into one integer.
        let packable = doc.termInfo.count < (1 << 21) - 1
        var phraseIndex = TermTable(capacity: 2 * doc.phraseStream.count)
        var candidates: [Candidate] = []
        // Phrases: n-grams of 2–3 inside each unbroken run of content terms (a run ends at -1),
        // found by index in place: no run is copied out.
        if packable {
            candidates.reserveCapacity(doc.phraseStream.count)
            doc.phraseStream.withUnsafeBufferPointer { stream in
                var runStart = 0
                for k in 0...stream.count {
                    guard k == stream.count || stream[k] < 0 else { continue }
                    let runLength = k - runStart
                    if runLength >= 2 {
                        for length in 2...min(3, runLength) {
                            for start in runStart...(k - length) {
                                var key: UInt64 = 0
                                var skip = false
                                for w in 0..<length {
                                    let t = stream[start + w]
                                    let info = doc.termInfo[Int(t)]
                                    // A phrase with a number is no keyword; one with a word seen
                                    // once cannot occur twice, and would be dropped below.
                                    if info.isNumber || info.count < 2 { skip = true }
                                    key |= UInt64(t + 1) << (21 * UInt64(w))
                                }
                                if skip { continue }
                                if let found = phraseIndex.findOrInsert(key, Int32(candidates.count)) {
                                    candidates[Int(found)].count += 1
                                } else {
                                    candidates.append(Candidate(key: key, length: length, count: 1, score: 0))
                                }
                            }
                        }
                    }
                    runStart = k + 1
                }
            }
        }
        candidates.removeAll { $0.count < 2 }
        for k in candidates.indices {
            var inTitleCount = 0, frequency = 0
            for w in 0..<candidates[k].length {
                let t = Int32((candidates[k].key >> (21 * UInt64(w))) & 0x1F_FFFF) - 1
                frequency += doc.termInfo[Int(t)].count
                if hasTitle, inTitle[Int(t)] { inTitleCount += 1 }
            }
            let titleBoost = inTitleCount > 0 ? 2.0 : 1.0
            candidates[k].score = Double(candidates[k].count * (frequency / candidates[k].length)) * titleBoost
        }
        for (t, info) in doc.termInfo.enumerated() where !info.isNumber {
            let titleBoost = hasTitle && inTitle[t] ? 2.0 : 1.0
            candidates.append(Candidate(key: UInt64(t + 1), length: 1, count: info.count, score: Double(info.count) * titleBoost))
        }
        // Highest score first; ties go to the term seen first.
        for k in candidates.indices {
            let info = doc.termInfo[Int(candidates[k].first)]
            candidates[k].firstSeen = info.block << 32 | info.range.lowerBound
        }
        // Only the best few can be chosen: sort those that could make the cut (some are
        // skipped as fillers or covered phrases, hence the margin).
        if candidates.count > limit * 8 {
            var scores = candidates.map(\.score)
            let cut = nthLargest(&scores, limit * 8 - 1)
            candidates.removeAll { $0.score < cut }
        }
        // Ties: the longer phrase first (so it can cover its parts), then the one seen first.
        candidates.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.length != $1.length { return $0.length > $1.length }
            return $0.firstSeen < $1.firstSeen
        }
        var chosen: [Candidate] = []
        for candidate in candidates {
            if chosen.count == limit { break }
            var hasFiller = false
            for w in 0..<candidate.length where isFiller(doc, candidate.term(w), report: report) { hasFiller = true; break }
            if hasFiller { continue }
            let covered = chosen.contains { picked in
                picked.length > candidate.length && candidate.count <= picked.count
                    && contains((picked.key, picked.length), (candidate.key, candidate.length))
            }
            let duplicate = chosen.contains { $0.key == candidate.key }
            if !covered && !duplicate { chosen.append(candidate) }
        }
        let top = chosen.first?.score ?? 1
        return chosen.map { Keyword(text: display(doc, $0.terms, report: report), score: ($0.score / top * 1000).rounded() / 1000) }
    }

    /// The value that would sit at `rank` (0-based) if `values` were sorted in descending
    /// order, found by quickselect (average linear time); `values` is reordered.
    static func nthLargest(_ values: inout [Double], _ rank: Int) -> Double {
        values.withUnsafeMutableBufferPointer { a in
            var low = 0, high = a.count - 1
            while low < high {
                // Median of three as the pivot; then a three-way partition (greater, equal, less).
                let mid = low + (high - low) / 2
                let x = a[low], y = a[mid], z = a[high]
                let pivot = max(min(x, y), min(max(x, y), z))
                var lt = low, i = low, gt = high
                while i <= gt {
                    if a[i] > pivot { a.swapAt(lt, i); lt += 1; i += 1 }
                    else if a[i] < pivot { a.swapAt(i, gt); gt -= 1 }
                    else { i += 1 }
                }
                if rank < lt { high = lt - 1 } else if rank > gt { low = gt + 1 } else { return pivot }
            }
            return a[rank]
        }
    }

    /// Words that are content words for similarity but say nothing as keywords.
    static let fillers: Set<String> = [
        "new", "first", "last", "next", "one", "two", "three", "year", "years", "time", "times", "week",
        "weeks", "month", "months", "day", "days", "told", "according", "added", "asked", "like", "make",
        "made", "get", "got", "go", "going", "well", "back", "many", "much", "now", "still", "even",
        "people", "way", "ago", "yet", "already", "however", "including", "since", "while", "because",
    ]

    /// The fillers as bytes, for the ASCII check that needs no `String`.
    static let fillerBytes: [[UInt8]] = fillers.map { Array($0.utf8) }

    private static func isFiller(_ doc: SummaryDocument, _ t: Int32, report: Report) -> Bool {
        let info = doc.termInfo[Int(t)]
        if info.range.count < 2 { return true }
        guard info.range.count <= 10 else { return false }
        // ASCII words are compared as bytes; others (whose lowercasing is not bytewise) as strings.
        let asciiAnswer: Bool? = report.body[info.block].text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            let range = info.range
            for k in range where bytes[k] >= 0x80 { return nil }
            for filler in fillerBytes where filler.count == range.count {
                var same = true
                for k in 0..<filler.count where WordTokenizer.asciiLowercased(bytes[range.lowerBound + k]) != filler[k] {
                    same = false
                    break
                }
                if same { return true }
            }
            return false
        } ?? nil
        if let asciiAnswer { return asciiAnswer }
        return fillers.contains(surface(doc, t, report: report).lowercased())
    }

    private static func surface(_ doc: SummaryDocument, _ t: Int32, report: Report) -> String {
        let info = doc.termInfo[Int(t)]
        let utf8 = report.body[info.block].text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: info.range.lowerBound)
        let end = utf8.index(start, offsetBy: info.range.count)
        return String(report.body[info.block].text[start..<end])
    }

    /// Whether the phrase packed in `needle` is a run of the words of the one in `haystack`:
    /// compared on the packed keys (21 bits a word), so no word list is built.
    private static func contains(_ haystack: (key: UInt64, length: Int), _ needle: (key: UInt64, length: Int)) -> Bool {
        guard needle.length <= haystack.length else { return false }
        let mask: UInt64 = needle.length >= 3 ? (1 << 63) - 1 : (1 << (21 * UInt64(needle.length))) - 1
        for shift in 0...(haystack.length - needle.length) where (haystack.key >> (21 * UInt64(shift))) & mask == needle.key {
            return true
        }
        return false
    }

    /// Each word as first written, lowercased unless it is only ever capitalized (a name).
    private static func display(_ doc: SummaryDocument, _ terms: [Int32], report: Report) -> String {
        terms.map { t -> String in
            let word = surface(doc, t, report: report)
            return doc.termInfo[Int(t)].seenLowercase ? word.lowercased() : word
        }.joined(separator: " ")
    }
}
