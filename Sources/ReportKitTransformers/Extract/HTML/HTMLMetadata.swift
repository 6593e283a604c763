import Foundation
import ReportKit

/// Page metadata from JSON-LD, OpenGraph and other meta tags, and the page itself.
///
/// Precedence, first found wins for each field:
/// - title: JSON-LD `headline` → `og:title` → `twitter:title` → the article's `<h1>` → `<title>`
///   (a ` | Site` or ` - Site` suffix removed);
/// - authors: JSON-LD `author` → `<meta name="author">` / `article:author` (names, not URLs) → in-page bylines;
/// - published / updated: JSON-LD `datePublished` / `dateModified` → `article:published_time` /
///   `article:modified_time` and similar meta → `<time datetime>`;
/// - site: `og:site_name` → JSON-LD `publisher.name` → `application-name`;
/// - language: `<html lang>` → `og:locale` → `content-language`;
/// - url: `<link rel="canonical">` → `og:url` → JSON-LD `url`;
/// - description: JSON-LD `description` → `og:description` → `<meta name="description">`;
/// - tags: JSON-LD `keywords` → `article:tag` → `<meta name="keywords">`;
/// - dek: JSON-LD `alternativeHeadline`.
struct HTMLMetadata {
    var title: String?
    var titleFromTitleTag: String?
    var dek: String?
    var authors: [String] = []
    var published: String?
    var updated: String?
    var site: String?
    var language: String?
    var url: String?
    var description: String?
    var tags: [String] = []

    /// Reads the `<head>` meta tags, `<html lang>`, canonical links, JSON-LD scripts and `<time>` elements.
    static func read(_ tree: HTMLTree) -> HTMLMetadata {
        var meta: [String: String] = [:]
        var metaAuthors: [String] = []
        var metaTags: [String] = []
        var jsonLD = JSONLDArticle()
        var canonical: String?
        var language: String?
        var titleTag: String?
        var timeDates: [String] = []
        var pageAuthors: [String] = []
        for i in 0 ..< tree.count {
            if pageAuthors.isEmpty, tree.tags[i] != .text, tree.highs[i] > tree.lows[i], isAuthorElement(tree, i) {
                let text = tree.collapsedText(i)
                if let names = LineRules.byline(text) {
                    pageAuthors = names
                } else if tree.attribute(i, .itemprop) == "author" || tree.attribute(i, .rel) == "author",
                          (1 ... 4).contains(text.split(separator: " ").count) {
                    pageAuthors = [text]
                }
            }
            switch tree.tags[i] {
            case .meta:
                guard let content = tree.attribute(i, .content).map(collapseSpaces), !content.isEmpty else { continue }
                let key = (tree.attribute(i, .property) ?? tree.attribute(i, .name) ?? tree.attribute(i, .itemprop) ?? tree.attribute(i, .httpEquiv) ?? "").lowercased()
                guard !key.isEmpty else { continue }
                if key == "author" || key == "article:author" || key == "sailthru.author" || key == "parsely-author" || key == "dc.creator" {
                    if !content.contains("://") { metaAuthors.append(String(content)) }
                } else if key == "article:tag" {
                    metaTags.append(String(content))
                } else if meta[key] == nil {
                    meta[key] = String(content)
                }
            case .html:
                if language == nil, let lang = tree.attribute(i, .lang), !lang.isEmpty { language = lang }
            case .link:
                if canonical == nil, tree.attribute(i, .rel)?.lowercased() == "canonical", let href = tree.attribute(i, .href), !href.isEmpty { canonical = href }
            case .title:
                if titleTag == nil { titleTag = tree.collapsedText(i) }
            case .script:
                if i + 1 < tree.end(i), tree.tags[i + 1] == .text {
                    jsonLD.merge(JSONLDArticle.parse(tree.textBytes(i + 1)))
                }
            case .time:
                if let value = tree.attribute(i, .datetime), let iso = DateParsing.iso8601(value) { timeDates.append(iso) }
            default:
                break
            }
        }
        var result = HTMLMetadata()
        result.titleFromTitleTag = titleTag.flatMap { $0.isEmpty ? nil : $0 }
        result.site = nonEmpty(meta["og:site_name"]) ?? jsonLD.publisher ?? nonEmpty(meta["application-name"])
        result.title = jsonLD.headline ?? nonEmpty(meta["og:title"]) ?? nonEmpty(meta["twitter:title"])
        result.dek = jsonLD.alternativeHeadline
        let authors = !jsonLD.authors.isEmpty ? jsonLD.authors : !metaAuthors.isEmpty ? metaAuthors.flatMap(splitNames) : pageAuthors
        result.authors = unique(authors.compactMap(cleanAuthor))
        let publishedMeta = ["article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
                             "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date", "article.published"]
        let updatedMeta = ["article:modified_time", "og:updated_time", "datemodified", "lastmod", "last-modified", "article.updated"]
        result.published = (jsonLD.published ?? publishedMeta.lazy.compactMap { meta[$0] }.first).flatMap(DateParsing.iso8601) ?? timeDates.first
        result.updated = (jsonLD.modified ?? updatedMeta.lazy.compactMap { meta[$0] }.first).flatMap(DateParsing.iso8601)
        result.language = language ?? nonEmpty(meta["og:locale"])?.replacingOccurrences(of: "_", with: "-") ?? nonEmpty(meta["content-language"])
        result.url = canonical ?? nonEmpty(meta["og:url"]) ?? jsonLD.url
        result.description = jsonLD.description ?? nonEmpty(meta["og:description"]) ?? nonEmpty(meta["description"]) ?? nonEmpty(meta["twitter:description"])
        if !jsonLD.keywords.isEmpty { result.tags = jsonLD.keywords }
        else if !metaTags.isEmpty { result.tags = unique(metaTags) }
        else if let keywords = meta["keywords"] ?? meta["news_keywords"] {
            result.tags = unique(keywords.split(separator: ",").map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty })
        }
        return result
    }

    /// An in-page byline: `itemprop="author"`, `rel="author"`, or a class/id naming a byline or author.
    private static func isAuthorElement(_ tree: HTMLTree, _ i: Int) -> Bool {
        // One pass over the element's attributes (this runs for every element); the first of
        // each name counts, as ``HTMLTree/attributeBytes(_:_:)`` would give it.
        var seen: UInt32 = 0
        var a = Int(tree.lows[i])
        let stop = Int(tree.highs[i])
        while a < stop {
            let attribute = tree.attributes[a]
            a += 1
            let bit: UInt32 = 1 << UInt32(attribute.name.rawValue)
            guard seen & bit == 0 else { continue }
            seen |= bit
            let value = tree.attributeBytes[Int(attribute.start) ..< Int(attribute.end)]
            switch attribute.name {
            case .itemprop, .rel:
                if value.elementsEqual("author".utf8) { return true }
            case .class, .id:
                guard value.count >= 6, value.count < 200 else { continue }
                if ByteSearch.containsCaseless(value, "byline") { return true }
                // `author` as a whole word (`author`, `post-author`), not `authority`.
                if ByteSearch.containsCaseless(value, "author", wholeWordEnd: true) { return true }
            default:
                continue
            }
        }
        return false
    }

    /// The `<title>` text without a site-name suffix (`Ferry resumes | Coast Daily` → `Ferry resumes`).
    static func stripSiteSuffix(_ title: String, site: String?) -> String {
        for separator in [" | ", " - ", " – ", " — ", " :: ", " · ", " » "] {
            guard let range = title.range(of: separator, options: .backwards) else { continue }
            let head = String(title[..<range.lowerBound]).trimmingSpaces()
            let tail = String(title[range.upperBound...]).trimmingSpaces()
            if let site, !site.isEmpty, tail.lowercased().contains(site.lowercased()) || site.lowercased().contains(tail.lowercased()) {
                return String(head)
            }
            // Without a known site name, cut only a short tail after a longer head.
            if tail.split(separator: " ").count <= 4, head.split(separator: " ").count >= 3 { return String(head) }
        }
        return title
    }

    /// The text with runs of white space made one space, trimmed.
    static func collapseSpaces(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        HTMLTree.appendCollapsed(ArraySlice(text.utf8), to: &out, pendingSpace: &pendingSpace)
        return String(decoding: out, as: UTF8.self)
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    static func splitNames(_ value: String) -> [String] {
        value.replacingOccurrences(of: " and ", with: ",").split(separator: ",").map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty }
    }

    /// `By JANE DOE, Staff Writer` → `JANE DOE`; URLs and empty names are dropped.
    static func cleanAuthor(_ raw: String) -> String? {
        var name = Substring(raw.trimmingSpaces())
        if name.lowercased().hasPrefix("by ") { name = name.dropFirst(3) }
        if let cut = name.firstIndex(where: { $0 == "," || $0 == "|" }) { name = name[..<cut] }
        let trimmed = String(name.trimmingSpaces())
        guard !trimmed.isEmpty, !trimmed.contains("://"), trimmed.count <= 80 else { return nil }
        return trimmed
    }

    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}

/// The article fields of JSON-LD blocks (`NewsArticle`, `Article`, `BlogPosting`…), including
/// ones nested in `@graph` arrays.
struct JSONLDArticle {
    var headline: String?
    var alternativeHeadline: String?
    var authors: [String] = []
    var published: String?
    var modified: String?
    var publisher: String?
    var description: String?
    var url: String?
    var keywords: [String] = []

    static let articleTypes: Set<String> = [
        "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "BackgroundNewsArticle", "ReviewNewsArticle", "ScholarlyArticle", "TechArticle", "Report", "LiveBlogPosting",
        "SocialMediaPosting", "WebPage",
    ]

    static func parse(_ bytes: ArraySlice<UInt8>) -> JSONLDArticle {
        // A malformed block is ignored: metadata is best effort, never a failure.
        guard bytes.count < 2_000_000,
              let root = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else { return JSONLDArticle() }
        var result = JSONLDArticle()
        var queue: [Any] = [root]
        var visited = 0
        while let item = queue.popLast(), visited < 500 {
            visited += 1
            if let array = item as? [Any] { queue.append(contentsOf: array.reversed()); continue }
            guard let object = item as? [String: Any] else { continue }
            if let graph = object["@graph"] { queue.append(graph) }
            let types: [String] = (object["@type"] as? String).map { [$0] } ?? (object["@type"] as? [String]) ?? []
            guard types.contains(where: articleTypes.contains) else { continue }
            let isWebPage = types == ["WebPage"]
            var found = JSONLDArticle()
            found.headline = string(object["headline"]) ?? (isWebPage ? nil : string(object["name"]))
            found.alternativeHeadline = string(object["alternativeHeadline"])
            found.authors = names(object["author"]) + names(object["creator"])
            found.published = string(object["datePublished"]) ?? string(object["dateCreated"])
            found.modified = string(object["dateModified"])
            found.publisher = names(object["publisher"]).first
            found.description = string(object["description"])
            found.url = string(object["url"]) ?? string((object["mainEntityOfPage"] as? [String: Any])?["@id"])
            if let keywords = object["keywords"] as? String {
                found.keywords = keywords.split(separator: ",").map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty }
            } else if let keywords = object["keywords"] as? [String] {
                found.keywords = keywords
            }
            // An article type beats a plain WebPage.
            if isWebPage { result.mergeMissing(found) } else { var merged = found; merged.mergeMissing(result); result = merged }
        }
        return result
    }

    mutating func merge(_ other: JSONLDArticle) { mergeMissing(other) }

    /// Fills the fields still empty from `other`.
    mutating func mergeMissing(_ other: JSONLDArticle) {
        headline = headline ?? other.headline
        alternativeHeadline = alternativeHeadline ?? other.alternativeHeadline
        if authors.isEmpty { authors = other.authors }
        published = published ?? other.published
        modified = modified ?? other.modified
        publisher = publisher ?? other.publisher
        description = description ?? other.description
        url = url ?? other.url
        if keywords.isEmpty { keywords = other.keywords }
    }

    private static func string(_ value: Any?) -> String? {
        if let s = value as? String {
            let trimmed = String(s.trimmingSpaces())
            return trimmed.isEmpty ? nil : decodeEntities(HTMLMetadata.collapseSpaces(trimmed))
        }
        if let array = value as? [Any] { return array.lazy.compactMap { string($0) }.first }
        return nil
    }

    /// Names from a string, a Person/Organization object, or a list of either.
    private static func names(_ value: Any?) -> [String] {
        if let s = string(value as? String), !s.contains("://") { return HTMLMetadata.splitNames(s) }
        if let object = value as? [String: Any], let name = string(object["name"]) { return [name] }
        if let array = value as? [Any] { return array.flatMap { names($0) } }
        return []
    }

    /// JSON-LD text sometimes carries HTML entities (`&amp;`, `&#8217;`).
    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, value) in [("&amp;", "&"), ("&quot;", "\""), ("&#039;", "'"), ("&#39;", "'"), ("&#8217;", "’"),
                                ("&#8216;", "‘"), ("&#8220;", "“"), ("&#8221;", "”"), ("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", " ")] {
            out = out.replacingOccurrences(of: entity, with: value)
        }
        return out
    }
}
