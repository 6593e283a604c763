import Foundation

/// A report: the one value that flows between pipeline steps, over the JSON plugin
/// protocol and through JSON Lines streams.
///
/// Readers fill `source`, `raw` and a first `body`; `extract` structures it;
/// later steps refine it. Every edit a step makes to text is recorded in `changes`.
public struct Report: Codable, Sendable, Equatable {
    /// The version of the JSON form written by this build; bumped on incompatible changes.
    public static let currentFormatVersion = 1

    /// The JSON form's version, written as `"format"`.
    public var formatVersion: Int
    /// A stable identifier, by default derived from the source path.
    public var id: String
    /// Where the report came from.
    public var source: Source?
    /// The input as read, before extraction (decoded to UTF-8).
    public var raw: String?
    public var title: String?
    /// The dek (standfirst): the line under the headline.
    public var subtitle: String?
    public var authors: [String]
    /// Publication date, ISO 8601.
    public var published: String?
    /// Last update, ISO 8601.
    public var updated: String?
    public var site: String?
    /// BCP 47 language tag.
    public var language: String?
    public var url: String?
    public var description: String?
    public var tags: [String]
    /// The article body, in order.
    public var body: [Block]
    /// Blocks that a step removed from the body (navigation, repeated headlines), kept for review.
    public var dropped: [DroppedBlock]
    /// Reader comments, kept apart from the body.
    public var comments: [Block]
    public var quotes: [Quote]
    public var entities: [Entity]
    public var summary: Summary?
    /// Every edit made to the text, in order.
    public var changes: [Change]
    /// Open values for plugins and pipelines.
    public var metadata: [String: JSONValue]
    /// Warnings and notes gathered while reading and transforming.
    public var diagnostics: [ReportDiagnostic]

    public init(
        id: String,
        source: Source? = nil,
        raw: String? = nil,
        title: String? = nil,
        body: [Block] = []
    ) {
        self.formatVersion = Report.currentFormatVersion
        self.id = id
        self.source = source
        self.raw = raw
        self.title = title
        self.subtitle = nil
        self.authors = []
        self.published = nil
        self.updated = nil
        self.site = nil
        self.language = nil
        self.url = nil
        self.description = nil
        self.tags = []
        self.body = body
        self.dropped = []
        self.comments = []
        self.quotes = []
        self.entities = []
        self.summary = nil
        self.changes = []
        self.metadata = [:]
        self.diagnostics = []
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format"
        case id, source, raw, title, subtitle, authors, published, updated, site, language, url
        case description, tags, body, dropped, comments, quotes, entities, summary, changes
        case metadata, diagnostics
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decodeIfPresent(Int.self, forKey: .formatVersion) ?? Report.currentFormatVersion
        guard formatVersion <= Report.currentFormatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion, in: c,
                debugDescription: "report format \(formatVersion) is newer than this reportkit reads (\(Report.currentFormatVersion))")
        }
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        source = try c.decodeIfPresent(Source.self, forKey: .source)
        raw = try c.decodeIfPresent(String.self, forKey: .raw)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        subtitle = try c.decodeIfPresent(String.self, forKey: .subtitle)
        authors = try c.decodeIfPresent([String].self, forKey: .authors) ?? []
        published = try c.decodeIfPresent(String.self, forKey: .published)
        updated = try c.decodeIfPresent(String.self, forKey: .updated)
        site = try c.decodeIfPresent(String.self, forKey: .site)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        body = try c.decodeIfPresent([Block].self, forKey: .body) ?? []
        dropped = try c.decodeIfPresent([DroppedBlock].self, forKey: .dropped) ?? []
        comments = try c.decodeIfPresent([Block].self, forKey: .comments) ?? []
        quotes = try c.decodeIfPresent([Quote].self, forKey: .quotes) ?? []
        entities = try c.decodeIfPresent([Entity].self, forKey: .entities) ?? []
        summary = try c.decodeIfPresent(Summary.self, forKey: .summary)
        changes = try c.decodeIfPresent([Change].self, forKey: .changes) ?? []
        metadata = try c.decodeIfPresent([String: JSONValue].self, forKey: .metadata) ?? [:]
        diagnostics = try c.decodeIfPresent([ReportDiagnostic].self, forKey: .diagnostics) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(raw, forKey: .raw)
        // Readers rely on `title` being present, as a string or null.
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(subtitle, forKey: .subtitle)
        try c.encode(authors, forKey: .authors)
        try c.encodeIfPresent(published, forKey: .published)
        try c.encodeIfPresent(updated, forKey: .updated)
        try c.encodeIfPresent(site, forKey: .site)
        try c.encodeIfPresent(language, forKey: .language)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(tags, forKey: .tags)
        try c.encode(body, forKey: .body)
        try c.encode(dropped, forKey: .dropped)
        try c.encode(comments, forKey: .comments)
        try c.encode(quotes, forKey: .quotes)
        try c.encode(entities, forKey: .entities)
        try c.encode(summary, forKey: .summary)
        try c.encode(changes, forKey: .changes)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(diagnostics, forKey: .diagnostics)
    }
}

/// Where a report came from.
public struct Source: Codable, Sendable, Equatable {
    /// The input path as given, or `-` for standard input.
    public var path: String
    /// The media type the reader chose (`text/plain`, `text/html`, `text/markdown`, `application/json`).
    public var mediaType: String

    public init(path: String, mediaType: String) {
        self.path = path
        self.mediaType = mediaType
    }
}

/// One block of the body: a heading, a paragraph, a quote, a list item…
public struct Block: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case heading, paragraph, quote, listItem = "list-item", tableRow = "table-row"
        case caption, code, byline, dateline
    }

    public var kind: Kind
    public var text: String
    /// Heading level (1–6), or list nesting depth; nil where it does not apply.
    public var level: Int?

    public init(_ kind: Kind, _ text: String, level: Int? = nil) {
        self.kind = kind
        self.text = text
        self.level = level
    }
}

/// A block a step took out of the body, with the reason, so a reviewer can check it.
public struct DroppedBlock: Codable, Sendable, Equatable {
    public var text: String
    /// Why it was dropped: `navigation`, `repeated-headline`, `repeated-dek`, `boilerplate`…
    public var reason: String
    /// The step that dropped it.
    public var step: String
    /// Its index in the body it was dropped from, where known.
    public var block: Int?

    public init(text: String, reason: String, step: String, block: Int? = nil) {
        self.text = text
        self.reason = reason
        self.step = step
        self.block = block
    }
}

/// A direct quote with its speaker.
public struct Quote: Codable, Sendable, Equatable {
    public var text: String
    /// The speaker's full name, when it could be resolved.
    public var speaker: String?
    /// The speaker's title or role (`Party Secretary`), when the text gives one.
    public var role: String?
    /// Index of the body block the quote is in.
    public var block: Int

    public init(text: String, speaker: String?, role: String? = nil, block: Int) {
        self.text = text
        self.speaker = speaker
        self.role = role
        self.block = block
    }
}

/// A named thing found in the text, with every place it is mentioned.
public struct Entity: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case person, organization, place, date, quantity, money
    }

    public var text: String
    public var kind: Kind
    public var mentions: [Mention]

    public init(text: String, kind: Kind, mentions: [Mention]) {
        self.text = text
        self.kind = kind
        self.mentions = mentions
    }
}

/// Where an entity is mentioned: a body block and a UTF-8 byte range in its text.
public struct Mention: Codable, Sendable, Equatable {
    public var block: Int
    public var start: Int
    public var end: Int

    public init(block: Int, start: Int, end: Int) {
        self.block = block
        self.start = start
        self.end = end
    }
}

/// An extractive summary.
public struct Summary: Codable, Sendable, Equatable {
    public var sentences: [SummarySentence]
    public var keywords: [Keyword]
    /// The method that chose the sentences (`textrank`, `lead`, `centroid`…).
    public var method: String

    public init(sentences: [SummarySentence], keywords: [Keyword], method: String) {
        self.sentences = sentences
        self.keywords = keywords
        self.method = method
    }
}

/// One sentence of a summary, with where it came from.
public struct SummarySentence: Codable, Sendable, Equatable {
    public var text: String
    /// Index of the body block it came from.
    public var block: Int
    /// Index of the sentence among all sentences of the body.
    public var position: Int
    public var score: Double

    public init(text: String, block: Int, position: Int, score: Double) {
        self.text = text
        self.block = block
        self.position = position
        self.score = score
    }
}

/// A ranked key term or phrase.
public struct Keyword: Codable, Sendable, Equatable {
    public var text: String
    public var score: Double

    public init(text: String, score: Double) {
        self.text = text
        self.score = score
    }
}

/// One edit a step made to the text, recorded so a person can review it.
public struct Change: Codable, Sendable, Equatable {
    /// The step that made it (`translate-fixups`).
    public var step: String
    /// The rule within the step (`orphaned-punctuation`).
    public var rule: String
    /// Index of the body block, or nil for the title, the dek or a whole-line drop.
    public var block: Int?
    /// The field edited when it is not a body block (`title`, `subtitle`).
    public var field: String?
    public var before: String
    public var after: String
    /// Some text around the edit, as it was before, for review.
    public var context: String?

    public init(step: String, rule: String, block: Int?, field: String? = nil,
                before: String, after: String, context: String? = nil) {
        self.step = step
        self.rule = rule
        self.block = block
        self.field = field
        self.before = before
        self.after = after
        self.context = context
    }
}

/// A warning or note attached to one report.
public struct ReportDiagnostic: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable { case note, warning, error }

    public var severity: Severity
    /// The step that raised it, or `read` for the reader.
    public var step: String
    public var message: String

    public init(_ severity: Severity, step: String, _ message: String) {
        self.severity = severity
        self.step = step
        self.message = message
    }
}
