import Testing
import ReportKit
@testable import ReportKitTransformers

/// Quote attribution forms and entity rules, on invented sentences.
@Suite struct QuoteAndEntityTests {
    func quotes(_ paragraphs: [String]) throws -> [Quote] {
        try extract((["Council votes on the river plan"] + paragraphs).joined(separator: "\n\n")).quotes
    }

    @Test func attributionAfterTheQuote() throws {
        let found = try quotes([
            "Deputy Mayor Karin Holt presented the plan to the council on Wednesday evening.",
            "“We have waited long enough for this bridge,” said Holt.",
            "“The money is there and the design is ready,” Holt said.",
            "“Construction starts in the spring,” she added.",
        ])
        #expect(found.map(\.speaker) == ["Karin Holt", "Karin Holt", "Karin Holt"])
        #expect(found.allSatisfy { $0.role == "Deputy Mayor" })
    }

    @Test func attributionBeforeTheQuote() throws {
        let found = try quotes([
            "Council member Omar Said Farah opposed the plan from the start of the long debate.",
            "Farah said, “The river needs room, not another wall of concrete.”",
            "He told reporters: “We will bring this to the regional court if we must.”",
        ])
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.speaker == "Omar Said Farah" })
    }

    @Test func aQuoteAcrossSentencesAndAContinuation() throws {
        let found = try quotes([
            "Engineer Lucia Brandt led the study of the old embankment for two years.",
            "“The wall is older than anyone thought. Parts of it date from 1870,” Brandt said. “It has to be rebuilt, not patched.”",
        ])
        #expect(found.count == 2)
        #expect(found[0].text == "The wall is older than anyone thought. Parts of it date from 1870,")
        #expect(found.allSatisfy { $0.speaker == "Lucia Brandt" })
    }

    @Test func nestedQuotesStayInsideTheOuterQuote() throws {
        let found = try quotes([
            "Engineer Lucia Brandt spoke to residents at the town hall on Friday evening.",
            "“People keep asking me ‘is it safe?’ and the honest answer is not yet,” Brandt said.",
        ])
        #expect(found.count == 1)
        #expect(found[0].text.contains("‘is it safe?’"))
        #expect(found[0].speaker == "Lucia Brandt")
    }

    @Test func aQuoteRunningOverTwoParagraphs() throws {
        let found = try quotes([
            "Engineer Lucia Brandt explained the plan to residents at length on Friday evening.",
            "“First we lower the water level in the upper basin, which takes about a month,” Brandt said. “Then the crews move in.",
            "“After that the old wall comes down section by section, and nobody will lose access to their house.”",
        ])
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.speaker == "Lucia Brandt" })
    }

    @Test func scareQuotesAreNotDirectQuotes() throws {
        let found = try quotes(["The plan calls the new district “climate-proof” and “walkable”, but critics disagree."])
        #expect(found.isEmpty)
    }

    @Test func pronounsFollowTheMostRecentPerson() throws {
        let found = try quotes([
            "Mayor Ana Ruiz welcomed the vote, and council member Omar Farah did not.",
            "“This is a good day for the city,” Ruiz said.",
            "Farah left early. “I cannot support a plan without a budget,” he said.",
        ])
        #expect(found.map(\.speaker) == ["Ana Ruiz", "Omar Farah"])
    }

    @Test func entityKinds() throws {
        let report = try extract("""
        Council votes on the river plan

        The Ministry of Water Resources and the Bank of Lanford will share the cost of $48 million, officials in Hubei Province said on 12 March 2024.

        The Lanford River Authority expects the works to take 30 months and cost 2.5 billion yuan, or 7% of the budget.
        """)
        #expect(report.entity("Ministry of Water Resources")?.kind == .organization)
        #expect(report.entity("Bank of Lanford")?.kind == .organization)
        #expect(report.entity("Lanford River Authority")?.kind == .organization)
        #expect(report.entity("Hubei Province")?.kind == .place)
        #expect(report.entity("$48 million")?.kind == .money)
        #expect(report.entity("2.5 billion yuan")?.kind == .money)
        #expect(report.entity("30 months")?.kind == .quantity)
        #expect(report.entity("7%")?.kind == .quantity)
        #expect(report.entity("12 March 2024")?.kind == .date)
    }

    @Test(arguments: [
        ("2024-03-04", "2024-03-04"),
        ("March 4, 2024", "2024-03-04"),
        ("4 March 2024", "2024-03-04"),
        ("Updated: Mar 4, 2024 3:05 pm", "2024-03-04T15:05"),
        ("2024-03-04T10:30:00Z", "2024-03-04T10:30:00Z"),
        ("2024/3/4 10:30", "2024-03-04T10:30"),
        ("2024年3月4日", "2024-03-04"),
        ("25/12/2023", "2023-12-25"),
    ])
    func datesBecomeISO8601(_ input: String, _ expected: String) {
        #expect(DateParsing.iso8601(input) == expected)
    }

    @Test func textWithoutADateGivesNone() {
        #expect(DateParsing.iso8601("The council met twice") == nil)
        #expect(DateParsing.iso8601("Chapter 12 of 40") == nil)
    }
}
