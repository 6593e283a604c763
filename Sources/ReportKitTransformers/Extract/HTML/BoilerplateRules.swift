import ReportKit

/// Signals in tags and in `class`/`id`/`role` values that an element is page furniture
/// (navigation, share bars, comments…) or article content. Generic words only: no rule
/// names a particular site.
enum BoilerplateRules {
    /// Elements that are never article text.
    static let furnitureTags: Set<HTMLTag> = [.nav, .aside, .footer, .form, .button, .select, .option, .input, .textarea,
                                              .label, .fieldset, .menu, .dialog, .iframe, .object, .embed, .canvas,
                                              .video, .audio, .noscript, .template, .svg, .math, .script, .style]

    /// ``furnitureTags`` by tag number: a table lookup per element instead of hashing.
    static let isFurnitureTag: [Bool] = HTMLTag.allCases.map { furnitureTags.contains($0) }

    /// Words in a class or id name that mark furniture whatever else the name says.
    static let strongNegativeWords: Set<String> = [
        "comment", "comments", "commentlist", "disqus", "related", "share", "sharing", "shares", "sharebar", "social",
        "socials", "sidebar", "footer", "newsletter", "subscribe", "subscription", "signup", "promo", "promos",
        "promotion", "ad", "ads", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit", "sponsor",
        "sponsored", "cookie", "cookies", "consent", "gdpr", "breadcrumb", "breadcrumbs", "nav", "navbar",
        "navigation", "menu", "submenu", "recommended", "recommendation", "recommendations", "outbrain", "taboola",
        "zergnet", "byline", "bylines", "author", "authors", "tags", "taglist", "tagcloud", "caption", "masthead",
        "trending", "popular", "crumbs", "dateline", "timestamp", "copyright", "disclaimer", "readmore",
        "readnext", "upnext", "donate", "donation", "affiliate",
    ]

    /// Words in a class or id name that mark furniture unless a content word is there too.
    static let weakNegativeWords: Set<String> = [
        "header", "side", "aside", "widget", "widgets", "modal", "popup", "overlay", "toolbar", "tools", "pagination",
        "pager", "paging", "tag", "topics", "meta", "metadata", "credit", "credits", "legal", "skip", "login",
        "register", "rating", "poll", "more", "jump", "follow", "rss", "teaser", "teasers", "cta", "gallery",
        "thumbnail", "thumb", "lightbox", "sronly", "print", "noprint", "hide", "hidden", "storylist", "headlines",
        "feed", "contributors", "bio", "also", "see", "other", "latest", "trends", "partner", "partners", "notice",
        "alert", "icons", "icon", "btn", "button", "player", "banner", "date", "subscribe",
    ]

    /// Words in `class`/`id` that mark article content.
    static let positiveWords: Set<String> = [
        "article", "articlebody", "content", "entry", "main", "post", "story", "body", "text", "blog", "prose",
        "postbody", "storybody", "entrycontent", "articletext", "richtext", "copy",
    ]

    /// CMS taxonomy classes (`tag-books`, `category-news`) describe the post, not the element.
    static let taxonomyPrefixes: Set<String> = ["tag", "category", "postid", "format", "status", "type", "author", "has"]

    enum Verdict { case neutral, furniture, content }

    /// The verdict of an element's `class`, `id` and `role` attributes.
    static func verdict(_ tree: HTMLTree, _ node: Int) -> Verdict {
        if let role = tree.attributeBytes(node, .role) {
            let value = String(decoding: role, as: UTF8.self).lowercased()
            if ["navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search", "dialog", "alert", "toolbar"].contains(value) {
                return .furniture
            }
            if value == "main" || value == "article" { return .content }
        }
        if tree.attributeBytes(node, .hidden) != nil { return .furniture }
        if let hidden = tree.attributeBytes(node, .ariaHidden), hidden.elementsEqual("true".utf8) { return .furniture }
        if let style = tree.attributeBytes(node, .style), containsDisplayNone(style) { return .furniture }
        if let itemprop = tree.attributeBytes(node, .itemprop), itemprop.elementsEqual("articleBody".utf8) { return .content }
        var strong = false
        var weak = false
        var positive = false
        var seen: (class: Bool, id: Bool) = (false, false)
        var a = Int(tree.lows[node])
        let stop = Int(tree.highs[node])
        // The first `class` and the first `id`, as ``HTMLTree/attributeBytes(_:_:)`` would give them.
        while a < stop {
            let attribute = tree.attributes[a]
            a += 1
            if attribute.name == .class { if seen.class { continue }; seen.class = true }
            else if attribute.name == .id { if seen.id { continue }; seen.id = true }
            else { continue }
            let length = Int(attribute.end - attribute.start)
            guard length > 0, length < 400 else { continue }
            tree.attributeBytes.withUnsafeBufferPointer { all in
                classWordVerdict(UnsafeBufferPointer(rebasing: all[Int(attribute.start) ..< Int(attribute.end)]),
                                 strong: &strong, weak: &weak, positive: &positive)
            }
        }
        if strong || (weak && !positive) { return .furniture }
        return positive ? .content : .neutral
    }

    private static let strongBit: UInt32 = 1, weakBit: UInt32 = 2, positiveBit: UInt32 = 4, taxonomyBit: UInt32 = 8
    /// The word lists as one byte-keyed table, so class names are judged without making strings.
    private static let classWordTable = WordLexicon(values: [
        (strongBit, Array(strongNegativeWords)), (weakBit, Array(weakNegativeWords)),
        (positiveBit, Array(positiveWords)), (taxonomyBit, Array(taxonomyPrefixes)),
    ])

    /// Judges one `class` or `id` value: each space-separated name is split into lowercase
    /// words (see ``words(_:)``); a taxonomy name is skipped, a content word anywhere marks
    /// content, and only the first or last word of a name speaks for furniture
    /// (`related-stories`, `entry-meta`, not `col-no-side-gutter`).
    private static func classWordVerdict(_ value: UnsafeBufferPointer<UInt8>, strong: inout Bool, weak: inout Bool, positive: inout Bool) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: value.count) { lower in
            let folded = UnsafeBufferPointer(lower)
            var nameStart = 0
            while nameStart < value.count {
                var nameEnd = nameStart
                while nameEnd < value.count, value[nameEnd] != 0x20, value[nameEnd] != 0x09, value[nameEnd] != 0x0A { nameEnd += 1 }
                defer { nameStart = nameEnd + 1 }
                guard nameEnd > nameStart else { continue }
                // The name's words, lowercased into `lower` at the same offsets.
                var first: UInt32?, last: UInt32 = 0
                var count = 0
                var anyPositive = false
                var wordStart = -1
                var previousLower = false
                var k = nameStart
                func emit(_ end: Int) {
                    guard wordStart >= 0 else { return }
                    let bits = classWordTable.value(folded, wordStart, end) ?? 0
                    if first == nil { first = bits }
                    last = bits
                    count += 1
                    if bits & positiveBit != 0 { anyPositive = true }
                    wordStart = -1
                }
                while k < nameEnd {
                    let b = value[k]
                    let isUpper = b >= 0x41 && b <= 0x5A
                    let isLower = b >= 0x61 && b <= 0x7A
                    if isUpper || isLower || (b >= 0x30 && b <= 0x39) {
                        if isUpper && previousLower { emit(k) }
                        if wordStart < 0 { wordStart = k }
                        lower[k] = isUpper ? b | 0x20 : b
                        previousLower = isLower
                    } else {
                        emit(k)
                        previousLower = false
                    }
                    k += 1
                }
                emit(nameEnd)
                guard let first else { continue }
                if count > 1, first & taxonomyBit != 0 { continue }
                if anyPositive { positive = true }
                if first & strongBit != 0 || last & strongBit != 0 { strong = true }
                if first & (strongBit | weakBit) == weakBit || last & (strongBit | weakBit) == weakBit { weak = true }
            }
        }
    }

    /// Whether a class/id value names comments (`comments`, `comment-list`, `disqus_thread`).
    static func isComments(_ tree: HTMLTree, _ node: Int) -> Bool {
        var found = false
        for name in [HTMLAttributeName.class, .id] {
            guard let value = tree.attributeBytes(node, name), value.count < 400 else { continue }
            for word in words(value) where word == "comments" || word == "comment" || word == "commentlist" || word == "disqus" {
                found = true
            }
        }
        return found
    }

    /// Splits a class/id value into lowercase words at anything that is not a letter or digit,
    /// and also at lowercase→uppercase steps (`relatedPosts` → `related`, `posts`).
    private static func words(_ value: ArraySlice<UInt8>) -> [String] {
        var result: [String] = []
        var word: [UInt8] = []
        var previousLower = false
        func emit() {
            if !word.isEmpty { result.append(String(decoding: word, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
        }
        for b in value {
            let isUpper = b >= 0x41 && b <= 0x5A
            let isLower = b >= 0x61 && b <= 0x7A
            let isDigit = b >= 0x30 && b <= 0x39
            if isUpper || isLower || isDigit {
                if isUpper && previousLower { emit() }
                word.append(isUpper ? b | 0x20 : b)
                previousLower = isLower
            } else {
                emit()
                previousLower = false
            }
        }
        emit()
        return result
    }

    private static func containsDisplayNone(_ style: ArraySlice<UInt8>) -> Bool {
        var compact: [UInt8] = []
        for b in style where b != 0x20 { compact.append(b | 0x20) }
        return compact.starts(with: "display:none".utf8) || compact.firstRange(of: Array("display:none".utf8)) != nil
            || compact.firstRange(of: Array("visibility:hidden".utf8)) != nil
    }
}
