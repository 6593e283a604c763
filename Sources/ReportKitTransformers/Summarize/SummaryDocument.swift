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

    /// Whether a block of this kind holds prose a summary may quote (paragraphs, quotes, list items).
    static func isProse(_ kind: Block.Kind) -> Bool {
        switch kind {
        case .paragraph, .quote, .listItem: return true
        case .heading, .tableRow, .caption, .code, .byline, .dateline: return false
        }
    }

    /// Sorts a sentence's few term ids, the end of `ids` from `start`, in place: insertion
    /// sort, cheaper than the general sort at this size; longer lists go to the standard sort.
    static func sortSmall(_ ids: inout [Int32], from start: Int) {
        let count = ids.count - start
        guard count > 1 else { return }
        guard count <= 48 else { ids[start...].sort(); return }
        ids.withUnsafeMutableBufferPointer { all in
            let a = UnsafeMutableBufferPointer(rebasing: all[start...])
            for k in 1..<a.count {
                let value = a[k]
                var j = k
                while j > 0, a[j - 1] > value { a[j] = a[j - 1]; j -= 1 }
                a[j] = value
            }
        }
    }

    /// With `phrases` off, `phraseStream` stays empty: only keywords read it.
    init(report: Report, stopWords: StopWords?, phrases: Bool = true) {
        // Sized from the body's length so the arrays and the table rarely grow.
        var bodyBytes = 0
        for block in report.body { bodyBytes += block.text.utf8.count }
        var table = TermTable(capacity: min(1 << 20, max(256, bodyBytes / 6)))
        // Lowercased word, and the FNV-1a hash of each of its prefixes (prefixHash[k] covers
        // k bytes), so the stemmed word's hash needs no second pass.
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)
        let prefixHash = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 65)
        defer { scratch.deallocate(); prefixHash.deallocate() }
        // Built in locals (not through `self`) so the hot loop appends without extra checks.
        var sentences: [Sentence] = []
        var terms: [Int32] = []
        var phraseStream: [Int32] = []
        var termInfo: [TermInfo] = []
        var lastSentenceOfTerm: [Int32] = []
        var hasTerminatedSentences = false
        sentences.reserveCapacity(bodyBytes / 64 + 4)
        terms.reserveCapacity(bodyBytes / 7 + 16)
        if phrases { phraseStream.reserveCapacity(bodyBytes / 5 + 16) }
        termInfo.reserveCapacity(bodyBytes / 12 + 16)
        lastSentenceOfTerm.reserveCapacity(bodyBytes / 12 + 16)

        for (b, block) in report.body.enumerated() {
            let prose = Self.isProse(block.kind)
            let quoteBlock = block.kind == .quote
            var text = block.text
            text.withUTF8 { bytes in
                for range in SentenceSplitter.byteRanges(in: bytes, maxSentenceBytes: Self.maxSentenceBytes) {
                    let index = Int32(sentences.count)
                    // The sentence's distinct terms go straight to the end of `terms`, then are
                    // sorted there (a list of its own was copied over, and reallocated each time).
                    let start = terms.count
                    var contentTokens = 0
                    var words = 0
                    // What the word scan sees decides which feature scans can be skipped: without
                    // an ASCII digit there is no figure or deadline, without `"` or a curly quote
                    // nothing is quoted, and boilerplate needs a word ending in `contributed` or `All`.
                    var mayStateFigure = false
                    var mayQuote = false
                    var mayBeBoilerplate = false
                    if phrases { phraseStream.append(-1) }
                    // Words of the sentence, scanned in place (no closures on this hot path).
                    var i = range.lowerBound
                    var previousEnd = range.lowerBound
                    let end = range.upperBound
                    // ASCII answered here; other bytes go to the tokenizer (same rules, fewer calls).
                    @inline(__always) func wordWidth(_ i: Int) -> Int {
                        let c = bytes[i]
                        if c < 0x80 { return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || (c >= 0x30 && c <= 0x39) ? 1 : 0 }
                        return WordTokenizer.wordByteWidth(bytes, i)
                    }
                    while i < end {
                        if wordWidth(i) == 0 {
                            let c = bytes[i]
                            if c < 0x80 {
                                if c == 0x22 { mayQuote = true }
                                i += 1
                            } else {
                                if c == 0xE2 { mayQuote = true }
                                i += WordTokenizer.separatorWidth(bytes, i)
                            }
                            continue
                        }
                        // One pass over the word: find its end, lowercase it into `scratch`, hash each
                        // prefix (FNV-1a, as `StopWords.hash`) and see whether it is all digits.
                        // Only the first `scratch.count` bytes are kept: longer words are skipped below.
                        let wordStart = i
                        var isNumber = true
                        var isASCII = true
                        var h: UInt64 = 0xcbf2_9ce4_8422_2325
                        prefixHash[0] = h
                        var k = 0
                        let keep = scratch.count
                        while i < end {
                            let c = bytes[i]
                            if c < 0x80 {
                                // A word byte is a letter or a digit; `| 0x20` lowercases letters and keeps digits.
                                let lowered = c | 0x20
                                let isDigit = c >= 0x30 && c <= 0x39
                                guard isDigit || (lowered >= 0x61 && lowered <= 0x7A) else { break }
                                if isDigit { mayStateFigure = true } else { isNumber = false }
                                if k < keep {
                                    scratch[k] = lowered
                                    h = (h ^ UInt64(lowered)) &* 0x0000_0100_0000_01b3
                                    prefixHash[k + 1] = h
                                }
                                k += 1
                                i += 1
                            } else {
                                let width = WordTokenizer.wordByteWidth(bytes, i)
                                if width == 0 { break }
                                isNumber = false
                                isASCII = false
                                let stop = min(i + width, end)
                                while i < stop {
                                    let b = bytes[i]
                                    if k < keep {
                                        scratch[k] = b
                                        h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3
                                        prefixHash[k + 1] = h
                                    }
                                    k += 1
                                    i += 1
                                }
                            }
                        }
                        words += 1
                        let last = bytes[i - 1]
                        if last == 0x64 || last == 0x6C, Self.endsBoilerplateWord(bytes, wordStart, i) { mayBeBoilerplate = true }
                        if phrases {
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
                        }
                        let length = i - wordStart
                        guard length <= scratch.count else { if phrases { phraseStream.append(-1) }; continue }
                        if let stopWords, stopWords.containsHash(h) {
                            if phrases { phraseStream.append(-1) }
                            continue
                        }
                        // Written lowercase here, so not (only) a proper name.
                        let lowercaseSeen = bytes[wordStart] >= 0x61 && bytes[wordStart] <= 0x7A
                        // The stemmer leaves words with other bytes whole; this one is known ASCII or not.
                        let stemmed = isASCII ? LightStemmer.stemASCII(scratch, length: length) : length
                        let hash = prefixHash[stemmed]
                        let id: Int32
                        if let known = table.findOrInsert(hash, Int32(termInfo.count)) {
                            id = known
                            termInfo[Int(id)].count += 1
                            if lowercaseSeen { termInfo[Int(id)].seenLowercase = true }
                        } else {
                            id = Int32(termInfo.count)
                            termInfo.append(TermInfo(count: 1, block: b, range: wordStart..<i, seenLowercase: lowercaseSeen, isNumber: isNumber))
                            lastSentenceOfTerm.append(-1)
                        }
                        if phrases { phraseStream.append(id) }
                        contentTokens += 1
                        if lastSentenceOfTerm[Int(id)] != index {
                            lastSentenceOfTerm[Int(id)] = index
                            terms.append(id)
                        }
                    }
                    Self.sortSmall(&terms, from: start)
                    let terminated = Self.endsWithSentencePunctuation(bytes, range)
                    if terminated { hasTerminatedSentences = true }
                    sentences.append(Sentence(
                        block: b, range: range, termRange: start..<terms.count, contentTokens: contentTokens,
                        words: words, terminated: terminated,
                        isQuote: quoteBlock || (mayQuote && Self.isMostlyQuoted(bytes, range)),
                        statesFigure: mayStateFigure && Self.statesFigure(bytes, range),
                        statesDeadline: mayStateFigure && Self.statesDeadline(bytes, range),
                        eligible: prose && !Self.isBoilerplate(bytes, range, mayContainCredit: mayBeBoilerplate)))
                }
            }
        }
        self.sentences = sentences
        self.terms = terms
        self.phraseStream = phraseStream
        self.termInfo = termInfo
        self.hasTerminatedSentences = hasTerminatedSentences
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
        let foldedTitleBytes = Array(foldedTitle.utf8)
        let titleSlice = titleTerms[...]
        for i in sentences.indices where sentences[i].eligible {
            let s = sentences[i]
            guard s.words <= titleWordCount + 4 else { continue }
            let shared = Self.overlap(termsOf(i), titleSlice)
            let union = s.termRange.count + titleTerms.count - shared
            let nearCopy = union > 0 && Double(shared) / Double(union) >= 0.8
            if nearCopy {
                sentences[i].eligible = false
                continue
            }
            // ASCII sentences are folded and compared on the fly (most differ in the first
            // letters); others go through `TextFolding`.
            let quickAnswer: Bool? = report.body[s.block].text.utf8.withContiguousStorageIfAvailable { bytes in
                Self.asciiFoldEquals(bytes, s.range, foldedTitleBytes)
            } ?? nil
            if quickAnswer ?? (TextFolding.foldForComparison(text(of: i, in: report)) == foldedTitle) {
                sentences[i].eligible = false
            }
        }
    }

    /// Whether `TextFolding.foldForComparison` of the sentence in `range` equals `folded`,
    /// folding ASCII as it does (lowercased letters and digits, every other run one space,
    /// trimmed, U+2000…U+203F a space too) and stopping at the first difference; nil when
    /// another non-ASCII character comes first.
    static func asciiFoldEquals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ folded: [UInt8]) -> Bool? {
        var j = 0
        var pendingSpace = false
        var k = range.lowerBound
        while k < range.upperBound {
            let b = bytes[k]
            k += 1
            if b >= 0x80 {
                guard b == 0xE2, k + 1 < range.upperBound, bytes[k] == 0x80 else { return nil }
                pendingSpace = true
                k += 2
                continue
            }
            let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            guard (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) else {
                pendingSpace = true
                continue
            }
            if pendingSpace && j > 0 {
                guard j < folded.count, folded[j] == 0x20 else { return false }
                j += 1
            }
            pendingSpace = false
            guard j < folded.count, folded[j] == lower else { return false }
            j += 1
        }
        return j == folded.count
    }

    /// An unpunctuated line whose terms all reappear in a longer sentence is a fragment
    /// (a repeated dek, a caption, a cut headline), not a summary sentence.
    private mutating func markFragments() {
        // Orphaned punctuation and scraps (". ", "Yes.") when there is real prose to choose from.
        var prose = 0
        for s in sentences where s.eligible && s.words >= 3 && !s.termRange.isEmpty { prose += 1 }
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
            // The words before the year, nearest first (at most four).
            var found = 0
            var w0 = 0..<0, w1 = 0..<0, w2 = 0..<0, w3 = 0..<0
            var k = i - 1
            while found < 4, k > range.lowerBound {
                while k > range.lowerBound, bytes[k] == 0x20 { k -= 1 }
                let wordEnd = k + 1
                while k >= range.lowerBound, (bytes[k] | 0x20) >= 0x61, (bytes[k] | 0x20) <= 0x7A { k -= 1 }
                guard k + 1 < wordEnd else { break }
                switch found {
                case 0: w0 = (k + 1)..<wordEnd
                case 1: w1 = (k + 1)..<wordEnd
                case 2: w2 = (k + 1)..<wordEnd
                default: w3 = (k + 1)..<wordEnd
                }
                found += 1
            }
            // `by 2030`, or `by the end of 2030` / `by the middle of 2030`.
            var candidate = w0
            var position = 0
            if found >= 3, isWord(bytes, w0, "of"), isWord(bytes, w1, "end") || isWord(bytes, w1, "middle"), isWord(bytes, w2, "the") {
                candidate = w3
                position = 3
            }
            if position < found, isWord(bytes, candidate, "by") || isWord(bytes, candidate, "until") || isWord(bytes, candidate, "before") {
                return true
            }
        }
        return false
    }

    /// Whether the letters in `word` spell `lowercase`, ignoring ASCII case.
    @inline(__always)
    private static func isWord(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>, _ lowercase: StaticString) -> Bool {
        let m = lowercase.utf8CodeUnitCount
        guard word.count == m else { return false }
        let p = lowercase.utf8Start
        for k in 0..<m where bytes[word.lowerBound + k] | 0x20 != p[k] { return false }
        return true
    }

    /// Words after a number that make it an amount: per cent, magnitudes, common units.
    private static let figureUnits: [[UInt8]] = [
        "percent", "per", "pc", "m", "bn", "tn", "k", "million", "millions", "billion", "billions",
        "trillion", "trillions", "km", "kg", "mph", "kmh", "tonnes", "tons", "mw", "gw", "kwh", "gb", "tb",
        "dollars", "euros", "pounds", "yuan", "yen", "rupees",
    ].map { Array($0.utf8) }

    /// Whether the letters in `word` are one of `figureUnits`, ignoring ASCII case.
    static func isFigureUnit(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        guard word.count <= 9 else { return false }
        for unit in figureUnits where unit.count == word.count {
            var same = true
            for k in 0..<unit.count where bytes[word.lowerBound + k] | 0x20 != unit[k] { same = false; break }
            if same { return true }
        }
        return false
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
    /// `mayContainCredit: false` says the caller's word scan found no word ending in
    /// `contributed` or `All`, so neither credit line can be in the sentence.
    static func isBoilerplate(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, mayContainCredit: Bool = true) -> Bool {
        // Every prefix starts with one of these letters: most sentences are out at the first byte.
        let lead = WordTokenizer.asciiLowercased(bytes[range.lowerBound])
        if lead == 0x65 || lead == 0x63 || lead == 0x72 || lead == 0x77 || lead == 0x66 || lead == 0x73 {
            for prefix in boilerplatePrefixes where startsWith(bytes, range, prefix) { return true }
        }
        guard mayContainCredit else { return false }
        return containsEither(bytes, range, "contributed to this report", "All rights reserved")
    }

    /// Whether the word in `start..<end` ends with `contributed` or `All` (exact bytes): the
    /// only words in which the credit lines `isBoilerplate` looks for can begin.
    @inline(__always)
    static func endsBoilerplateWord(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        @inline(__always) func endsWith(_ suffix: StaticString) -> Bool {
            let m = suffix.utf8CodeUnitCount
            guard end - start >= m else { return false }
            let p = suffix.utf8Start
            for k in 0..<m where bytes[end - m + k] != p[k] { return false }
            return true
        }
        return endsWith("contributed") || endsWith("All")
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

    /// Whether the sentence contains `first` or `second` (exact bytes): one pass for both.
    private static func containsEither(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                                       _ first: StaticString, _ second: StaticString) -> Bool {
        let m1 = first.utf8CodeUnitCount, m2 = second.utf8CodeUnitCount
        let p1 = first.utf8Start, p2 = second.utf8Start
        let lead1 = p1[0], lead2 = p2[0]
        var k = range.lowerBound
        let end = range.upperBound
        while k < end {
            let b = bytes[k]
            if b == lead1, k + m1 <= end {
                var j = 1
                while j < m1, bytes[k + j] == p1[j] { j += 1 }
                if j == m1 { return true }
            }
            if b == lead2, k + m2 <= end {
                var j = 1
                while j < m2, bytes[k + j] == p2[j] { j += 1 }
                if j == m2 { return true }
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

    @inline(__always)
    func find(_ hash: UInt64) -> Int32? {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while values[i] >= 0 {
            if keys[i] == hash { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    /// The value stored for `hash`, or nil after storing `value` for it: one probe sequence
    /// where `find` then `insert` take two.
    @inline(__always)
    mutating func findOrInsert(_ hash: UInt64, _ value: Int32) -> Int32? {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while values[i] >= 0 {
            if keys[i] == hash { return values[i] }
            i = (i + 1) & mask
        }
        keys[i] = hash
        values[i] = value
        count += 1
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
