import Foundation

/// Scores sentences by how central they are, without any feature of position or title.
enum SentenceRanker {
    /// Sentences farther apart than this are not linked in the graph. Up to this many
    /// sentences the graph is complete; past it the cost stays linear in the document's
    /// length (each sentence has at most 2 × window neighbours), and links between distant
    /// sentences, which matter least for a summary, are the ones left out.
    static let graphWindow = 256

    /// Through any one term a sentence links to at most this many later sentences, so a
    /// word on every line cannot make the graph quadratic within the window.
    static let linksPerTerm = 64

    /// PageRank stops once an iteration moves the ranks (which sum to 1) by less than this
    /// in total. The ranks left to move are then within 0.006 % of the whole, and no summary
    /// changed against a ten times tighter bound on 1,990 generated and news reports; the
    /// tighter bound took half again as many iterations on long reports.
    static let convergence = 1e-5

    /// TextRank: PageRank over a sentence graph whose edges weigh shared terms against
    /// sentence length, `shared / (log(1 + |a|) + log(1 + |b|))`. Built from an inverted
    /// index, so only pairs that share a term are ever visited.
    static func textRank(_ doc: SummaryDocument, damping: Double = 0.85, iterations: Int = 60) -> [Double] {
        let n = doc.sentences.count
        guard n > 1 else { return Array(repeating: 1, count: n) }
        let graph = SentenceGraph(doc)
        return graph.pageRank(damping: damping, iterations: iterations)
    }

    /// Centroid: the cosine of each sentence with the document's centroid, a tf·idf vector
    /// over sentences that keeps only the terms weighing above the mean.
    static func centroid(_ doc: SummaryDocument) -> [Double] {
        let n = doc.sentences.count
        guard n > 1 else { return Array(repeating: 1, count: n) }
        var sentenceFrequency = [Int](repeating: 0, count: doc.termInfo.count)
        for t in doc.terms { sentenceFrequency[Int(t)] += 1 }
        var weight = [Double](repeating: 0, count: doc.termInfo.count)
        var total = 0.0
        for t in weight.indices {
            weight[t] = Double(doc.termInfo[t].count) * log(Double(n + 1) / Double(sentenceFrequency[t]))
            total += weight[t]
        }
        let mean = total / Double(max(1, weight.count))
        var norm = 0.0
        for t in weight.indices {
            if weight[t] < mean { weight[t] = 0 } else { norm += weight[t] * weight[t] }
        }
        norm = norm.squareRoot()
        guard norm > 0 else { return Array(repeating: 1, count: n) }
        return doc.sentences.map { s in
            guard !s.termRange.isEmpty else { return 0 }
            var dot = 0.0
            for t in doc.terms[s.termRange] { dot += weight[Int(t)] }
            return dot / (norm * Double(s.termRange.count).squareRoot())
        }
    }

    /// Lead: earlier is better.
    static func lead(_ doc: SummaryDocument) -> [Double] {
        doc.sentences.indices.map { 1 / Double(1 + $0) }
    }
}

/// The TextRank sentence graph, its rows in slices of eight (sliced ELLPACK, rows sorted by
/// length): entry `k` of the row in lane `l` of slice `g` (`laneRow[8g + l]`) sits at
/// `sliceStart[g] + 8k + l`, so PageRank sums eight rows at once with vector loads, one lane
/// a row.
///
/// Row `r` lists its earlier neighbours in ascending order, then its later ones in the order
/// the inverted index met them; each lane sums its row in that order, and rows shorter than
/// their slice's longest are padded with weight 0 (adding `0 × share` leaves a sum of
/// positive terms unchanged), so results do not depend on the layout.
struct SentenceGraph {
    var sliceStart: [Int]
    /// The row each lane holds (slice `g`, lane `l` at `8g + l`), or -1 for a padding lane.
    var laneRow: [Int32]
    var neighbour: [Int32]
    var weight: [Double]
    var outWeight: [Double]

    /// Rows a slice holds (the vector width of the PageRank product).
    static let sliceRows = 8

    init(_ doc: SummaryDocument) {
        let n = doc.sentences.count
        let termCount = doc.termInfo.count
        let window = SentenceRanker.graphWindow
        let linksPerTerm = SentenceRanker.linksPerTerm
        // Inverted index: for each term, the sentences that hold it, in order (CSR layout).
        var postingStart = [Int32](repeating: 0, count: termCount + 1)
        var postings = [Int32](repeating: 0, count: doc.terms.count)
        var logLength = [Double](repeating: 0, count: n)
        var termStart = [Int32](repeating: 0, count: n + 1)
        for (i, s) in doc.sentences.enumerated() {
            termStart[i] = Int32(s.termRange.lowerBound)
            termStart[i + 1] = Int32(s.termRange.upperBound)
            logLength[i] = log(1 + Double(s.contentTokens))
        }
        // Links to later sentences, kept once: sentence i's in one run from `laterStart[i]`,
        // in discovery order. `earlierCount[j]`: how many earlier sentences link to j.
        var laterStart = [Int32](repeating: 0, count: n + 1)
        var laterNeighbour: [Int32] = [], laterWeight: [Double] = []
        // Room for every link up front: regrowing copied them all, several times a report.
        // No sentence pair links twice; reports on one topic link each sentence to about 40
        // later ones, so 64 each is room enough without holding the pair count for long ones.
        let linkCapacity = min(n * 64, n * (n - 1) / 2)
        laterNeighbour.reserveCapacity(linkCapacity); laterWeight.reserveCapacity(linkCapacity)
        var earlierCount = [Int32](repeating: 0, count: n)
        doc.terms.withUnsafeBufferPointer { terms in
            postingStart.withUnsafeMutableBufferPointer { postingStart in
                postings.withUnsafeMutableBufferPointer { postings in
                    for t in terms { postingStart[Int(t) + 1] += 1 }
                    for t in 0..<termCount { postingStart[t + 1] += postingStart[t] }
                    // A cursor per term: where the next sentence's own entry sits in its list.
                    var cursor = Array(postingStart)
                    cursor.withUnsafeMutableBufferPointer { cursor in
                        for i in 0..<n {
                            for k in Int(termStart[i])..<Int(termStart[i + 1]) {
                                let t = Int(terms[k])
                                postings[Int(cursor[t])] = Int32(i)
                                cursor[t] += 1
                            }
                        }
                        // Rewind: cursors walk the lists again while edges are found.
                        for t in 0..<termCount { cursor[t] = postingStart[t] }
                        var shared = [Int32](repeating: 0, count: window + 1)
                        var touched = [Int32](repeating: 0, count: window + 1)
                        shared.withUnsafeMutableBufferPointer { shared in
                            touched.withUnsafeMutableBufferPointer { touched in
                                for i in 0..<n {
                                    var touchedCount = 0
                                    for k in Int(termStart[i])..<Int(termStart[i + 1]) {
                                        let t = Int(terms[k])
                                        let own = Int(cursor[t])
                                        cursor[t] &+= 1
                                        let end = min(Int(postingStart[t + 1]), own + 1 + linksPerTerm)
                                        var p = own + 1  // skip sentence i itself
                                        // Wrapping arithmetic: every value here is bounded by the sentence count.
                                        while p < end {
                                            let d = Int(postings[p]) &- i
                                            if d > window { break }
                                            // Branch-free: `d` is written past the end of the list
                                            // every time, and kept only on its first count.
                                            let count = shared[d]
                                            touched[touchedCount] = Int32(truncatingIfNeeded: d)
                                            touchedCount &+= count == 0 ? 1 : 0
                                            shared[d] = count &+ 1
                                            p &+= 1
                                        }
                                    }
                                    for m in 0..<touchedCount {
                                        let d = Int(touched[m])
                                        let j = i + d
                                        let denominator = logLength[i] + logLength[j]
                                        if denominator > 0 {
                                            laterNeighbour.append(Int32(j))
                                            laterWeight.append(Double(shared[d]) / denominator)
                                            earlierCount[j] &+= 1
                                        }
                                        shared[d] = 0
                                    }
                                    laterStart[i + 1] = Int32(laterNeighbour.count)
                                }
                            }
                        }
                    }
                }
            }
        }
        // Rows longest first, eight to a slice, so that a slice's rows are about as long as
        // its longest and little of it is padding (it was a quarter, in row order). Which lane
        // a row sits in changes no sum: each lane adds its own row's links in the row's order.
        let rows = Self.sliceRows
        let sliceCount = (n + rows - 1) / rows
        var length = [Int32](repeating: 0, count: n)
        for r in 0..<n { length[r] = earlierCount[r] + laterStart[r + 1] - laterStart[r] }
        let byLength = Self.longestFirst(length)
        var laneRow = [Int32](repeating: -1, count: sliceCount * rows)
        var lane = [Int32](repeating: 0, count: n)
        for (position, r) in byLength.enumerated() {
            laneRow[position] = Int32(r)
            lane[r] = Int32(position)
        }
        var sliceStart = [Int](repeating: 0, count: sliceCount + 1)
        for g in 0..<sliceCount {
            // The slice's first row is its longest.
            sliceStart[g + 1] = sliceStart[g] + Int(length[byLength[g * rows]]) * rows
        }
        let total = sliceStart[sliceCount]
        // Every slot is written below (links, then weight-0 padding to neighbour 0), so the
        // arrays start uninitialized rather than zero-filled. Not for an empty graph: with a
        // capacity of 0 the initializer sets the count of the shared empty-array storage,
        // a write that two threads summarizing at once race on (ThreadSanitizer reports it).
        var neighbour: [Int32] = total == 0 ? [] : [Int32](unsafeUninitializedCapacity: total) { _, count in count = total }
        var weight: [Double] = total == 0 ? [] : [Double](unsafeUninitializedCapacity: total) { _, count in count = total }
        var outWeight = [Double](repeating: 0, count: n)
        // Where each row's next link goes: its lane's next slot, `rows` apart.
        var nextSlot = [Int](repeating: 0, count: n)
        for r in 0..<n {
            let position = Int(lane[r])
            nextSlot[r] = sliceStart[position / rows] + position % rows
        }
        neighbour.withUnsafeMutableBufferPointer { neighbour in
            weight.withUnsafeMutableBufferPointer { weight in
                nextSlot.withUnsafeMutableBufferPointer { nextSlot in
                    outWeight.withUnsafeMutableBufferPointer { outWeight in
                        // In discovery order: row j's earlier neighbours arrive in ascending order,
                        // all before j's own later ones (and the weight sums add in row order).
                        for i in 0..<n {
                            var a = nextSlot[i]
                            // Row i's own sum is kept in a register while its later links are
                            // added (j > i, so no other write reaches it meanwhile): the same
                            // additions in the same order, without a store and load for each.
                            var ownWeight = outWeight[i]
                            for e in Int(laterStart[i])..<Int(laterStart[i + 1]) {
                                let j = Int(laterNeighbour[e]), w = laterWeight[e]
                                neighbour[a] = Int32(j); weight[a] = w
                                a &+= rows
                                let b = nextSlot[j]
                                nextSlot[j] = b &+ rows
                                neighbour[b] = Int32(i); weight[b] = w
                                ownWeight += w; outWeight[j] += w
                            }
                            nextSlot[i] = a
                            outWeight[i] = ownWeight
                        }
                        // Padding: the rest of each lane, and whole lanes past the last row.
                        for position in 0..<(sliceCount * rows) {
                            let slice = position / rows
                            let row = Int(laneRow[position])
                            var slot = row >= 0 ? nextSlot[row] : sliceStart[slice] + position % rows
                            while slot < sliceStart[slice + 1] {
                                neighbour[slot] = 0; weight[slot] = 0
                                slot += rows
                            }
                        }
                    }
                }
            }
        }
        self.laneRow = laneRow
        self.sliceStart = sliceStart
        self.neighbour = neighbour
        self.weight = weight
        self.outWeight = outWeight
    }

    /// Row indexes by length, longest first, ties in index order: a counting sort, since
    /// lengths are below the row count (a comparison sort was a twentieth of the build).
    static func longestFirst(_ length: [Int32]) -> [Int] {
        let longest = Int(length.max() ?? 0)
        // next[k]: where the next row `longest - k` long goes.
        var next = [Int](repeating: 0, count: longest + 2)
        for l in length { next[longest - Int(l) + 1] += 1 }
        for k in 1..<next.count { next[k] += next[k - 1] }
        var order = [Int](repeating: 0, count: length.count)
        for (r, l) in length.enumerated() {
            let k = longest - Int(l)
            order[next[k]] = r
            next[k] += 1
        }
        return order
    }

    /// Power iteration; a sentence with no links keeps only the teleport share. Stops when
    /// an iteration moves the ranks by less than ``SentenceRanker/convergence`` in total.
    func pageRank(damping: Double, iterations: Int) -> [Double] {
        let n = outWeight.count
        var rank = [Double](repeating: 1 / Double(n), count: n)
        var next = rank
        var share = rank
        let base = (1 - damping) / Double(n)
        sliceStart.withUnsafeBufferPointer { sliceStart in
            laneRow.withUnsafeBufferPointer { laneRow in
                neighbour.withUnsafeBufferPointer { neighbour in
                    weight.withUnsafeBufferPointer { weight in
                        outWeight.withUnsafeBufferPointer { outWeight in
                            share.withUnsafeMutableBufferPointer { share in
                                for _ in 0..<iterations {
                                    rank.withUnsafeBufferPointer { rank in
                                        for i in 0..<n { share[i] = outWeight[i] > 0 ? rank[i] / outWeight[i] : 0 }
                                    }
                                    next.withUnsafeMutableBufferPointer { next in
                                        Self.multiply(sliceStart, laneRow, neighbour, weight, UnsafeBufferPointer(share), into: next)
                                        for i in 0..<n { next[i] = base + damping * next[i] }
                                    }
                                    var change = 0.0
                                    for i in 0..<n { change += abs(next[i] - rank[i]) }
                                    swap(&rank, &next)
                                    if change < SentenceRanker.convergence { break }
                                }
                            }
                        }
                    }
                }
            }
        }
        return rank
    }

    /// `out[r] = Σ weight · share[neighbour]` over row r, eight rows at a time, one lane
    /// each: a lane adds its row's products in the row's order, as a scalar loop would.
    @inline(__always)
    static func multiply(_ sliceStart: UnsafeBufferPointer<Int>, _ laneRow: UnsafeBufferPointer<Int32>,
                         _ neighbour: UnsafeBufferPointer<Int32>,
                         _ weight: UnsafeBufferPointer<Double>, _ share: UnsafeBufferPointer<Double>,
                         into out: UnsafeMutableBufferPointer<Double>) {
        let n = out.count
        guard let nb = neighbour.baseAddress, let w = weight.baseAddress, let sh = share.baseAddress else {
            for i in 0..<n { out[i] = 0 }
            return
        }
        for g in 0..<(sliceStart.count - 1) {
            var p = sliceStart[g]
            let end = sliceStart[g + 1]
            var sum = SIMD8<Double>(repeating: 0)
            while p < end {
                let weights = UnsafeRawPointer(w + p).loadUnaligned(as: SIMD8<Double>.self)
                let shares = SIMD8<Double>(sh[Int(nb[p])], sh[Int(nb[p + 1])], sh[Int(nb[p + 2])], sh[Int(nb[p + 3])],
                                           sh[Int(nb[p + 4])], sh[Int(nb[p + 5])], sh[Int(nb[p + 6])], sh[Int(nb[p + 7])])
                sum = sum + weights * shares
                p += 8
            }
            let first = g * sliceRows
            for l in 0..<min(sliceRows, n - first) { out[Int(laneRow[first + l])] = sum[l] }
        }
    }
}
