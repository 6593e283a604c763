import Testing
import ReportKit
@testable import ReportKitTransformers

/// Plain-text scrapes in the style of machine-translated city news (invented content).
@Suite struct TextScrapeTests {
    static let scrape = """
    Governor unveils the province’s plan for cleaner air

    The 9th Assembly of the People’s Alliance of Norland in Riverton opens today.

    Riverton will cut coal use by half within five years, the province’s Governor Marta Velle said today at the opening of the 9th Assembly of the People’s Alliance in Riverton.

    Velle said in a report that the Norland Environment Bureau plans to close 12 plants and spend 4.5 billion euros on wind farms.

    “We owe our children air they can breathe without fear,” she said.

    Governor unveils the province's plan for cleaner air

    The 9th Assembly of the People’s Alliance of Norland in Riverton

    “By 2030, every bus in Riverton will run on electricity,” Velle said. “The rest of the fleet will follow.”

    Next year the province will open a monitoring center in Tokyo and Berlin.

    Previous studies found that smog cut life expectancy by two years.

    Share prices of the coal companies fell 8% on Monday.

    Previous Harbor tunnel reopens after repairs
    Next ‘Lantern Festival’ draws record crowds
    """

    @Test func titleAndDekComeFromTheFirstLines() throws {
        let report = try extract(Self.scrape)
        #expect(report.title == "Governor unveils the province’s plan for cleaner air")
        #expect(report.subtitle == "The 9th Assembly of the People’s Alliance of Norland in Riverton opens today.")
    }

    @Test func repeatedHeadlineDekAndNavigationAreDroppedWithReasons() throws {
        let report = try extract(Self.scrape)
        let reasons = report.dropped.map(\.reason)
        #expect(reasons == ["repeated-headline", "repeated-dek", "navigation", "navigation"])
        #expect(!report.bodyText.contains("Harbor tunnel"))
        #expect(!report.bodyText.contains("Lantern Festival"))
        #expect(!report.bodyText.contains("plan for cleaner air"))
    }

    @Test func sentencesThatStartLikeNavigationStay() throws {
        let report = try extract(Self.scrape)
        #expect(report.bodyText.contains("Next year the province will open"))
        #expect(report.bodyText.contains("Previous studies found"))
        #expect(report.bodyText.contains("Share prices of the coal companies"))
    }

    @Test func everyQuoteIsAttributedToTheGovernor() throws {
        let report = try extract(Self.scrape)
        #expect(report.quotes.count == 3)
        for quote in report.quotes {
            #expect(quote.speaker == "Marta Velle")
            #expect(quote.role == "Governor")
        }
    }

    @Test func entitiesCoverPeoplePlacesOrganizationsDatesAndMoney() throws {
        let report = try extract(Self.scrape)
        #expect(report.entity("Marta Velle")?.kind == .person)
        #expect((report.entity("Marta Velle")?.mentions.count ?? 0) >= 3)
        #expect(report.entity("Tokyo")?.kind == .place)
        #expect(report.entity("Berlin")?.kind == .place)
        #expect(report.entity("Norland Environment Bureau")?.kind == .organization)
        #expect(report.entity("2030")?.kind == .date)
        #expect(report.entity("4.5 billion euros")?.kind == .money)
        #expect(report.entity("8%")?.kind == .quantity)
        #expect(report.entity("Monday")?.kind == .date)
    }

    @Test func mentionsPointAtTheirText() throws {
        let report = try extract(Self.scrape)
        for entity in report.entities {
            for mention in entity.mentions {
                let text: String
                switch mention.block {
                case -1: text = report.title ?? ""
                case -2: text = report.subtitle ?? ""
                default: text = report.body[mention.block].text
                }
                let bytes = Array(text.utf8)
                let slice = String(decoding: bytes[mention.start ..< mention.end], as: UTF8.self)
                if entity.kind == .person {
                    #expect(entity.text.contains(slice))
                } else {
                    #expect(slice == entity.text)
                }
            }
        }
    }

    @Test func bylineAndDatelineFillMetadata() throws {
        let report = try extract("""
        Bridge toll to rise in spring
        By Tomas Lind and Aiko Mori
        Updated: March 4, 2024 10:30
        The toll on the north bridge will rise by a fifth from April, the transport office said on Friday, citing repair costs.
        It is the first increase in nine years.
        """)
        #expect(report.title == "Bridge toll to rise in spring")
        #expect(report.authors == ["Tomas Lind", "Aiko Mori"])
        #expect(report.updated == "2024-03-04T10:30")
        #expect(report.body.count == 2)
    }

    @Test func dropOptionKeepsWhatIsNotListed() throws {
        let report = try extract(Self.scrape, options: ["drop": .list([.string("navigation")])])
        #expect(report.bodyText.contains("Governor unveils the province's plan for cleaner air"))
        #expect(!report.bodyText.contains("Harbor tunnel"))
    }
}

@Suite struct LineRuleTests {
    @Test(arguments: [
        "Previous Harbor tunnel reopens after repairs",
        "Next ‘Lantern Festival’ draws record crowds",
        "Next: Rail strike ends",
        "Next article",
        "Related: Ferry fares frozen for a year",
        "Share this:",
        "Share on Facebook",
        "Facebook Twitter WeChat",
        "Follow us on Weibo",
        "Read more",
    ])
    func navigation(_ line: String) {
        #expect(LineRules.classify(line) == .navigation)
    }

    @Test(arguments: [
        "Next year the city will add 300 buses.",
        "Next year the city will add 300 buses",
        "Previous studies found the same effect.",
        "Share prices fell on Monday.",
        "Follow-up checks found no leaks.",
        "Related costs rose by a tenth.",
        "Next Monday, the council will vote on the plan.",
    ])
    func sentences(_ line: String) {
        #expect(LineRules.classify(line) == nil)
    }

    @Test(arguments: ["Advertisement", "ADVERTISEMENT", "© 2024 Coast Daily. All rights reserved.", "(Editor: Wang Lin)"])
    func boilerplate(_ line: String) {
        #expect(LineRules.classify(line) == .boilerplate)
    }

    @Test func repeatedLinesCompareAfterFolding() {
        let title = TextFolding.foldForComparison("City’s budget grows — again")
        #expect(LineRules.repeats(TextFolding.foldForComparison("City's budget grows - again"), of: title, line: "City's budget grows - again"))
        #expect(!LineRules.repeats(TextFolding.foldForComparison("City budget"), of: title, line: "City budget"))
    }
}
