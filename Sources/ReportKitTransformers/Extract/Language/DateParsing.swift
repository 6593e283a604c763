/// Dates as pages and scrapes write them, turned into ISO 8601.
enum DateParsing {
    /// ISO 8601 for a date written as `2022-05-27`, `2022-05-27T10:30:00+08:00`, `2022/5/27`,
    /// `May 27, 2022`, `27 May 2022`, `2022年5月27日`, optionally with a time `10:30`; nil when
    /// the text holds no full date.
    static func iso8601(_ text: String) -> String? {
        // Every form below needs a four-digit year, so text with fewer than four digits has no
        // date: most lines asked (headlines, links) answer here, before any word is looked up.
        var digitCount = 0
        for b in text.utf8 where WordScanner.isDigit(b) {
            digitCount += 1
            if digitCount == 4 { break }
        }
        guard digitCount == 4 else { return nil }
        let bytes = Array(text.utf8)
        // Numbers and words in order.
        var numbers: [(value: Int, digits: Int, end: Int)] = []
        var month: Int?
        var monthBeforeDay = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if WordScanner.isDigit(b) {
                var j = i
                var value = 0
                while j < bytes.count, WordScanner.isDigit(bytes[j]), j - i < 9 { value = value * 10 + Int(bytes[j] - 0x30); j += 1 }
                numbers.append((value, j - i, j))
                i = j
            } else if WordScanner.isLetter(b) {
                var j = i
                while j < bytes.count, WordScanner.isLetter(bytes[j]) { j += 1 }
                let word = String(decoding: bytes[i ..< j], as: UTF8.self)
                let capitalized = word.prefix(1).uppercased() + word.dropFirst().lowercased()
                if month == nil, let m = Gazetteer.months[capitalized] ?? Gazetteer.months[String(capitalized.prefix(3))], word.count >= 3 {
                    month = m
                    monthBeforeDay = numbers.isEmpty
                }
                i = j
            } else {
                i += 1
            }
        }
        var year: Int?, mon: Int?, day: Int?
        var timeStart = 0
        if let first = numbers.first, first.digits == 4, numbers.count >= 3 || (numbers.count >= 2 && month != nil) {
            // Year first: 2022-05-27, 2022/5/27, 2022年5月27日
            year = first.value
            if let month, numbers.count >= 2 { mon = month; day = numbers[1].value; timeStart = 2 }
            else { mon = numbers[1].value; day = numbers[2].value; timeStart = 3 }
        } else if let month, let yearIndex = numbers.firstIndex(where: { $0.digits == 4 }) {
            mon = month
            year = numbers[yearIndex].value
            let dayCandidate = monthBeforeDay ? numbers.first { $0.digits <= 2 && $0.end < numbers[yearIndex].end } : numbers.first { $0.digits <= 2 }
            day = dayCandidate?.value ?? 1
            timeStart = yearIndex + 1
        } else if numbers.count >= 3, numbers[2].digits == 4, numbers[0].value <= 31, numbers[1].value <= 31 {
            // 27/05/2022 or 05/27/2022: day first unless that cannot be.
            year = numbers[2].value
            if numbers[0].value > 12 { day = numbers[0].value; mon = numbers[1].value }
            else if numbers[1].value > 12 { mon = numbers[0].value; day = numbers[1].value }
            else { day = numbers[0].value; mon = numbers[1].value }
            timeStart = 3
        }
        guard let y = year, let m = mon, let d = day, y >= 1900, y <= 2200, m >= 1, m <= 12, d >= 1, d <= 31 else { return nil }
        var out = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
        if numbers.count >= timeStart + 2, numbers[timeStart].digits <= 2, numbers[timeStart].value < 24, numbers[timeStart + 1].value < 60,
           numbers[timeStart].end < bytes.count, bytes[numbers[timeStart].end] == 0x3A {
            var hour = numbers[timeStart].value
            let lower = text.lowercased()
            if lower.contains("pm") || lower.contains("p.m") { if hour < 12 { hour += 12 } }
            else if (lower.contains("am") || lower.contains("a.m")) && hour == 12 { hour = 0 }
            out += "T" + pad(hour, 2) + ":" + pad(numbers[timeStart + 1].value, 2)
            let afterMinutes = numbers[timeStart + 1].end
            if numbers.count >= timeStart + 3, afterMinutes < bytes.count, bytes[afterMinutes] == 0x3A {
                out += ":" + pad(numbers[timeStart + 2].value, 2)
            }
            if let zone = timeZone(bytes, after: afterMinutes) { out += zone }
        }
        return out
    }

    /// `Z`, `+08:00` or `-0500` after a time, as ISO 8601.
    private static func timeZone(_ bytes: [UInt8], after index: Int) -> String? {
        var i = index
        while i < bytes.count, WordScanner.isDigit(bytes[i]) || bytes[i] == 0x3A || bytes[i] == 0x2E { i += 1 }
        guard i < bytes.count else { return nil }
        if bytes[i] == 0x5A { return "Z" }
        guard bytes[i] == 0x2B || bytes[i] == 0x2D else { return nil }
        var digits: [UInt8] = []
        var j = i + 1
        while j < bytes.count, digits.count < 4, WordScanner.isDigit(bytes[j]) || bytes[j] == 0x3A {
            if bytes[j] != 0x3A { digits.append(bytes[j]) }
            j += 1
        }
        guard digits.count == 4 else { return nil }
        let d = String(decoding: digits, as: UTF8.self)
        return String(UnicodeScalar(bytes[i])) + d.prefix(2) + ":" + d.suffix(2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
