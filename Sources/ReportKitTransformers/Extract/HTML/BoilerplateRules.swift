import ReportKit

/// Signals in tags and in `class`/`id`/`role` values that an element is page furniture
/// (navigation, share bars, comments…) or article content. Generic words only: no rule
/// names a particular site.
enum BoilerplateRules {
    /// Elements that are never article text.
    static let furnitureTags: Set<HTMLTag> = [.nav, .aside, .footer, .form, .button, .select, .option, .input, .textarea,
                                              .label, .fieldset, .menu, .dialog, .iframe, .object, .embed, .canvas,
                                              .video, .audio, .noscript, .template, .svg, .math, .script, .style]

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
        for name in [HTMLAttributeName.class, .id] {
            guard let value = tree.attributeBytes(node, name), !value.isEmpty, value.count < 400 else { continue }
            for className in value.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) {
                let parts = words(className)
                guard let first = parts.first, let last = parts.last else { continue }
                if parts.count > 1, taxonomyPrefixes.contains(first) { continue }
                if parts.contains(where: positiveWords.contains) { positive = true }
                // Only the first or last word of a name speaks for it (`related-stories`, `entry-meta`),
                // not a word in the middle (`col-no-side-gutter`).
                for word in Set([first, last]) {
                    if strongNegativeWords.contains(word) { strong = true } else if weakNegativeWords.contains(word) { weak = true }
                }
            }
        }
        if strong || (weak && !positive) { return .furniture }
        return positive ? .content : .neutral
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
