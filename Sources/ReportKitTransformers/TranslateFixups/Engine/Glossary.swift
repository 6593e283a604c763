import Foundation
import ReportKit

/// A user glossary: systematic mistranslations and their corrections (`wrong: right`),
/// matched as whole words, ignoring case, with the match's capitalization kept.
///
/// The file is a YAML mapping:
/// ```yaml
/// Party Secretary of the city: city Party chief
/// reform and opening-up: reform and opening up
/// ```
struct Glossary: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        /// The wrong term, ASCII-lowercased, as UTF-8.
        var key: [UInt8]
        var replacement: String
    }

    /// Longest terms first, so `opening-up policy` wins over `opening-up`.
    var entries: [Entry]

    init(pairs: [(String, String)]) {
        entries = pairs.map { Entry(key: ByteText.lowercased(Array($0.0.utf8)[...]), replacement: $0.1) }
            .sorted { $0.key.count > $1.key.count }
    }

    /// Loads a glossary file; every problem is an error pointing at its line and column.
    static func load(url: URL, limits: PipelineLimits = .default) throws -> Glossary {
        let path = url.path
        let text: String
        do {
            // Bounded and regular files only: a glossary path may name a FIFO or a device.
            let data = try BoundedFile.read(path: path, maxBytes: limits.yamlBytes)
            guard let decoded = String(data: data, encoding: .utf8) else { throw GlossaryError("\(path): the file is not UTF-8") }
            text = decoded
        } catch let error as GlossaryError {
            throw error
        } catch {
            throw GlossaryError("\(path): cannot read the glossary (\(error.localizedDescription))")
        }
        let root: YAMLNode?
        do {
            root = try YAMLLoader.load(text, file: path, limits: limits.yaml)
        } catch {
            throw GlossaryError("\(error)")
        }
        guard let root else { return Glossary(pairs: []) }
        guard let mapping = root.mapping else {
            throw GlossaryError("\(path):\(root.start.line):\(root.start.column): error: a glossary is a mapping of wrong term → right term, found \(root.kindDescription)")
        }
        var pairs: [(String, String)] = []
        var seen: [String: SourceMark] = [:]
        for pair in mapping {
            guard let wrong = pair.key.scalar, !wrong.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw GlossaryError("\(path):\(pair.key.start.line):\(pair.key.start.column): error: a glossary term must be a non-empty string")
            }
            guard let right = pair.value.scalar, !pair.value.isNull else {
                throw GlossaryError("\(path):\(pair.value.start.line):\(pair.value.start.column): error: the correction for '\(wrong)' must be a string, found \(pair.value.kindDescription)")
            }
            let folded = wrong.lowercased()
            if let first = seen[folded] {
                throw GlossaryError("\(path):\(pair.key.start.line):\(pair.key.start.column): error: '\(wrong)' is already in the glossary (line \(first.line))")
            }
            seen[folded] = pair.key.start
            pairs.append((wrong, right))
        }
        return Glossary(pairs: pairs)
    }

    /// The replacements in one paragraph, whole words only, longest terms first.
    func edits(_ t: [UInt8]) -> [ByteEdit] {
        guard !entries.isEmpty, !t.isEmpty else { return [] }
        let lower = ByteText.lowercased(t[...])
        var taken = [Bool](repeating: false, count: t.count)
        var found: [ByteEdit] = []
        for entry in entries where entry.key.count <= t.count {
            let key = entry.key
            var i = 0
            while i + key.count <= lower.count {
                guard lower[i] == key[0], lower[i..<(i + key.count)].elementsEqual(key) else { i += 1; continue }
                let end = i + key.count
                let wholeWord = (i == 0 || !ByteText.isWordByte(t[i - 1])) && (end == t.count || !ByteText.isWordByte(t[end]))
                if wholeWord, !taken[i..<end].contains(true) {
                    for k in i..<end { taken[k] = true }
                    let replacement = Glossary.matchCase(of: t[i..<end], entry.replacement)
                    if !t[i..<end].elementsEqual(replacement.utf8) { found.append(ByteEdit(i, end, replacement)) }
                    i = end
                } else {
                    i += 1
                }
            }
        }
        return found.sorted { $0.start < $1.start }
    }

    /// The replacement with the match's capitalization: all capitals, or a capital first letter.
    static func matchCase(of match: ArraySlice<UInt8>, _ replacement: String) -> String {
        let letters = match.filter(ByteText.isLetter)
        if letters.count >= 2, letters.allSatisfy(ByteText.isUpper) { return replacement.uppercased() }
        if let first = match.first, ByteText.isUpper(first), let r = replacement.first, r.isLowercase {
            return r.uppercased() + replacement.dropFirst()
        }
        return replacement
    }
}

/// A glossary file that does not load, with the position of the problem.
struct GlossaryError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum GlossaryRule {
    static let description = RuleDescription(
        name: "glossary", group: .tokens, catalogueClass: 0,
        summary: "Replaces the user glossary's wrong terms with the right ones (option `glossary`), whole words, keeping capitalization.",
        neverTouches: "Parts of longer words; anything when no glossary is given.",
        defaultMode: .fix,
        examples: [])

    static let rule = ParagraphRule(description: description, trigger: [.always]) { text, context in
        context.glossary?.edits(text) ?? []
    }
}
