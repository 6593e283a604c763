import ReportKit

/// Signals in tags and in `class`/`id`/`role` values that an element is page furniture
/// (navigation, share bars, comments…) or article content. Generic words only: no rule
/// names a particular site.
enum BoilerplateRules {
    /// Elements that are never article text.
    static let furnitureTags: Set<HTMLTag> = [.nav, .aside, .footer, .form, .button, .select, .option, .input, .textarea,
                                              .label, .fieldset, .menu, .dialog, .iframe, .object, .embed, .canvas,
                                              .video, .audio, .noscript, .template, .svg, .math, .script, .style]

    /// Words in `class`/`id` that mark furniture.
    static let negativeWords: Set<String> = [
        "nav", "navbar", "navigation", "menu", "menubar", "submenu", "footer", "header", "masthead", "sidebar", "side",
        "aside", "widget", "widgets", "related", "share", "sharing", "shares", "sharebar", "social", "socials",
        "comment", "comments", "commentlist", "disqus", "respond", "reply", "replies", "breadcrumb", "breadcrumbs",
        "crumbs", "promo", "promos", "promotion", "ad", "ads", "advert", "adverts", "advertisement", "adv", "advertising",
        "adslot", "adunit", "banner", "sponsor", "sponsored", "newsletter", "subscribe", "subscription", "signup",
        "cookie", "cookies", "consent", "gdpr", "popup", "modal", "overlay", "toolbar", "tools", "pagination", "pager",
        "paging", "tags", "tag", "tagcloud", "taglist", "topics", "byline", "bylines", "author", "authors", "meta",
        "metadata", "dateline", "timestamp", "caption", "credit", "credits", "copyright", "legal", "skip", "login",
        "register", "rating", "poll", "recommended", "recommendation", "recommendations", "trending", "popular",
        "outbrain", "taboola", "zergnet", "more", "jump", "follow", "rss", "teaser", "teasers", "cta", "paywall",
        "donate", "donation", "gallery", "thumbnail", "thumb", "lightbox", "sronly", "print", "noprint", "hide",
        "hidden", "storylist", "headlines", "feed", "contributors", "bio", "related-posts", "newsletter-signup",
        "inline-related", "readmore", "readnext", "upnext", "also", "see", "other", "latest", "trends", "partner",
        "partners", "affiliate", "disclaimer", "notice", "alert", "icons", "icon", "btn", "button", "player",
    ]

    /// Words in `class`/`id` that mark article content.
    static let positiveWords: Set<String> = [
        "article", "articlebody", "article-body", "content", "entry", "main", "post", "story", "body", "text", "blog",
        "prose", "column", "postbody", "storybody", "entrycontent", "articletext", "richtext", "copy",
    ]

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
        var negative = false
        var positive = false
        for name in [HTMLAttributeName.class, .id] {
            guard let value = tree.attributeBytes(node, name), !value.isEmpty, value.count < 400 else { continue }
            forEachWord(value) { word in
                if negativeWords.contains(word) { negative = true } else if positiveWords.contains(word) { positive = true }
            }
        }
        if negative { return .furniture }
        return positive ? .content : .neutral
    }

    /// Whether a class/id value names comments (`comments`, `comment-list`, `disqus_thread`).
    static func isComments(_ tree: HTMLTree, _ node: Int) -> Bool {
        var found = false
        for name in [HTMLAttributeName.class, .id] {
            guard let value = tree.attributeBytes(node, name), value.count < 400 else { continue }
            forEachWord(value) { word in
                if word == "comments" || word == "comment" || word == "commentlist" || word == "disqus" { found = true }
            }
        }
        return found
    }

    /// Splits a class/id value into lowercase words at anything that is not a letter or digit,
    /// and also at lowercase→uppercase steps (`relatedPosts` → `related`, `posts`).
    private static func forEachWord(_ value: ArraySlice<UInt8>, _ body: (String) -> Void) {
        var word: [UInt8] = []
        var previousLower = false
        func emit() {
            if !word.isEmpty { body(String(decoding: word, as: UTF8.self)) }
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
    }

    private static func containsDisplayNone(_ style: ArraySlice<UInt8>) -> Bool {
        var compact: [UInt8] = []
        for b in style where b != 0x20 { compact.append(b | 0x20) }
        return compact.starts(with: "display:none".utf8) || compact.firstRange(of: Array("display:none".utf8)) != nil
            || compact.firstRange(of: Array("visibility:hidden".utf8)) != nil
    }
}
