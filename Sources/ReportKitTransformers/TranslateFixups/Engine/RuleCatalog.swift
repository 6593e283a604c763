/// Every rule of the step, in the order the passes run, and how a pipeline's
/// `rules` / `disable` / `warn` options select them.
enum RuleCatalog {
    /// Paragraph rules in pass order. `mojibake` runs again after `html-entities`,
    /// since unescaping can reveal mojibake (`&Atilde;&copy;`).
    static let paragraphPasses: [ParagraphRule] = [
        MojibakeRule.rule, HTMLEntitiesRule.rule, MojibakeRule.rule, ControlCharactersRule.rule,
        FullWidthRule.rule, InvisibleSpacesRule.rule, CJKPunctuationRule.rule, EnumerationCommaRule.rule,
        SpaceBeforePunctuationRule.rule, DoubledPunctuationRule.rule, OrphanedPunctuationRule.rule,
        MissingSpaceAfterPunctuationRule.rule,
        GlossaryRule.rule, DuplicatedWordsRule.rule, StrayLettersRule.rule,
        DuplicatedSentencesRule.rule, QuotesRule.rule,
        LineBreaksRule.rule,
        PronounSlipRule.rule, RedundancyRule.rule,
    ]

    /// Every rule's description, in pass order, once each.
    static let descriptions: [RuleDescription] = {
        var seen = Set<String>()
        var out: [RuleDescription] = []
        for rule in paragraphPasses where seen.insert(rule.description.name).inserted {
            out.append(rule.description)
            if rule.description.name == LineBreaksRule.description.name {
                out.append(RepeatedHeadlineRule.description)
                out.append(NavigationRule.description)
                seen.insert(RepeatedHeadlineRule.description.name)
                seen.insert(NavigationRule.description.name)
            }
        }
        return out
    }()

    static let defaultSelection = "default"

    /// Other names pipelines use for a set of rules (`repeated-lines` in the design's example pipeline).
    static let aliases: [String: [String]] = [
        "repeated-lines": ["repeated-headline", "duplicated-sentences"],
        "navigation-lines": ["navigation"],
    ]

    /// The names `rules`, `disable` and `warn` accept: rule names, group names and `default`.
    static var selectorNames: [String] {
        [defaultSelection] + FixupGroup.allCases.map(\.rawValue) + descriptions.map(\.name) + aliases.keys.sorted()
    }

    static func description(named name: String) -> RuleDescription? {
        descriptions.first { $0.name == name }
    }

    /// Resolves the options to a mode per rule; rules not in the result are off.
    ///
    /// - `rules` selects by name, group or `default` (every rule that is on by default,
    ///   in its default mode). A rule named directly or through its group edits.
    /// - `disable` removes rules; `warn` makes rules report instead of edit (and adds them).
    static func resolve(rules: [String], disable: [String], warn: [String]) -> [String: RuleMode] {
        var modes: [String: RuleMode] = [:]
        for selector in rules {
            if selector == defaultSelection {
                for d in descriptions { if let mode = d.defaultMode, modes[d.name] == nil { modes[d.name] = mode } }
            } else if let group = FixupGroup(rawValue: selector) {
                for d in descriptions where d.group == group { modes[d.name] = .fix }
            } else if description(named: selector) != nil {
                modes[selector] = .fix
            } else if let names = aliases[selector] {
                for name in names { modes[name] = .fix }
            }
        }
        for name in expand(warn) { modes[name] = .warn }
        for name in expand(disable) { modes[name] = nil }
        // Redundancy never edits.
        if modes[RedundancyRule.description.name] != nil { modes[RedundancyRule.description.name] = .warn }
        return modes
    }

    static func expand(_ selectors: [String]) -> [String] {
        selectors.flatMap { selector -> [String] in
            if selector == defaultSelection { return descriptions.filter { $0.defaultMode != nil }.map(\.name) }
            if let group = FixupGroup(rawValue: selector) { return descriptions.filter { $0.group == group }.map(\.name) }
            return aliases[selector] ?? [selector]
        }
    }
}
