import Testing
import ReportKit
@testable import ReportKitTransformers

@Suite struct ChangeRecordTests {
    @Test func insertionsAndDeletionsShowTheirNeighbourWords() throws {
        let changes = try Fixups.report("The road is long.Work starts and k ends soon.").changes
        let space = try #require(changes.first { $0.rule == "missing-space-after-punctuation" })
        #expect(space.before == "long.Work" && space.after == "long. Work")
        let letter = try #require(changes.first { $0.rule == "stray-letters" })
        #expect(letter.before == "and k ends" && letter.after == "and ends")
        #expect(letter.context?.contains("and k ends") == true)
        #expect(changes.allSatisfy { $0.block == 0 && $0.field == nil })
    }

    @Test func droppedLinesAreRecordedTwice() throws {
        let report = try Fixups.report("Dam opens to visitors\nThe dam opened on Monday.\nAdvertisement\nDam opens to visitors")
        #expect(report.dropped.map(\.reason) == ["navigation", "repeated-headline"])
        #expect(report.dropped.map(\.block) == [2, 3])
        let drops = report.changes.filter { $0.after.isEmpty && $0.block == nil }
        #expect(drops.map(\.rule) == ["navigation", "repeated-headline"])
    }

    /// Repairing repaired text changes nothing more: the rules do not fight.
    @Test(arguments: [
        "Rates rose，and fell。Then rose again .",
        "The the fair opens soon. , with k music and and food. .",
        "He said \"yes” and the city's “ plan ” began.Work goes on.",
        "The cafÃ© &amp; bar opens at 9&nbsp;a.m.,while ＣＥＯ Li waits  here.",
        "Tea、rice 、 and maize grow here（mostly in the south）.",
        "Boats left at dawn. Boats left at dawn. They returned at dusk.",
    ])
    func repairIsIdempotent(_ input: String) throws {
        let once = try Fixups.text(input)
        #expect(once != input)
        let twice = try Fixups.report(once)
        #expect(twice.plainText == once)
        #expect(twice.changes.isEmpty, "\(twice.changes.map { "\($0.rule): \($0.before) → \($0.after)" })")
    }
}
