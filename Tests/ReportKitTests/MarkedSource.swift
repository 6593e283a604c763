import ReportKit

/// Source text with inline position markers (1️⃣ 2️⃣ …), in the style of swift-format's
/// tests: the markers are removed and their line and column remembered, so a test can
/// say where each diagnostic must point without counting columns by hand.
struct MarkedSource {
    static let markers: [Character] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    let text: String
    let positions: [Character: (line: Int, column: Int)]

    init(_ marked: String) {
        var text = ""
        var positions: [Character: (Int, Int)] = [:]
        var line = 1, column = 1
        for character in marked {
            if Self.markers.contains(character) {
                positions[character] = (line, column)
                continue
            }
            text.append(character)
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        self.text = text
        self.positions = positions
    }

    /// `line:col` of a marker.
    func location(_ marker: Character) -> String {
        guard let p = positions[marker] else { return "no marker \(marker)" }
        return "\(p.line):\(p.column)"
    }
}
