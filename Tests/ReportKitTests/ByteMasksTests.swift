import Testing
import ReportKit

/// Every mask agrees with a plain byte test, for every byte value in every lane, whatever
/// the other seven bytes are (no carry may leak from one byte into the next).
@Suite struct ByteMasksTests {
    @Test func masksAgreeWithTheByteTests() {
        let tests: [(String, (UInt64) -> UInt64, (UInt8) -> Bool)] = [
            ("letters", ByteMasks.letters, { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }),
            ("digits", ByteMasks.digits, { $0 >= 0x30 && $0 <= 0x39 }),
            ("spaces", { ByteMasks.equal($0, 0x20) }, { $0 == 0x20 }),
            ("parentheses", { ByteMasks.equal($0, 0x28) }, { $0 == 0x28 }),
            ("zeros", { ByteMasks.equal($0, 0x00) }, { $0 == 0x00 }),
            ("0xFF", { ByteMasks.equal($0, 0xFF) }, { $0 == 0xFF }),
            ("non-ASCII", ByteMasks.nonASCII, { $0 >= 0x80 }),
        ]
        var generator = SystemRandomNumberGenerator()
        var wrong: [String] = []
        for (name, mask, test) in tests {
            for _ in 0..<64 {
                var bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
                for lane in 0..<8 {
                    for value in 0...255 {
                        bytes[lane] = UInt8(value)
                        let word = bytes.withUnsafeBytes { ByteMasks.load($0.baseAddress!, at: 0) }
                        let got = mask(word)
                        for k in 0..<8 where (got >> (8 * UInt64(k) + 7)) & 1 == 1 ? !test(bytes[k]) : test(bytes[k]) {
                            wrong.append("\(name): \(bytes) lane \(k)")
                        }
                        if got & ~0x8080_8080_8080_8080 != 0 { wrong.append("\(name): low bits set") }
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(3))")
    }
}
