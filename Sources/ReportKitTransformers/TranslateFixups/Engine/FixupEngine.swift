import ReportKit

/// Runs the selected rules over one report, paragraph by paragraph, recording every edit.
struct FixupEngine: Sendable {
    let passes: [(rule: ParagraphRule, mode: RuleMode)]
    /// Signals any selected paragraph rule listens to.
    let listenedSignals: ScanSignals
    let repeatedHeadline: Bool
    let navigation: Bool
    let glossary: Glossary?

    init(modes: [String: RuleMode], glossary: Glossary?) {
        var passes: [(ParagraphRule, RuleMode)] = []
        var signals: ScanSignals = []
        for rule in RuleCatalog.paragraphPasses {
            guard let mode = modes[rule.description.name] else { continue }
            if rule.description.name == GlossaryRule.description.name && glossary == nil { continue }
            passes.append((rule, mode))
            signals.formUnion(rule.trigger)
        }
        self.passes = passes
        self.listenedSignals = signals
        self.repeatedHeadline = modes[RepeatedHeadlineRule.description.name] == .fix
        self.navigation = modes[NavigationRule.description.name] == .fix
        self.glossary = glossary
    }

    /// What happened to one paragraph.
    struct Outcome {
        var text: String
        var edits: [(rule: String, before: String, after: String, context: String)] = []
        var findings: [(rule: String, message: String)] = []
    }

    /// Repairs one paragraph; nil when nothing changed and nothing was found (the fast path).
    /// With `recordingEdits` off, the same repairs are made and `edits` stays empty.
    func repair(_ text: String, context: ParagraphContext, recordingEdits: Bool = true) -> Outcome? {
        guard !text.isEmpty else { return nil }
        var signals = Self.scan(text)
        if signals.contains(.cjkMajority) || signals.intersection(listenedSignals).isEmpty { return nil }
        var bytes = Array(text.utf8)
        var outcome = Outcome(text: text)
        var changed = false
        for (rule, mode) in passes where !signals.intersection(rule.trigger).isEmpty {
            let edits = rule.edits(bytes, context)
            guard !edits.isEmpty else { continue }
            let name = rule.description.name
            if mode == .warn || rule.description.name == RedundancyRule.description.name {
                for edit in edits {
                    let what = edit.note ?? "\(ByteText.string(bytes[edit.start..<edit.end])) → \(edit.replacement.map { ByteText.string($0[...]) } ?? "")"
                    outcome.findings.append((name, "\(what) — in “\(Self.context(bytes, edit))”"))
                }
                continue
            }
            var changedRanges: [Range<Int>] = []
            var records: [Record]? = recordingEdits ? [] : nil
            let next = Self.apply(edits, to: bytes, changedRanges: &changedRanges, describing: &records)
            guard !changedRanges.isEmpty else { continue }
            for record in records ?? [] { outcome.edits.append((name, record.before, record.after, record.context)) }
            bytes = next
            changed = true
            if rule.description.group == .encoding {
                // Repaired encodings can bring in any character, CJK too: scan it all again.
                signals = bytes.withUnsafeBufferPointer { ParagraphScan.signals($0) }
                if signals.contains(.cjkMajority) { break }
            } else {
                // Other edits change what is near them (and never add CJK): what was seen
                // elsewhere stands, and the text around each edit is scanned again.
                signals = signals.union(Self.signals(bytes, around: changedRanges)).mergingQuotes
            }
        }
        guard changed || !outcome.findings.isEmpty else { return nil }
        outcome.text = String(decoding: bytes, as: UTF8.self)
        return outcome
    }

    static func scan(_ text: String) -> ScanSignals {
        var text = text
        if let s = text.utf8.withContiguousStorageIfAvailable({ ParagraphScan.signals($0) }) { return s }
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { ParagraphScan.signals($0) } ?? []
    }

    struct Record { var before: String; var after: String; var context: String }

    /// The signals a scan of the whole text would add after edits that change only what is
    /// near them: the text within a few words of each changed range, and the sentence
    /// signals, which compare whole neighbouring sentences (`ParagraphScan.sentenceSignals`).
    static func signals(_ t: [UInt8], around ranges: [Range<Int>]) -> ScanSignals {
        let n = t.count
        let margin = 48, reach = 256
        var windows: [Range<Int>] = []
        for range in ranges {
            var lo = max(0, range.lowerBound - margin), hi = min(n, range.upperBound + margin)
            // Whole words at the edges, so that word repeats are seen as a whole scan sees them.
            let floor = max(0, lo - reach), ceiling = min(n, hi + reach)
            while lo > floor, t[lo - 1] != 0x20 { lo -= 1 }
            if lo == floor { lo = 0 }
            while hi < ceiling, t[hi] != 0x20 { hi += 1 }
            if hi == ceiling { hi = n }
            while lo > 0, ByteText.isContinuation(t[lo]) { lo -= 1 }
            while hi < n, ByteText.isContinuation(t[hi]) { hi += 1 }
            if let last = windows.last, lo <= last.upperBound {
                windows[windows.count - 1] = min(last.lowerBound, lo)..<max(last.upperBound, hi)
            } else {
                windows.append(lo..<hi)
            }
        }
        var s: ScanSignals = []
        t.withUnsafeBufferPointer { p in
            for window in windows where !window.isEmpty {
                s.formUnion(ParagraphScan.signals(UnsafeBufferPointer(rebasing: p[window])))
            }
            s.formUnion(ParagraphScan.sentenceSignals(p))
        }
        return s
    }

    /// Applies sorted edits, skipping any that overlap an earlier one, and describes each.
    static func apply(_ edits: [ByteEdit], to t: [UInt8]) -> ([UInt8], [Record]) {
        var ignored: [Range<Int>] = []
        var records: [Record]? = []
        let out = apply(edits, to: t, changedRanges: &ignored, describing: &records)
        return (out, records ?? [])
    }

    /// `apply`, also giving where each applied edit's replacement sits in the result (one
    /// range per applied edit), and describing each edit into `records` unless it is nil.
    static func apply(_ edits: [ByteEdit], to t: [UInt8], changedRanges: inout [Range<Int>],
                      describing records: inout [Record]?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(t.count + 16)
        var cursor = 0
        for edit in edits.sorted(by: { $0.start < $1.start }) {
            guard let replacement = edit.replacement, edit.start >= cursor, edit.end <= t.count, edit.start <= edit.end else { continue }
            if t[edit.start..<edit.end].elementsEqual(replacement) { continue }
            out.append(contentsOf: t[cursor..<edit.start])
            changedRanges.append(out.count..<(out.count + replacement.count))
            out.append(contentsOf: replacement)
            cursor = edit.end
            records?.append(describe(edit, replacement, in: t))
        }
        out.append(contentsOf: t[cursor...])
        return out
    }

    /// Before and after for review: widened by one character each side when an edit
    /// only inserts or deletes spaces, so `,and` → `, and` reads clearly.
    static func describe(_ edit: ByteEdit, _ replacement: [UInt8], in t: [UInt8]) -> Record {
        var start = edit.start, end = edit.end
        var before = Array(t[start..<end])
        let invisible = before.allSatisfy { $0 == 0x20 } && replacement.allSatisfy { $0 == 0x20 }
        var prefix: [UInt8] = [], suffix: [UInt8] = []
        if invisible || before.isEmpty || replacement.isEmpty {
            // Widen to the neighbouring words, so `s inspire` → `inspire` reads clearly.
            var s = start
            if s > 0 { s = ByteText.previousScalarStart(t, before: s) }
            while s > 0, start - s < 24, ByteText.isAlnum(t[s - 1]) { s -= 1 }
            prefix = Array(t[s..<start]); start = s
            var e = end
            if e < t.count { e += ByteText.scalar(t, at: e).length }
            while e < t.count, e - end < 24, ByteText.isAlnum(t[e]) { e += 1 }
            suffix = Array(t[end..<e]); end = e
            before = Array(t[start..<end])
        }
        let after = prefix + replacement + suffix
        return Record(before: ByteText.string(before[...]), after: ByteText.string(after[...]), context: context(t, edit))
    }

    /// Up to 40 bytes each side of an edit, cut at character boundaries.
    static func context(_ t: [UInt8], _ edit: ByteEdit) -> String {
        var s = max(0, edit.start - 40), e = min(t.count, edit.end + 40)
        while s > 0, ByteText.isContinuation(t[s]) { s -= 1 }
        while e < t.count, ByteText.isContinuation(t[e]) { e += 1 }
        return (s > 0 ? "…" : "") + ByteText.string(t[s..<e]) + (e < t.count ? "…" : "")
    }
}
