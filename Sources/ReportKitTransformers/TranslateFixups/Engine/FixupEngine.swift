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
    func repair(_ text: String, context: ParagraphContext) -> Outcome? {
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
            let (next, records) = Self.apply(edits, to: bytes)
            guard next != bytes else { continue }
            for record in records { outcome.edits.append((name, record.before, record.after, record.context)) }
            bytes = next
            changed = true
            signals = bytes.withUnsafeBufferPointer { ParagraphScan.signals($0) }
            if signals.contains(.cjkMajority) { break }
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

    /// Applies sorted edits, skipping any that overlap an earlier one, and describes each.
    static func apply(_ edits: [ByteEdit], to t: [UInt8]) -> ([UInt8], [Record]) {
        var out: [UInt8] = []
        out.reserveCapacity(t.count + 16)
        var records: [Record] = []
        var cursor = 0
        for edit in edits.sorted(by: { $0.start < $1.start }) {
            guard let replacement = edit.replacement, edit.start >= cursor, edit.end <= t.count, edit.start <= edit.end else { continue }
            if t[edit.start..<edit.end].elementsEqual(replacement) { continue }
            out.append(contentsOf: t[cursor..<edit.start])
            out.append(contentsOf: replacement)
            cursor = edit.end
            records.append(describe(edit, replacement, in: t))
        }
        out.append(contentsOf: t[cursor...])
        return (out, records)
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
