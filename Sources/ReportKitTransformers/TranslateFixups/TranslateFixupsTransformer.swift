import Foundation
import ReportKit

/// `translate-fixups`: repairs encoding damage and machine-translation artifacts in the
/// title, the dek and every body block, one paragraph at a time, recording every edit.
public struct TranslateFixupsTransformer: Transformer {
    public static let spec = TransformerSpec(
        name: "translate-fixups",
        summary: "Repair encoding damage and machine-translation artifacts; every edit is recorded.",
        discussion: """
        Rules run in passes so they do not fight: encoding (mojibake, HTML entities, controls) → characters \
        (full-width, spaces, CJK punctuation, enumeration comma) → punctuation (orphaned, doubled, spacing) → \
        tokens (glossary, duplicated words, stray letters) → sentences (duplicated sentences, quotes) → lines \
        (line breaks, repeated headline, navigation) → warnings (pronoun slips, redundancy). Each paragraph is \
        repaired on its own; lines mostly in CJK are left alone. Every edit lands in `changes` (rule, block, \
        before, after, context); dropped lines land in `dropped`; warn-only findings land in `diagnostics`. \
        `reportkit apply translate-fixups --to changes` lists the edits. Rules: \
        \(RuleCatalog.descriptions.map { $0.name + ($0.defaultMode == .warn ? " (warns)" : $0.defaultMode == nil ? " (opt-in)" : "") }.joined(separator: ", ")).
        """,
        options: [
            OptionSpec("rules", .list(.choice(RuleCatalog.selectorNames)), default: .list([.string(RuleCatalog.defaultSelection)]),
                       doc: "Rules to run, by rule name or group (encoding, characters, punctuation, tokens, sentences, lines, warnings); `default` is every safe rule plus pronoun-slip as a warning. A rule named here edits, even a risky one."),
            OptionSpec("disable", .list(.choice(RuleCatalog.selectorNames)), default: .list([]),
                       doc: "Rules or groups to leave out of the selection."),
            OptionSpec("warn", .list(.choice(RuleCatalog.selectorNames)), default: .list([]),
                       doc: "Rules or groups that only report what they would change, as warnings in `diagnostics`."),
            OptionSpec("glossary", .path,
                       doc: "A YAML mapping of wrong term → right term, applied whole-word and case-preserving (`Party Secretary of the city: city Party chief`)."),
        ],
        examples: TranslateFixupsTransformer.examples)

    public static let registration = TransformerRegistration(spec: spec) { options, context in
        var glossary: Glossary?
        if let path = options.string("glossary"), !path.isEmpty {
            do {
                glossary = try Glossary.load(url: context.resolve(path), limits: context.limits)
            } catch {
                throw OptionError(option: "glossary", "\(error)")
            }
        }
        let modes = RuleCatalog.resolve(rules: options.strings("rules") ?? [RuleCatalog.defaultSelection],
                                        disable: options.strings("disable") ?? [], warn: options.strings("warn") ?? [])
        return TranslateFixupsTransformer(engine: FixupEngine(modes: modes, glossary: glossary))
    }

    let engine: FixupEngine

    init(engine: FixupEngine) {
        self.engine = engine
    }

    /// The repairs read the text; no optional part.
    public var reads: ReportParts { [] }

    public func transform(_ report: inout Report, context: StepContext) throws {
        let step = context.stepName
        let paragraphContext = ParagraphContext(report: report, glossary: engine.glossary)
        // The repairs are the same either way; only their record depends on someone reading it.
        let recording = context.wanted.contains(.changes)

        func record(_ outcome: FixupEngine.Outcome, block: Int?, field: String?, into report: inout Report) {
            for edit in outcome.edits {
                report.changes.append(Change(step: step, rule: edit.rule, block: block, field: field,
                                             before: edit.before, after: edit.after, context: edit.context))
            }
            for finding in outcome.findings {
                let place = block.map { "block \($0)" } ?? field ?? "text"
                report.diagnostics.append(ReportDiagnostic(.warning, step: step, "\(finding.rule): \(place): \(finding.message)"))
            }
        }

        if let title = report.title, let outcome = engine.repair(title, context: paragraphContext, recordingEdits: recording) {
            report.title = outcome.text
            record(outcome, block: nil, field: "title", into: &report)
        }
        if let dek = report.subtitle, let outcome = engine.repair(dek, context: paragraphContext, recordingEdits: recording) {
            report.subtitle = outcome.text
            record(outcome, block: nil, field: "subtitle", into: &report)
        }
        let firstChange = report.changes.count
        // Navigation is decided here, while each line is in cache, rather than in a second
        // pass over 20 MB of body (the line is final once repaired).
        var navigationLines: [Int] = []
        for index in report.body.indices {
            let text = report.body[index].text
            if let outcome = engine.repair(text, context: paragraphContext, recordingEdits: recording) {
                report.body[index].text = outcome.text
                record(outcome, block: index, field: nil, into: &report)
                if engine.navigation, NavigationRule.isNavigation(outcome.text) { navigationLines.append(index) }
            } else if engine.navigation, NavigationRule.isNavigation(text) {
                navigationLines.append(index)
            }
        }
        dropLines(&report, step: step, changesFrom: firstChange, navigationLines: navigationLines, recording: recording)
    }

    /// Drops navigation lines and repeats of the headline, recording each, and renumbers
    /// this step's changes so that their block indices match the body that remains.
    /// `navigationLines`: the indices of the body lines that are navigation, in order.
    private func dropLines(_ report: inout Report, step: String, changesFrom firstChange: Int, navigationLines: [Int],
                           recording: Bool) {
        guard engine.navigation || engine.repeatedHeadline, !report.body.isEmpty else { return }
        let count = report.body.count
        // Per line: nil kept, else the rule that drops it. Indexed, not hashed: one per line.
        var drop = [String?](repeating: nil, count: count)
        var dropCount = 0
        for index in navigationLines { drop[index] = NavigationRule.description.name; dropCount += 1 }
        if engine.repeatedHeadline {
            let navigationSet = Set(navigationLines)
            let candidates = RepeatedHeadlineRule.candidates(report) { index, text in
                engine.navigation ? navigationSet.contains(index) : NavigationRule.isNavigation(text)
            }
            if !candidates.isEmpty {
                // `repeats` turns down longer lines before anything else; checking the length
                // here first keeps the body's long lines from being touched again.
                let longest = RepeatedHeadlineRule.lengthLimit(candidates)
                for index in 0..<count where drop[index] == nil && report.body[index].text.utf8.count <= longest {
                    if RepeatedHeadlineRule.repeats(report.body[index].text, index: index, candidates: candidates) {
                        drop[index] = RepeatedHeadlineRule.description.name
                        dropCount += 1
                    }
                }
            }
        }
        guard dropCount > 0 else { return }
        var newIndex = [Int](repeating: -1, count: count)
        var dropChanges: [Change] = []
        var kept = 0
        for index in 0..<count {
            if let rule = drop[index] {
                let text = report.body[index].text
                let reason = rule == NavigationRule.description.name ? "navigation" : "repeated-headline"
                report.dropped.append(DroppedBlock(text: text, reason: reason, step: step, block: index))
                // A whole-line drop has no block index in the remaining body.
                if recording { dropChanges.append(Change(step: step, rule: rule, block: nil, before: text, after: "",
                                          context: "line \(index + 1) dropped (\(reason))")) }
            } else {
                newIndex[index] = kept
                kept += 1
            }
        }
        // Kept lines move up in place (moves, no copies), the dropped ones end up last and go.
        report.body.withUnsafeMutableBufferPointer { body in
            var write = 0
            for read in 0..<count where drop[read] == nil {
                if write != read { body.swapAt(write, read) }
                write += 1
            }
        }
        report.body.removeLast(count - kept)
        // Edits made earlier in this step to lines now dropped go; the rest are renumbered.
        var changes = Array(report.changes[..<firstChange])
        for var change in report.changes[firstChange...] {
            if let block = change.block {
                guard block >= 0, block < newIndex.count, newIndex[block] >= 0 else { continue }
                change.block = newIndex[block]
            }
            changes.append(change)
        }
        report.changes = changes + dropChanges
    }

    /// Whether the report writes curly double quotes more than straight ones.
    static func documentPrefersCurly(_ report: Report) -> Bool {
        var curly = 0, straight = 0
        func count(_ s: String) {
            var previous: UInt8 = 0, beforePrevious: UInt8 = 0
            for b in s.utf8 {
                if b == 0x22 { straight += 1 }
                if beforePrevious == 0xE2, previous == 0x80, b == 0x9C || b == 0x9D { curly += 1 }
                beforePrevious = previous; previous = b
            }
        }
        if let title = report.title { count(title) }
        for block in report.body { count(block.text) }
        return curly > straight
    }
}
