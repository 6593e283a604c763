import ReportKit

/// Per-node measures of an ``HTMLTree`` and the choice of the article's container(s).
///
/// Three passes over the flat node arrays, each linear: text and link-text lengths
/// bottom-up; furniture flags top-down (a tag such as `nav`, or a `class`/`id`/`role`
/// word such as `share` or `related`, unless the element holds most of the page's text);
/// then paragraph scores propagated to a few ancestors, as in Readability: every
/// paragraph of 25+ characters adds 1, its commas, and a point per 100 characters (up
/// to 3) to its parent, half to its grandparent, less further up. The best container
/// after discounting link text wins, and its siblings join when they score close to it.
struct ContentScoring {
    let tree: HTMLTree
    /// Non-space text bytes under each node.
    var textLength: [Int32]
    /// Non-space text bytes under each node that sit inside links.
    var linkLength: [Int32]
    /// Commas under each node.
    var commas: [Int32]
    /// The node or an ancestor is furniture.
    var furniture: [Bool]
    /// The node's own class/id verdict is content.
    var marked: [Bool]
    var score: [Float]
    /// Text bytes under each node that sit in paragraphs (outermost ones, not furniture, few links).
    var paragraphText: [Int32]

    init(tree: HTMLTree) {
        self.tree = tree
        let n = tree.count
        textLength = [Int32](repeating: 0, count: n)
        linkLength = [Int32](repeating: 0, count: n)
        commas = [Int32](repeating: 0, count: n)
        furniture = [Bool](repeating: false, count: n)
        marked = [Bool](repeating: false, count: n)
        score = [Float](repeating: 0, count: n)
        paragraphText = [Int32](repeating: 0, count: n)
        measure()
        flagFurniture()
        scoreParagraphs()
    }

    private mutating func measure() {
        let tags = tree.tags
        let parents = tree.parents
        tree.text.withUnsafeBufferPointer { text in
            var i = tree.count - 1
            while i >= 0 {
                if tags[i] == .text {
                    var length: Int32 = 0
                    var commaCount: Int32 = 0
                    var k = Int(tree.lows[i])
                    let stop = Int(tree.highs[i])
                    while k < stop {
                        let b = text[k]
                        if b > 0x20 {
                            length += 1
                            if b == 0x2C { commaCount += 1 }
                        }
                        k += 1
                    }
                    textLength[i] = length
                    commas[i] = commaCount
                } else if tags[i] == .a {
                    linkLength[i] = textLength[i]
                }
                let p = Int(parents[i])
                if p >= 0 {
                    textLength[p] += textLength[i]
                    linkLength[p] += linkLength[i]
                    commas[p] += commas[i]
                }
                i -= 1
            }
        }
    }

    private mutating func flagFurniture() {
        let total = max(1, tree.count > 0 ? rootTextLength() : 1)
        for i in 0 ..< tree.count {
            let tag = tree.tags[i]
            let p = Int(tree.parents[i])
            if p >= 0, furniture[p] { furniture[i] = true; continue }
            if tag == .text || tag == .html || tag == .body { continue }
            // A wrapper that holds most of the page cannot be furniture, whatever it is called.
            let dominant = Int(textLength[i]) * 10 > total * 4
            if BoilerplateRules.isFurnitureTag[Int(tag.rawValue)] {
                furniture[i] = !(dominant && (tag == .form || tag == .aside))
                continue
            }
            if tag == .header, !dominant { furniture[i] = true; continue }
            if tree.highs[i] > tree.lows[i] {
                switch BoilerplateRules.verdict(tree, i) {
                case .furniture: furniture[i] = !dominant
                case .content: marked[i] = true
                case .neutral: break
                }
            }
        }
    }

    func rootTextLength() -> Int {
        var total = 0
        for i in 0 ..< tree.count where tree.parents[i] < 0 { total += Int(textLength[i]) }
        return total
    }

    private mutating func scoreParagraphs() {
        var insideParagraph = [Bool](repeating: false, count: tree.count)
        for i in 0 ..< tree.count {
            let parent = Int(tree.parents[i])
            if parent >= 0, insideParagraph[parent] { insideParagraph[i] = true; continue }
            guard !furniture[i], isParagraph(i) else { continue }
            let length = textLength[i]
            guard length >= 25 else { continue }
            let density = Float(linkLength[i]) / Float(length)
            guard density < 0.5 else { continue }
            insideParagraph[i] = true
            paragraphText[i] = length - linkLength[i]
            let points = (1 + Float(commas[i]) + min(Float(length) / 100, 3)) * (1 - density)
            var ancestor = Int(tree.parents[i])
            var level = 0
            while ancestor >= 0, level < 5 {
                let divider: Float = level == 0 ? 1 : level == 1 ? 2 : Float(level * 3)
                score[ancestor] += points / divider
                ancestor = Int(tree.parents[ancestor])
                level += 1
            }
        }
        var i = tree.count - 1
        while i > 0 {
            let parent = Int(tree.parents[i])
            if parent >= 0 { paragraphText[parent] += paragraphText[i] }
            i -= 1
        }
    }

    /// Elements whose text reads as a paragraph: `p`, `pre`, `td`, `blockquote`, and `div`s
    /// or `section`s that hold text directly rather than through child blocks.
    func isParagraph(_ i: Int) -> Bool {
        switch tree.tags[i] {
        case .p, .pre, .blockquote, .td, .dd, .li: return true
        case .div, .section, .article, .span, .font, .center:
            // Direct text of its own, not only through block children.
            var child = i + 1
            let stop = tree.end(i)
            var direct: Int32 = 0
            while child < stop {
                if tree.tags[child] == .text { direct += textLength[child] }
                else if tree.tags[child] == .a || tree.tags[child] == .strong || tree.tags[child] == .em || tree.tags[child] == .b || tree.tags[child] == .i {
                    direct += textLength[child]
                }
                child = tree.end(child)
            }
            return direct >= 25 && direct * 2 >= textLength[i]
        default: return false
        }
    }

    /// The final score of a candidate container: paragraph points discounted by link text,
    /// plus a bonus for a content class, `article`/`main` tags, or `itemprop="articleBody"`.
    func candidateScore(_ i: Int) -> Float {
        let length = max(1, Float(textLength[i]))
        var value = score[i] * (1 - Float(linkLength[i]) / length)
        if marked[i] { value += 25 }
        if tree.tags[i] == .article || tree.tags[i] == .main { value += 10 }
        return value
    }

    /// The containers that hold the article, in document order.
    func chooseContainers(favor: ExtractSettings.Favor) -> [Int] {
        var best = -1
        var bestScore: Float = 0
        for i in 0 ..< tree.count where score[i] > 0 && !furniture[i] {
            let value = candidateScore(i)
            if value > bestScore { bestScore = value; best = i }
        }
        guard best >= 0 else {
            // No scored container: the body, or else every top-level node but the head.
            if let body = tree.first(.body) { return [body] }
            var roots: [Int] = []
            var i = 0
            while i < tree.count {
                if tree.tags[i] != .head && tree.tags[i] != .title { roots.append(i) }
                i = tree.end(i)
            }
            return roots
        }
        // Climb to an ancestor that holds clearly more paragraph text than the winner: the
        // article is split across sibling containers (cards, chunks between ads).
        var top = best
        var ancestor = Int(tree.parents[top])
        var steps = 0
        while ancestor >= 0, steps < 6, !furniture[ancestor], tree.tags[ancestor] != .body, tree.tags[ancestor] != .html {
            let gained = paragraphText[ancestor] - paragraphText[top]
            let linkShare = Float(linkLength[ancestor]) / max(1, Float(textLength[ancestor]))
            if paragraphText[ancestor] * 10 >= paragraphText[top] * 14, gained >= 200, linkShare < 0.3 {
                top = ancestor
                steps = 0
            } else {
                steps += 1
            }
            ancestor = Int(tree.parents[ancestor])
        }
        let topScore = candidateScore(top)
        let parent = Int(tree.parents[top])
        guard parent >= 0 else { return [top] }
        let threshold: Float
        switch favor {
        case .precision: threshold = max(15, topScore * 0.35)
        case .balanced: threshold = max(10, topScore * 0.2)
        case .recall: threshold = max(5, topScore * 0.1)
        }
        var chosen: [Int] = []
        var child = parent + 1
        let stop = tree.end(parent)
        while child < stop {
            if child == top {
                chosen.append(child)
            } else if !furniture[child], tree.tags[child] != .text {
                let length = Float(textLength[child])
                let density = Float(linkLength[child]) / max(1, length)
                if candidateScore(child) >= threshold && density < 0.3 {
                    chosen.append(child)
                } else if isParagraph(child), density < 0.25, length > 80 {
                    chosen.append(child)
                }
            }
            child = tree.end(child)
        }
        return chosen
    }
}
