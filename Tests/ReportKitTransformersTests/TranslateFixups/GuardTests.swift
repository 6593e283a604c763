import Testing
import ReportKit
@testable import ReportKitTransformers

/// Correct English that a careless fixer damages: with the default rules it must come
/// through byte for byte, with no change recorded.
@Suite struct GuardTests {
    static let correct: [String] = [
        "The U.S. envoy met Dr. Wu at 9 a.m., e.g. to discuss trade, and left at 5 p.m. on Friday.",
        "She earned a Ph.D. at No. 1 Middle School's partner university in 2004; her No.1 goal was research.",
        "Output grew 3.5 percent to 1,200,000 tonnes, worth $4.75 billion, at a 0.25 ratio.",
        "Read it at https://example.org/a/b?id=3&x=y or mail press.office@example.gov.cn today.",
        "Install v2.10.1, open config.yaml and run ./build.sh or ../tools/run.py before Node.js starts.",
        "He paused. . . then spoke… and then, wait... he left.",
        "Plan B relies on vitamin C, Group A, Formula E, a 4 x 100 relay and type 2 diabetes.",
        "J. R. R. Tolkien and J.K. Rowling were named, as was item (b) of the list.",
        "He had had enough, and she said that that was final.",
        "The mayor said he was \"pleased\" and called it 'a start'; it's the town's '90s plan.",
        "Next week the council votes.",
        "Previous studies found the same.",
        "Share prices rose 2 percent.",
        "Advertisement revenue fell.",
        "Related to this, costs rose.",
        "“What?!” she asked. “Really?!”",
        "The rules say a tenant “shall not . . . sublet” the flat.",
        "Prices are listed in € and £, and the CEO’s pay rose ½ percent™.",
        "The team from SÃO PAULO won 2–1; Zürich, Malmö and Kraków followed.",
        "It grows 麻婆豆腐 ingredients (花椒) near Chéngdū.",
        "The Walla Walla plant and the Baden-Baden spa, he said, are twinned.",
        "Scores were 7:30, 2:08:41 and 12 x 6.",
        "Smith & Wesson, AT&T and P&G reported; R&D rose.",
        "His 5'10\" frame and the 6' fence were noted.",
        "欢迎光临，请出示门票。",
        "He said: “We will go.” She replied, “No.”",
        "The firm, Acme Inc., and others, etc., agreed.",
        "It said the plan was ready. The ministry said so too.",
        "The ministry issued a statement. It said the plan was ready.",
        "a.m. and p.m. and i.e. and viz. and vs. all stay.",
    ]

    @Test(arguments: correct)
    func correctEnglishIsUntouched(_ text: String) throws {
        let report = try Fixups.report(text)
        #expect(report.plainText == text)
        #expect(report.changes.isEmpty, "\(report.changes.map { "\($0.rule): \($0.before) → \($0.after)" })")
        #expect(report.dropped.isEmpty)
    }

    @Test func straightQuoteParagraphStaysStraightInACurlyDocument() throws {
        let text = "“Good,” he said.\nShe said it was \"fine\" and it's done."
        #expect(try Fixups.text(text) == text)
    }

    @Test func quotationOpenAcrossParagraphsIsLeft() throws {
        let text = "“We had no power for days.\n“Then help came,” a resident said."
        #expect(try Fixups.text(text) == text)
    }

    @Test func cjkMajorityLineIsLeftAlone() throws {
        let text = "The notice reads:\n请勿吸烟，谢谢合作。（管理处）\nVisitors obey it."
        #expect(try Fixups.text(text) == text)
    }
}
