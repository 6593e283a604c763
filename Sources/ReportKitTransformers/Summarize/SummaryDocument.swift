import ReportKit

/// A report's body cut into sentences and terms: what every ranking method reads.
///
/// Terms are stemmed, lowercased content words (stop words dropped), numbered from 0 per
/// document. Each sentence keeps its distinct terms sorted, in one flat array.
struct SummaryDocument {
    struct Sentence {
        var block: Int
        /// Byte range in the block's text.
        var range: Range<Int>
        /// Range of this sentence's distinct terms in `terms`.
        var termRange: Range<Int>
        /// Content tokens, repeats counted.
        var contentTokens: Int
        /// All words, stop words included (for word budgets).
        var words: Int
        /// Ends with sentence punctuation (`.`, `!`, `?`, `…`, possibly inside quotes).
        var terminated: Bool
        /// Mostly a direct quote.
        var isQuote: Bool
        /// States a concrete figure: a year, a percentage, a sum of money or an amount with a unit.
        var statesFigure: Bool
        /// States a target date: a year after `by`, `until` or `before` (`by the end of 2030`).
        var statesDeadline: Bool
        /// Whether it may be picked at all (not a heading, the title, boilerplate, a fragment).
        var eligible: Bool
    }

    /// Where a term first appears and how it is written, for keyword display.
    struct TermInfo {
        var count: Int
        var block: Int
        var range: Range<Int>
        /// Seen written in lowercase somewhere (so it is not a proper name).
        var seenLowercase: Bool
        var isNumber: Bool
    }

    var sentences: [Sentence] = []
    /// Distinct term ids of every sentence, sorted within each sentence.
    var terms: [Int32] = []
    /// Content term ids of every sentence in text order, repeats kept, with -1 where a
    /// stop word or punctuation breaks a phrase.
    var phraseStream: [Int32] = []
    var termInfo: [TermInfo] = []
    /// Distinct terms of the title.
    var titleTerms: [Int32] = []
    /// Whether any sentence has end punctuation (if none, unterminated lines are prose).
    var hasTerminatedSentences = false

    /// Bodies are cut into sentences of at most this many bytes, so text without
    /// punctuation still yields sentence-sized units.
    static let maxSentenceBytes = 1_200

    /// Block kinds that hold prose a summary may quote.
    static let proseKinds: Set<Block.Kind> = [.paragraph, .quote, .listItem]

    init(report: Report, stopWords: StopWords?) {
        var table = TermTable(capacity: min(1 << 20, max(256, report.body.reduce(0) { $0 + $1.text.utf8.count } / 6)))
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)
        defer { scratch.deallocate() }
        var lastSentenceOfTerm: [Int32] = []
        var sentenceTerms: [Int32] = []
        // Sized from the body's length so the arrays rarely grow.
        let bodyBytes = report.body.reduce(0) { $0 + $1.text.utf8.count }
        sentences.reserveCapacity(bodyBytes / 100 + 4)
        terms.reserveCapacity(bodyBytes / 7 + 16)
        phraseStream.reserveCapacity(bodyBytes / 5 + 16)
        termInfo.reserveCapacity(bodyBytes / 12 + 16)
        lastSentenceOfTerm.reserveCapacity(bodyBytes / 12 + 16)
        sentenceTerms.reserveCapacity(64)

        for (b, block) in report.body.enumerated() {
            var text = block.text
            text.withUTF8 { bytes in
                for range in SentenceSplitter.byteRanges(in: bytes, maxSentenceBytes: Self.maxSentenceBytes) {
                    let index = Int32(sentences.count)
                    sentenceTerms.removeAll(keepingCapacity: true)
                    var contentTokens = 0
                    var words = 0
                    phraseStream.append(-1)
                    // Words of the sentence, scanned in place (no closures on this hot path).
                    var i = range.lowerBound
                    var previousEnd = range.lowerBound
                    let end = range.upperBound
                    while i < end {
                        if WordTokenizer.wordByteWidth(bytes, i) == 0 { i += WordTokenizer.separatorWidth(bytes, i); continue }
                        let wordStart = i
                        while i < end {
                            let width = WordTokenizer.wordByteWidth(bytes, i)
                            if width == 0 { break }
                            i += width
                        }
                        if i > end { i = end }
                        let word = wordStart..<i
                        words += 1
                        // Anything but spaces or one hyphen between two words breaks a phrase.
                        var breaks = false
                        var hyphens = 0
                        for k in previousEnd..<wordStart {
                            let g = bytes[k]
                            if g == 0x2D { hyphens += 1 } else if g != 0x20 { breaks = true; break }
                        }
                        if hyphens > 1 { breaks = true }
                        previousEnd = i
                        if breaks { phraseStream.append(-1) }
                        let length = word.count
                        guard length <= scratch.count else { phraseStream.append(-1); continue }
                        var isNumber = true
                        for k in 0..<length {
                            let c = bytes[wordStart + k]
                            if c < 0x30 || c > 0x39 { isNumber = false }
                            scratch[k] = WordTokenizer.asciiLowercased(c)
                        }
                        if let stopWords, stopWords.containsHash(StopWords.hash(UnsafeBufferPointer(rebasing: scratch[0..<length]))) {
                            phraseStream.append(-1)
                            continue
                        }
                        // Written lowercase here, so not (only) a proper name.
                        let lowercaseSeen = bytes[wordStart] >= 0x61 && bytes[wordStart] <= 0x7A
                        let stemmed = LightStemmer.stem(scratch, length: length)
                        let hash = StopWords.hash(UnsafeBufferPointer(rebasing: scratch[0..<stemmed]))
                        let id: Int32
                        if let known = table.find(hash) {
                            id = known
                            termInfo[Int(id)].count += 1
                            if lowercaseSeen { termInfo[Int(id)].seenLowercase = true }
                        } else {
                            id = Int32(termInfo.count)
                            table.insert(hash, id)
                            termInfo.append(TermInfo(count: 1, block: b, range: word, seenLowercase: lowercaseSeen, isNumber: isNumber))
                            lastSentenceOfTerm.append(-1)
                        }
                        phraseStream.append(id)
                        contentTokens += 1
                        if lastSentenceOfTerm[Int(id)] != index {
                            lastSentenceOfTerm[Int(id)] = index
                            sentenceTerms.append(id)
                        }
                    }
                    sentenceTerms.sort()
                    let start = terms.count
                    terms.append(contentsOf: sentenceTerms)
                    let terminated = Self.endsWithSentencePunctuation(bytes, range)
                    if terminated { hasTerminatedSentences = true }
                    sentences.append(Sentence(
                        block: b, range: range, termRange: start..<terms.count, contentTokens: contentTokens,
                        words: words, terminated: terminated,
                        isQuote: block.kind == .quote || Self.isMostlyQuoted(bytes, range),
                        statesFigure: Self.statesFigure(bytes, range),
                        statesDeadline: Self.statesDeadline(bytes, range),
                        eligible: Self.proseKinds.contains(block.kind) && !Self.isBoilerplate(bytes, range)))
                }
            }
        }
        if let title = report.title {
            var text = title
            var seen = Set<Int32>()
            text.withUTF8 { bytes in
                // Title words count as terms only when the body has them (others cannot match).
                var local = [UInt8](repeating: 0, count: 64)
                WordTokenizer.forEachWord(in: bytes) { word in
                    guard word.count <= local.count else { return }
                    local.withUnsafeMutableBufferPointer { buffer in
                        for k in 0..<word.count { buffer[k] = WordTokenizer.asciiLowercased(bytes[word.lowerBound + k]) }
                        if stopWords?.contains(UnsafeBufferPointer(rebasing: buffer[0..<word.count])) == true { return }
                        let stemmed = LightStemmer.stem(buffer, length: word.count)
                        if let id = table.find(StopWords.hash(UnsafeBufferPointer(rebasing: buffer[0..<stemmed]))) { seen.insert(id) }
                    }
                }
            }
            titleTerms = seen.sorted()
            markTitleCopies(titleWordCount: WordTokenizer.words(title).count, title: title, report: report)
        }
        markFragments()
    }

    func termsOf(_ i: Int) -> ArraySlice<Int32> { terms[sentences[i].termRange] }

    /// The sentence's text as written.
    func text(of i: Int, in report: Report) -> String {
        let s = sentences[i]
        let utf8 = report.body[s.block].text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: s.range.lowerBound)
        let end = utf8.index(start, offsetBy: s.range.count)
        return String(report.body[s.block].text[start..<end])
    }

    /// Number of shared terms of two sorted term lists.
    static func overlap(_ a: ArraySlice<Int32>, _ b: ArraySlice<Int32>) -> Int {
        var i = a.startIndex, j = b.startIndex, shared = 0
        while i < a.endIndex, j < b.endIndex {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return shared
    }

    /// The title is never a summary sentence: a body sentence that repeats it (or nearly) is out.
    private mutating func markTitleCopies(titleWordCount: Int, title: String, report: Report) {
        guard !titleTerms.isEmpty || titleWordCount > 0 else { return }
        let foldedTitle = TextFolding.foldForComparison(title)
        let titleSlice = titleTerms[...]
        for i in sentences.indices where sentences[i].eligible {
            let s = sentences[i]
            guard s.words <= titleWordCount + 4 else { continue }
            let shared = Self.overlap(termsOf(i), titleSlice)
            let union = s.termRange.count + titleTerms.count - shared
            let nearCopy = union > 0 && Double(shared) / Double(union) >= 0.8
            if nearCopy || TextFolding.foldForComparison(text(of: i, in: report)) == foldedTitle {
                sentences[i].eligible = false
            }
        }
    }

    /// An unpunctuated line whose terms all reappear in a longer sentence is a fragment
    /// (a repeated dek, a caption, a cut headline), not a summary sentence.
    private mutating func markFragments() {
        // Orphaned punctuation and scraps (". ", "Yes.") when there is real prose to choose from.
        let prose = sentences.filter { $0.eligible && $0.words >= 3 && !$0.termRange.isEmpty }.count
        if prose > 0 {
            for i in sentences.indices where sentences[i].words < 3 || sentences[i].termRange.isEmpty {
                sentences[i].eligible = false
            }
        }
        guard hasTerminatedSentences else { return }
        for i in sentences.indices where sentences[i].eligible && !sentences[i].terminated {
            if sentences[i].words < 4 { sentences[i].eligible = false; continue }
            let mine = termsOf(i)
            for j in sentences.indices where j != i && sentences[j].termRange.count > mine.count {
                if Self.overlap(mine, termsOf(j)) == mine.count { sentences[i].eligible = false; break }
            }
        }
    }

    static func endsWithSentencePunctuation(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var e = range.upperBound
        // Past closing quotes and brackets.
        while e > range.lowerBound {
            let b = bytes[e - 1]
            if b == 0x22 || b == 0x27 || b == 0x29 || b == 0x5D { e -= 1; continue }
            if e - 3 >= range.lowerBound, bytes[e - 3] == 0xE2, bytes[e - 2] == 0x80, b == 0x9D || b == 0x99 { e -= 3; continue }
            break
        }
        guard e > range.lowerBound else { return false }
        let b = bytes[e - 1]
        if b == 0x2E || b == 0x21 || b == 0x3F { return true }
        return e - 3 >= range.lowerBound && bytes[e - 3] == 0xE2 && bytes[e - 2] == 0x80 && b == 0xA6
    }

    /// Whether at least half the sentence sits inside quotation marks, or it opens with one.
    /// Whether the sentence states a concrete figure: a year (1800–2099, not inside a longer
    /// number), a number followed by `%` or `percent`, a number after a currency sign
    /// (`$ £ € ¥`), or a number with a magnitude or unit (`4m`, `3.5 billion`, `20 km`).
    /// Ordinals (`12th`), counts of things and clock times are not figures here: they say
    /// less about what happened. A byte scan, so it costs nothing next to the word scan.
    static func statesFigure(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        let end = range.upperBound
        @inline(__always) func isDigit(_ k: Int) -> Bool { k < end && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        @inline(__always) func isLetter(_ k: Int) -> Bool {
            k < end && ((bytes[k] | 0x20) >= 0x61 && (bytes[k] | 0x20) <= 0x7A)
        }
        while i < end {
            guard isDigit(i) else { i += 1; continue }
            let start = i
            // Digits with thousands separators and a decimal part: 1,200.5
            var integerDigits = 0
            while i < end {
                if isDigit(i) { integerDigits += 1; i += 1 }
                else if (bytes[i] == 0x2C || bytes[i] == 0x2E), isDigit(i + 1) { i += 1 }
                else { break }
            }
            let runEnd = i
            let glued = start > range.lowerBound && (isLetter(start - 1) || bytes[start - 1] == 0x2D || bytes[start - 1] == 0x3A)
            // Currency sign just before: $ £ € ¥ (the last three in UTF-8).
            if start > range.lowerBound {
                let b = bytes[start - 1]
                if b == 0x24 { return true }
                if start >= range.lowerBound + 2, bytes[start - 2] == 0xC2, b == 0xA3 || b == 0xA5 { return true }
                if start >= range.lowerBound + 3, bytes[start - 3] == 0xE2, bytes[start - 2] == 0x82, b == 0xAC { return true }
            }
            if glued { continue }
            // A year: four digits, 1800–2099, standing alone.
            if runEnd - start == 4, integerDigits == 4, !isLetter(runEnd) {
                let century = Int(bytes[start] - 0x30) * 10 + Int(bytes[start + 1] - 0x30)
                if century >= 18, century <= 20 { return true }
            }
            // What follows: `%`, a magnitude or a unit, glued or after one space.
            var k = runEnd
            if k < end, bytes[k] == 0x25 { return true }
            if k < end, bytes[k] == 0x20 { k += 1 }
            var wordEnd = k
            while isLetter(wordEnd) { wordEnd += 1 }
            if wordEnd > k, Self.isFigureUnit(bytes, k..<wordEnd) { return true }
        }
        return false
    }

    /// Whether a year (1800–2099) follows `by`, `until` or `before`, directly or through
    /// `the end of` / `the middle of`: a goal or a deadline, which a reader wants in the gist.
    static func statesDeadline(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let end = range.upperBound
        var i = range.lowerBound
        while i + 4 <= end {
            guard bytes[i] == 0x31 || bytes[i] == 0x32, i == range.lowerBound || bytes[i - 1] == 0x20 else { i += 1; continue }
            var digits = 0
            while i + digits < end, bytes[i + digits] >= 0x30, bytes[i + digits] <= 0x39 { digits += 1 }
            let century = digits == 4 ? Int(bytes[i] - 0x30) * 10 + Int(bytes[i + 1] - 0x30) : 0
            defer { i += max(1, digits) }
            guard century >= 18, century <= 20 else { continue }
            if i + 4 < end, (bytes[i + 4] | 0x20) >= 0x61, (bytes[i + 4] | 0x20) <= 0x7A { continue }
            // The words before the year, nearest first, lowercased.
            var words: [String] = []
            var k = i - 1
            while words.count < 4, k > range.lowerBound {
                while k > range.lowerBound, bytes[k] == 0x20 { k -= 1 }
                let wordEnd = k + 1
                while k >= range.lowerBound, (bytes[k] | 0x20) >= 0x61, (bytes[k] | 0x20) <= 0x7A { k -= 1 }
                guard k + 1 < wordEnd else { break }
                words.append(String(decoding: bytes[(k + 1)..<wordEnd].map { $0 | 0x20 }, as: UTF8.self))
            }
            var n = 0
            if words.count >= 3, words[0] == "of", words[1] == "end" || words[1] == "middle", words[2] == "the" { n = 3 }
            if n < words.count, Self.deadlineWords.contains(words[n]) { return true }
        }
        return false
    }

    private static let deadlineWords: Set<String> = ["by", "until", "before"]

    /// Words after a number that make it an amount: per cent, magnitudes, common units.
    private static let figureUnits: Set<String> = [
        "percent", "per", "pc", "m", "bn", "tn", "k", "million", "millions", "billion", "billions",
        "trillion", "trillions", "km", "kg", "mph", "kmh", "tonnes", "tons", "mw", "gw", "kwh", "gb", "tb",
        "dollars", "euros", "pounds", "yuan", "yen", "rupees",
    ]

    static func isFigureUnit(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        guard word.count <= 9 else { return false }
        var lowered = [UInt8](repeating: 0, count: word.count)
        for (n, k) in word.enumerated() { lowered[n] = bytes[k] | 0x20 }
        return figureUnits.contains(String(decoding: lowered, as: UTF8.self))
    }

    static func isMostlyQuoted(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var inside = false
        var quoted = 0
        var k = range.lowerBound
        let first = bytes[k]
        if first == 0x22 { return true }
        if k + 2 < range.upperBound, first == 0xE2, bytes[k + 1] == 0x80, bytes[k + 2] == 0x9C { return true }
        while k < range.upperBound {
            let b = bytes[k]
            if b == 0x22 { inside.toggle(); k += 1; continue }
            if b == 0xE2, k + 2 < range.upperBound, bytes[k + 1] == 0x80 {
                if bytes[k + 2] == 0x9C { inside = true; k += 3; continue }
                if bytes[k + 2] == 0x9D { inside = false; k += 3; continue }
            }
            if inside { quoted += 1 }
            k += 1
        }
        return quoted * 2 >= range.count
    }

    /// Site furniture that reads like a sentence: editor's notes, calls to click, credits.
    static func isBoilerplate(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for prefix in boilerplatePrefixes where startsWith(bytes, range, prefix) { return true }
        return contains(bytes, range, "contributed to this report") || contains(bytes, range, "All rights reserved")
    }

    /// Whether the sentence starts with `prefix`, ignoring ASCII case and reading ’ as '.
    private static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ prefix: [UInt8]) -> Bool {
        var k = range.lowerBound
        for expected in prefix {
            guard k < range.upperBound else { return false }
            if expected == 0x27, bytes[k] == 0xE2, k + 2 < range.upperBound, bytes[k + 1] == 0x80, bytes[k + 2] == 0x99 {
                k += 3
                continue
            }
            if WordTokenizer.asciiLowercased(bytes[k]) != expected { return false }
            k += 1
        }
        return true
    }

    static let boilerplatePrefixes: [[UInt8]] = [
        "editor's note", "click here", "read more", "read:", "watch:", "follow us", "sign up", "subscribe",
        "copyright", "share this", "related:",
    ].map { Array($0.utf8) }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: StaticString) -> Bool {
        let m = needle.utf8CodeUnitCount
        guard range.count >= m else { return false }
        let p = needle.utf8Start
        var k = range.lowerBound
        while k + m <= range.upperBound {
            if bytes[k] == p[0] {
                var j = 1
                while j < m, bytes[k + j] == p[j] { j += 1 }
                if j == m { return true }
            }
            k += 1
        }
        return false
    }
}

/// 64-bit key → small integer, open addressing with a multiplicative hash: cheaper than
/// `Dictionary`, whose seeded `Hasher` dominates lookups of integer keys.
struct TermTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity { size *= 2 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
    }

    func find(_ hash: UInt64) -> Int32? {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while values[i] >= 0 {
            if keys[i] == hash { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(_ hash: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while values[i] >= 0 { i = (i + 1) & mask }
        keys[i] = hash
        values[i] = value
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        count = 0
        for i in oldKeys.indices where oldValues[i] >= 0 { insert(oldKeys[i], oldValues[i]) }
    }
}
