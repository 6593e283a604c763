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
        // Inverted index: for each term, the sentences that hold it, in order (CSR layout).
        let termCount = doc.termInfo.count
        var postingStart = [Int32](repeating: 0, count: termCount + 1)
        for t in doc.terms { postingStart[Int(t) + 1] += 1 }
        for t in 0..<termCount { postingStart[t + 1] += postingStart[t] }
        var postings = [Int32](repeating: 0, count: doc.terms.count)
        var fill = postingStart
        for (i, s) in doc.sentences.enumerated() {
            for t in doc.terms[s.termRange] {
                postings[Int(fill[Int(t)])] = Int32(i)
                fill[Int(t)] += 1
            }
        }
        // A cursor per term: where sentence i's own entry sits in the term's list.
        var cursor = postingStart
        let logLength = doc.sentences.map { log(1 + Double($0.contentTokens)) }
        let window = graphWindow
        var shared = [Int32](repeating: 0, count: window + 1)
        var touched: [Int] = []
        // Undirected edges, kept once (i < j), then mirrored into adjacency lists.
        var edgeFrom: [Int32] = [], edgeTo: [Int32] = [], edgeWeight: [Double] = []
        for i in 0..<n {
            let s = doc.sentences[i]
            for t in doc.terms[s.termRange] {
                let end = min(Int(postingStart[Int(t) + 1]), Int(cursor[Int(t)]) + 1 + linksPerTerm)
                var p = Int(cursor[Int(t)]) + 1  // skip sentence i itself
                cursor[Int(t)] += 1
                while p < end {
                    let j = Int(postings[p])
                    let d = j - i
                    if d > window { break }
                    if shared[d] == 0 { touched.append(d) }
                    shared[d] += 1
                    p += 1
                }
            }
            for d in touched {
                let j = i + d
                let denominator = logLength[i] + logLength[j]
                if denominator > 0 {
                    edgeFrom.append(Int32(i)); edgeTo.append(Int32(j))
                    edgeWeight.append(Double(shared[d]) / denominator)
                }
                shared[d] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        // Adjacency in CSR, both directions.
        var adjacencyStart = [Int](repeating: 0, count: n + 1)
        for e in edgeFrom.indices {
            adjacencyStart[Int(edgeFrom[e]) + 1] += 1
            adjacencyStart[Int(edgeTo[e]) + 1] += 1
        }
        for i in 0..<n { adjacencyStart[i + 1] += adjacencyStart[i] }
        var neighbour = [Int32](repeating: 0, count: adjacencyStart[n])
        var weight = [Double](repeating: 0, count: adjacencyStart[n])
        var slot = adjacencyStart
        var outWeight = [Double](repeating: 0, count: n)
        for e in edgeFrom.indices {
            let a = Int(edgeFrom[e]), b = Int(edgeTo[e]), w = edgeWeight[e]
            neighbour[slot[a]] = Int32(b); weight[slot[a]] = w; slot[a] += 1
            neighbour[slot[b]] = Int32(a); weight[slot[b]] = w; slot[b] += 1
            outWeight[a] += w; outWeight[b] += w
        }
        // Power iteration; a sentence with no links keeps only the teleport share.
        var rank = [Double](repeating: 1 / Double(n), count: n)
        var next = rank
        var share = rank
        let base = (1 - damping) / Double(n)
        for _ in 0..<iterations {
            for i in 0..<n { share[i] = outWeight[i] > 0 ? rank[i] / outWeight[i] : 0 }
            var change = 0.0
            for i in 0..<n {
                var sum = 0.0
                for k in adjacencyStart[i]..<adjacencyStart[i + 1] { sum += weight[k] * share[Int(neighbour[k])] }
                next[i] = base + damping * sum
                change += abs(next[i] - rank[i])
            }
            swap(&rank, &next)
            if change < 1e-7 { break }
        }
        return rank
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
