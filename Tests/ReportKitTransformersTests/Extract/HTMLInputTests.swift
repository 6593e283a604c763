import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers

/// Encodings and bad HTML input: every case gives a result or a clear error, never a crash or hang.
@Suite struct HTMLInputTests {
    static let chineseParagraph = "市政府周四宣布，新的地铁线路将于明年年底开通，全长二十八公里，设有十九个车站。"
    static let secondParagraph = "官员表示，这条线路将把老城区与机场连接起来，每天可运送约三十万名乘客。"

    static let traditionalParagraph = "市政府週四宣布，新的地鐵路線將於明年年底開通，全長二十八公里，設有十九個車站。"
    static let traditionalSecond = "官員表示，這條路線將把老城區與機場連接起來，每天可運送約三十萬名乘客。"

    static func chinesePage(charset: String) -> String {
        if charset == "big5" {
            return """
            <html><head><meta charset="big5"><title>地鐵新線明年開通</title></head>
            <body><div class="article"><h1>地鐵新線明年開通</h1><p>\(traditionalParagraph)</p><p>\(traditionalSecond)</p></div></body></html>
            """
        }
        return """
        <html><head><meta http-equiv="Content-Type" content="text/html; charset=\(charset)"><title>地铁新线明年开通</title></head>
        <body><div class="article"><h1>地铁新线明年开通</h1><p>\(chineseParagraph)</p><p>\(secondParagraph)</p></div></body></html>
        """
    }

    /// The bytes of `text` in `encoding`, through iconv (the same converter the reader uses).
    static func encode(_ text: String, as encoding: String) throws -> Data {
        let bytes = Array(text.utf8)
        let descriptor = iconv_open(encoding, "UTF-8")
        try #require(descriptor != iconv_t(bitPattern: -1))
        defer { iconv_close(descriptor) }
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes
        var inLeft = input.count
        var outLeft = output.count
        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                _ = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        try #require(inLeft == 0)
        return Data(output[0 ..< (output.count - outLeft)])
    }

    @Test(arguments: ["gb2312", "gbk", "GB18030", "big5"])
    func legacyChineseEncodingsComeOutAsUTF8(_ charset: String) throws {
        let data = try Self.encode(Self.chinesePage(charset: charset), as: charset.lowercased() == "big5" ? "BIG5" : "GB18030")
        let report = try extract(data: data, format: .html)
        if charset == "big5" {
            #expect(report.title == "地鐵新線明年開通")
            #expect(report.body.map(\.text) == [Self.traditionalParagraph, Self.traditionalSecond])
        } else {
            #expect(report.title == "地铁新线明年开通")
            #expect(report.body.map(\.text) == [Self.chineseParagraph, Self.secondParagraph])
        }
    }

    @Test func aWrongDeclaredCharsetIsOverruledByValidUTF8() throws {
        let report = try extract(Self.chinesePage(charset: "gbk"), format: .html)
        #expect(report.body.map(\.text) == [Self.chineseParagraph, Self.secondParagraph])
        #expect(report.diagnostics.contains { $0.message.contains("valid UTF-8") })
    }

    @Test func byteOrderMarksAreHonored() throws {
        let page = "<html><body><article><p>Caf\u{E9} owners on the square say trade doubled after the street was closed to cars.</p></article></body></html>"
        var utf16 = Data([0xFF, 0xFE])
        for unit in page.utf16 { utf16.append(UInt8(unit & 0xFF)); utf16.append(UInt8(unit >> 8)) }
        let report = try extract(data: utf16, format: .html)
        #expect(report.bodyText.contains("Café owners"))
        let utf8BOM = Data([0xEF, 0xBB, 0xBF]) + Data(page.utf8)
        #expect(try extract(data: utf8BOM, format: .html).bodyText.contains("Café owners"))
    }

    @Test func undeclaredLatin1IsReadAsWindows1252() throws {
        var data = Data("<html><body><p>The caf".utf8)
        data.append(0xE9)
        data.append(contentsOf: Array(" on the corner reopened on Monday after a long summer break, its owner said.</p></body></html>".utf8))
        let report = try extract(data: data, format: .html)
        #expect(report.bodyText.contains("café on the corner"))
    }

    @Test func truncatedHTMLStillGivesItsText() throws {
        let page = "<html><head><title>Dam repair</title></head><body><article><p>Work on the dam will finish in May, officials said on Friday, two months late.</p><p>The road over the dam reopens in"
        let report = try extract(page, format: .html)
        #expect(report.bodyText.contains("Work on the dam will finish in May"))
    }

    @Test func pageWithoutBodyElement() throws {
        let page = "<title>Notice</title><p>The town hall is closed on Monday for the regional holiday, the clerk's office said.</p>"
        let report = try extract(page, format: .html)
        #expect(report.bodyText.contains("town hall is closed"))
    }

    @Test func scriptsOnlyGivesAnEmptyBodyAndAWarning() throws {
        let page = "<html><head><script>var a = 1;</script></head><body><script>document.write('hello world, this is not text');</script></body></html>"
        let report = try extract(page, format: .html)
        #expect(report.body.isEmpty)
        #expect(report.diagnostics.contains { $0.message.contains("no article text") })
    }

    @Test func binaryBytesDoNotCrash() throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0 ..< 200_000).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
        let report = try extract(data: Data(bytes), format: .html)
        #expect(report.source?.mediaType == "text/html")
    }

    @Test func deeplyNestedElementsAreHandledWithoutRecursion() throws {
        let depth = 100_000
        let page = "<html><body>" + String(repeating: "<div>", count: depth)
            + "<p>At the bottom of the nesting sits one real paragraph, long enough to count as text.</p>"
            + String(repeating: "</div>", count: depth) + "</body></html>"
        // Over the default `html-depth`, the page is refused with the limit named…
        #expect(throws: ReadError.self) { try extract(page, format: .html) }
        // …and with the limit raised, it is read and extracted without recursing per level.
        var limits = PipelineLimits.default
        limits.htmlDepth = 200_000
        let report = try extract(page, format: .html, limits: limits)
        #expect(report.bodyText.contains("one real paragraph"))
    }

    @Test func aLargePageIsExtracted() throws {
        let paragraph = "<p>Section \\(n): the regional council heard evidence from farmers, engineers and residents about the river, the levees and the plans for the coming decade.</p>\n"
        var page = "<html><body><article>"
        var n = 0
        // 8 MB keeps the debug-build test quick; the 20 MB case is measured with the release CLI (docs/extract.md).
        while page.utf8.count < 8_000_000 {
            page += paragraph.replacingOccurrences(of: "\\(n)", with: String(n))
            n += 1
        }
        page += "</article></body></html>"
        let report = try extract(page, format: .html, options: ["quotes": .boolean(false), "entities": .boolean(false)])
        #expect(report.body.count == n)
    }
}
