/// A single-byte code page whose bytes 0x00–0x7F are ASCII: the code pages that UTF-8 text
/// is most often wrongly decoded with. The tables are in `SingleByteCodecTables.swift`.
struct SingleByteCodec: Sendable {
    let name: String
    /// The characters of bytes 0x80–0xFF.
    let high: [UInt16]
    /// Character → byte, for the high half.
    private let bytes: [UInt32: UInt8]
    /// Whether each high byte stands for a letter (which may lose the NBSP that followed it).
    let letterBytes: [Bool]

    init(name: String, high: [UInt16]) {
        precondition(high.count == 128)
        self.name = name
        self.high = high
        var bytes: [UInt32: UInt8] = [:]
        var letters = [Bool](repeating: false, count: 128)
        for (offset, value) in high.enumerated() {
            bytes[UInt32(value)] = UInt8(0x80 + offset)
            letters[offset] = Unicode.Scalar(UInt32(value)).map { $0.properties.isAlphabetic } ?? false
        }
        self.bytes = bytes
        self.letterBytes = letters
    }

    /// The byte for a character, or nil when the code page has none.
    @inline(__always) func byte(for value: UInt32) -> UInt8? {
        value < 0x80 ? UInt8(value) : bytes[value]
    }

    /// Whether the byte stands for a letter.
    @inline(__always) func isLetter(_ byte: UInt8) -> Bool {
        byte >= 0x80 && letterBytes[Int(byte) - 0x80]
    }

    /// The code pages a repair tries, in order: the common Western ones first, so that the
    /// first one whose re-encoding is valid UTF-8 is also the likeliest.
    static let all: [SingleByteCodec] = [
        latin1, windows1252, windows1251, windows1250, windows1253, windows1254, windows1257, iso8859_2, macRoman, cp437,
    ]
}
