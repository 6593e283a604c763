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

/// The TextRank sentence graph in compressed rows: for each sentence, its neighbours and
/// the weights of the links to them.
///
/// Row `r` lists its earlier neighbours in ascending order, then its later ones in the order
/// the inverted index met them; PageRank sums each row in that order, so results do not
/// depend on how the rows are processed.
struct SentenceGraph {
    var rowStart: [Int32]
    var neighbour: [Int32]
    var weight: [Double]
    var outWeight: [Double]

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
        // Undirected edges, kept once (i < j), in discovery order.
        var edgeFrom: [Int32] = [], edgeTo: [Int32] = [], edgeWeight: [Double] = []
        edgeFrom.reserveCapacity(n * 8); edgeTo.reserveCapacity(n * 8); edgeWeight.reserveCapacity(n * 8)
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
                                            if shared[d] == 0 { touched[touchedCount] = Int32(truncatingIfNeeded: d); touchedCount &+= 1 }
                                            shared[d] &+= 1
                                            p &+= 1
                                        }
                                    }
                                    for m in 0..<touchedCount {
                                        let d = Int(touched[m])
                                        let j = i + d
                                        let denominator = logLength[i] + logLength[j]
                                        if denominator > 0 {
                                            edgeFrom.append(Int32(i)); edgeTo.append(Int32(j))
                                            edgeWeight.append(Double(shared[d]) / denominator)
                                        }
                                        shared[d] = 0
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Adjacency in CSR, both directions.
        var rowStart = [Int32](repeating: 0, count: n + 1)
        var neighbour = [Int32](repeating: 0, count: 2 * edgeFrom.count)
        var weight = [Double](repeating: 0, count: 2 * edgeFrom.count)
        var outWeight = [Double](repeating: 0, count: n)
        rowStart.withUnsafeMutableBufferPointer { rowStart in
            for e in edgeFrom.indices {
                rowStart[Int(edgeFrom[e]) + 1] += 1
                rowStart[Int(edgeTo[e]) + 1] += 1
            }
            for i in 0..<n { rowStart[i + 1] += rowStart[i] }
            var slot = Array(rowStart)
            slot.withUnsafeMutableBufferPointer { slot in
                neighbour.withUnsafeMutableBufferPointer { neighbour in
                    weight.withUnsafeMutableBufferPointer { weight in
                        for e in edgeFrom.indices {
                            let a = Int(edgeFrom[e]), b = Int(edgeTo[e]), w = edgeWeight[e]
                            let sa = Int(slot[a]), sb = Int(slot[b])
                            neighbour[sa] = Int32(b); weight[sa] = w; slot[a] += 1
                            neighbour[sb] = Int32(a); weight[sb] = w; slot[b] += 1
                            outWeight[a] += w; outWeight[b] += w
                        }
                    }
                }
            }
        }
        self.rowStart = rowStart
        self.neighbour = neighbour
        self.weight = weight
        self.outWeight = outWeight
    }

    /// Power iteration; a sentence with no links keeps only the teleport share. Stops when
    /// an iteration moves the ranks by less than 1e-7 in total.
    func pageRank(damping: Double, iterations: Int) -> [Double] {
        let n = outWeight.count
        var rank = [Double](repeating: 1 / Double(n), count: n)
        var next = rank
        var share = rank
        let base = (1 - damping) / Double(n)
        rowStart.withUnsafeBufferPointer { start in
            neighbour.withUnsafeBufferPointer { neighbour in
                weight.withUnsafeBufferPointer { weight in
                    outWeight.withUnsafeBufferPointer { outWeight in
                        share.withUnsafeMutableBufferPointer { share in
                            for _ in 0..<iterations {
                                rank.withUnsafeBufferPointer { rank in
                                    for i in 0..<n { share[i] = outWeight[i] > 0 ? rank[i] / outWeight[i] : 0 }
                                }
                                next.withUnsafeMutableBufferPointer { next in
                                    Self.multiply(start, neighbour, weight, UnsafeBufferPointer(share), into: next)
                                    for i in 0..<n { next[i] = base + damping * next[i] }
                                }
                                var change = 0.0
                                for i in 0..<n { change += abs(next[i] - rank[i]) }
                                swap(&rank, &next)
                                if change < 1e-7 { break }
                            }
                        }
                    }
                }
            }
        }
        return rank
    }

    /// `out[i] = Σ weight · share[neighbour]` over row i, each row summed in its own order.
    /// Four rows run side by side: each sum is a chain of dependent additions, and
    /// interleaving four chains keeps the adder busy without changing any row's result.
    @inline(__always)
    static func multiply(_ start: UnsafeBufferPointer<Int32>, _ neighbour: UnsafeBufferPointer<Int32>,
                         _ weight: UnsafeBufferPointer<Double>, _ share: UnsafeBufferPointer<Double>,
                         into out: UnsafeMutableBufferPointer<Double>) {
        let n = out.count
        guard let nb = neighbour.baseAddress, let w = weight.baseAddress, let sh = share.baseAddress else {
            for i in 0..<n { out[i] = 0 }
            return
        }
        @inline(__always) func finish(_ sum: Double, _ from: Int, _ to: Int) -> Double {
            var sum = sum
            var k = from
            while k < to { sum += w[k] * sh[Int(nb[k])]; k += 1 }
            return sum
        }
        var i = 0
        while i + 4 <= n {
            let s0 = Int(start[i]), s1 = Int(start[i + 1]), s2 = Int(start[i + 2]), s3 = Int(start[i + 3]), e3 = Int(start[i + 4])
            let common = min(s1 - s0, s2 - s1, s3 - s2, e3 - s3)
            var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
            var k = 0
            while k < common {
                a0 += w[s0 + k] * sh[Int(nb[s0 + k])]
                a1 += w[s1 + k] * sh[Int(nb[s1 + k])]
                a2 += w[s2 + k] * sh[Int(nb[s2 + k])]
                a3 += w[s3 + k] * sh[Int(nb[s3 + k])]
                k += 1
            }
            // Rows are of unequal length: the rest of each goes on in pairs, then alone.
            var k0 = s0 + common, k1 = s1 + common, k2 = s2 + common, k3 = s3 + common
            let pair01 = min(s1 - k0, s2 - k1), pair23 = min(s3 - k2, e3 - k3)
            for _ in 0..<pair01 {
                a0 += w[k0] * sh[Int(nb[k0])]; k0 += 1
                a1 += w[k1] * sh[Int(nb[k1])]; k1 += 1
            }
            for _ in 0..<pair23 {
                a2 += w[k2] * sh[Int(nb[k2])]; k2 += 1
                a3 += w[k3] * sh[Int(nb[k3])]; k3 += 1
            }
            out[i] = finish(a0, k0, s1)
            out[i + 1] = finish(a1, k1, s2)
            out[i + 2] = finish(a2, k2, s3)
            out[i + 3] = finish(a3, k3, e3)
            i += 4
        }
        while i < n {
            out[i] = finish(0, Int(start[i]), Int(start[i + 1]))
            i += 1
        }
    }
}
