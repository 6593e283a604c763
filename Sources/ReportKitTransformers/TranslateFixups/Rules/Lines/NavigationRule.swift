/// Catalogue class 16: site navigation left in the body (`Previous <title>`, `Share this:`,
/// `Advertisement`, breadcrumbs). Extract drops most of it; this is the fallback.
enum NavigationRule {
    static let description = RuleDescription(
        name: "navigation", group: .lines, catalogueClass: 16,
        summary: "Drops whole lines that are site navigation: `Previous`/`Next` links to other stories, share and print buttons, `Advertisement`, `Related Stories`, breadcrumbs (`Home > News`), `Scan the QR code…`.",
        neverTouches: "Sentences that begin like navigation (`Next week…`, `Previous studies…`, `Share prices…`, `Related to…`, `Advertisement spending…`); anything ending in a full stop.",
        defaultMode: .fix,
        examples: [
            .keeps("Next week the first payments arrive.\nShare prices rose.\nRelated to the flood, aid was sent."),
            .fixes("Home > News > Science\nThe clinic opened.\nShare this:\nPrevious: Floods close roads\nNext 'Festival' draws crowds",
                   to: "The clinic opened."),
        ])

    static let exact: Set<String> = [
        "advertisement", "advertisements", "advertising", "ad", "ads", "sponsored", "sponsored content", "print", "print this",
        "print this page", "print article", "email", "e-mail", "email this", "mail", "share", "share this", "share this article",
        "share this story", "share article", "share story", "tweet", "back to top", "top", "return to top", "to top", "related",
        "related articles", "related stories", "related news", "related content", "related links", "related reading", "related posts",
        "related coverage", "read more", "read also", "also read", "more", "more stories", "see also", "you may also like",
        "you might also like", "recommended", "recommended for you", "most popular", "most read", "most viewed", "trending",
        "trending now", "comments", "comment", "leave a comment", "subscribe", "subscribe now", "newsletter", "sign up", "log in",
        "login", "follow us", "close", "menu", "home", "search", "next", "previous", "prev", "next page", "previous page",
        "next article", "previous article", "next story", "previous story", "font size", "a a a", "a- a+", "editor's pick",
        "editor's picks", "editor’s pick", "editor’s picks", "top stories", "latest news", "latest", "copy link", "copy url",
        "facebook", "twitter", "wechat", "weibo", "linkedin", "whatsapp", "reddit", "telegram", "x", "share via", "print email",
        "print e-mail", "share print", "email print", "large medium small", "text size", "listen", "listen to this article",
        "top of page", "back to home", "return to homepage", "homepage", "home page", "email to a friend", "send to a friend",
        "e-mail to a friend", "print this story", "print this article", "email this article", "email this story", "save",
        "bookmark", "copy", "share this page", "share this post", "related video", "related videos", "video", "photos", "gallery",
        "editor's note", "more news", "more from", "see more", "view more", "load more", "show more", "next page »", "« previous",
    ]

    /// Words that, in a line made only of them, are a row of buttons (`Print Email Share`).
    static let buttonWords: Set<String> = [
        "print", "email", "e-mail", "share", "tweet", "facebook", "twitter", "wechat", "weibo", "linkedin", "whatsapp", "reddit",
        "comment", "comments", "save", "close", "copy", "link", "pinterest", "telegram", "qzone", "mail", "favorite", "favourite",
    ]

    static let prefixes: [String] = [
        "share on ", "share to ", "share via ", "share with ", "follow us on ", "follow us at ", "scan the qr code", "scan qr code",
        "scan the code", "click here", "tags:", "keywords:", "related:", "read more:", "see also:", "also read:", "read also:",
        "more:", "related articles:", "related stories:", "related news:", "you may also like:", "recommended:",
        "share this ", "subscribe to ", "sign up for ", "download the app", "download our app", "get the app",
        "comments (", "read the full story", "read the full article", "continue reading",
    ]

    static let decorations: [[UInt8]] = ["[", "]", "【", "】", "«", "»", "‹", "›", "<", ">", "←", "→", "▶", "◀", "|", "·", "•", ":", " "]
        .map { Array($0.utf8) }

    /// Lowercased (ASCII), inner spaces collapsed; brackets, arrows and a trailing `:` removed. Byte work only.
    static func normalize(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var s = s
        s.withUTF8 { p in
            for b in p {
                let c: UInt8 = b == 0x09 ? 0x20 : (ByteText.isUpper(b) ? b | 0x20 : b)
                if c == 0x20, out.last == 0x20 || out.isEmpty { continue }
                out.append(c)
            }
        }
        var start = 0, end = out.count
        var trimmed = true
        while trimmed {
            trimmed = false
            for d in decorations {
                if end - start >= d.count, out[start..<(start + d.count)].elementsEqual(d) { start += d.count; trimmed = true }
                if end - start >= d.count, out[(end - d.count)..<end].elementsEqual(d) { end -= d.count; trimmed = true }
            }
        }
        return String(decoding: out[start..<end], as: UTF8.self)
    }

    /// What `isNavigation` needs to know of a line's bytes before any string work.
    struct LineFacts {
        /// The last byte before trailing spaces.
        var last: UInt8
        var mayBeCopyright: Bool
        var spaces: Int
        /// Whether the line holds a breadcrumb separator byte (`>`, `|`, `/`, `›`, `»`).
        var separator: Bool
        var mayBeStoryLink: Bool
    }

    /// One pass over the bytes (through the buffer, not the string's index API, which costs
    /// several times more a byte); nil when the line cannot be navigation.
    static func facts(_ p: UnsafeBufferPointer<UInt8>) -> LineFacts? {
        let n = p.count
        guard n > 0, n <= 240 else { return nil }
        // Fast exits on bytes: a line ending in a full stop is only navigation as a copyright
        // notice; a line of more than 25 words never is.
        var end = n
        while end > 0, p[end - 1] == 0x20 { end -= 1 }
        guard end > 0 else { return nil }
        let last = p[end - 1]
        let firstByte = p[0]
        let mayBeCopyright = firstByte | 0x20 == 0x63 || firstByte == 0xC2
        if last == 0x2E, !mayBeCopyright { return nil }
        var spaces = 0, separator = false
        var firstLetter: UInt8 = 0
        for k in 0..<n {
            let b = p[k]
            if b == 0x20 { spaces += 1; if spaces > 25 { return nil } }
            else if b == 0x3E || b == 0x7C || b == 0x2F || b == 0xBA || b == 0xBB { separator = true } // > | / › »
            else if firstLetter == 0, ByteText.isLetter(b) { firstLetter = b | 0x20 }
        }
        let mayBeStoryLink = firstLetter == 0x70 || firstLetter == 0x6E // p, n
        // Only a story link (`Previous …`, `Next …`) or a breadcrumb runs past 15 words.
        if spaces > 14, !separator, !mayBeStoryLink { return nil }
        return LineFacts(last: last, mayBeCopyright: mayBeCopyright, spaces: spaces, separator: separator, mayBeStoryLink: mayBeStoryLink)
    }

    /// Whether the whole line is navigation.
    static func isNavigation(_ line: String) -> Bool {
        guard !line.utf8.isEmpty, line.utf8.count <= 240 else { return false }
        var bytes = line
        guard let facts = bytes.withUTF8(Self.facts) else { return false }
        let last = facts.last, mayBeCopyright = facts.mayBeCopyright, spaces = facts.spaces
        let separator = facts.separator, mayBeStoryLink = facts.mayBeStoryLink
        let normal = normalize(line)
        if mayBeCopyright, normal.utf8.count <= 160, normal.hasPrefix("©") || normal.hasPrefix("copyright"), normal.contains("all rights reserved") {
            return true
        }
        if last == 0x2E, !normal.hasSuffix("...") { return false }
        if exact.contains(normal) { return true }
        if spaces <= 14 {
            // An ASCII prefix can only match a line that starts with its first byte.
            let first = normal.utf8.first
            for prefix in prefixes where prefix.utf8.first == first && normal.hasPrefix(prefix) { return true }
            if normal.hasPrefix("©") { return true }
        }
        if separator, isBreadcrumb(normal) { return true }
        // A row of buttons: `Print Email Share`, `[Print] [Close]`.
        if spaces <= 8, isButtonRow(normal) { return true }
        return mayBeStoryLink && isStoryLink(String(line.trimmingSpaces()))
    }

    /// `Print Email Share`, `[Print] [Close]`: every word a button (ASCII words between
    /// spaces, brackets, bars, slashes or bullets). Bytes only.
    static func isButtonRow(_ normal: String) -> Bool {
        var words = 0
        var word: [UInt8] = []
        for b in normal.utf8 {
            if ByteText.isLower(b) || b == 0x2D {
                word.append(b)
                continue
            }
            if !word.isEmpty {
                guard buttonWordBytes.contains(word) else { return false }
                words += 1
                word.removeAll(keepingCapacity: true)
            }
            // Separators: space [ ] | / and the bytes of 【 】 · •; anything else is not a button row.
            guard b == 0x20 || b == 0x5B || b == 0x5D || b == 0x7C || b == 0x2F || b >= 0x80 else { return false }
        }
        if !word.isEmpty {
            guard buttonWordBytes.contains(word) else { return false }
            words += 1
        }
        return words >= 2
    }

    static let buttonWordBytes: Set<[UInt8]> = Set(buttonWords.map { Array($0.utf8) })

    /// `Home > News > Science`, `Print | Email | Share`.
    static func isBreadcrumb(_ normal: String) -> Bool {
        for separator in [" > ", " › ", " » ", " | ", " / ", " >> "] {
            let parts = normal.components(separatedBy: separator)
            if parts.count >= 3 || (parts.count == 2 && separator != " / " && exact.contains(parts[0])) {
                if parts.allSatisfy({ !$0.isEmpty && $0.split(separator: " ").count <= 4 }) { return true }
            }
        }
        return false
    }

    static let storyLinkDecorations: Set<Character> = ["«", "‹", "<", "←", "[", "【"]

    /// `Previous: <title>`, `Next <Title>`, `Next 'Quoted' title`: a link to another story.
    static func isStoryLink(_ line: String) -> Bool {
        let line = String(line.drop { storyLinkDecorations.contains($0) || $0 == " " })
        let lower = line.lowercased()
        let heads = ["previous article", "next article", "previous story", "next story", "previous post", "next post", "previous", "prev", "next"]
        guard let head = heads.first(where: { lower.hasPrefix($0) }) else { return false }
        var rest = line.dropFirst(head.count)
        guard let first = rest.first else { return false }
        var separated = false
        if ":»›>|-–—".contains(first) {
            separated = true
            rest = rest.dropFirst()
        } else if first != " " {
            return false
        }
        let title = rest.trimmingSpaces()
        guard let start = title.first, title.split(separator: " ").count <= 25 else { return false }
        if separated { return true }
        // Without a separator the title must look like one: a capital, a digit or a quote.
        return start.isUppercase || start.isNumber || "'\"‘“«".contains(start)
    }
}
