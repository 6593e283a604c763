import Testing
@testable import ReportKitTransformers

/// The heap that hands out summary candidates gives them in the order a full sort did.
@Suite struct BestFirstTests {
    @Test func theHeapGivesTheSortedOrderTiesIncluded() {
        var state: UInt64 = 5
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for count in [0, 1, 2, 3, 17, 200] {
            // Few distinct scores, so many candidates tie and the index must decide.
            let picks = (0..<count).map { SummarizeTransformer.Pick(index: $0, score: Double(next(5)) / 4) }.shuffled()
            let sorted = picks.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
            var heap = SummarizeTransformer.BestFirst(picks)
            var handedOut: [Int] = []
            while let pick = heap.next() { handedOut.append(pick.index) }
            #expect(handedOut == sorted.map(\.index), "\(count) candidates")
        }
    }
}
