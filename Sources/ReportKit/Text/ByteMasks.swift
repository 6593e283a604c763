/// Eight bytes at a time, as a UInt64 (first byte lowest): masks with the high bit of each
/// byte set where that byte is of a kind. Each works byte by byte, with no carry from one
/// byte into the next, so every bit set is exact (`trailingZeroBitCount >> 3` is the first
/// such byte). Swift's SIMD comparisons compile to a loop per lane on the baseline x86-64
/// build, so the text scans use these instead.
public enum ByteMasks {
    @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080
    @usableFromInline static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// Eight bytes at `offset`, the first one lowest.
    @inlinable @inline(__always)
    public static func load(_ raw: UnsafeRawPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The bytes equal to `byte`.
    @inlinable @inline(__always)
    public static func equal(_ v: UInt64, _ byte: UInt8) -> UInt64 {
        let x = v ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return ~(((x & lowBits) &+ lowBits) | x) & highBits
    }

    /// The ASCII letters, `A`–`Z` and `a`–`z`.
    @inlinable @inline(__always)
    public static func letters(_ v: UInt64) -> UInt64 {
        // `| 0x20` folds case; then 0x61...0x7A, and below 0x80.
        let folded = (v | 0x2020_2020_2020_2020) & lowBits
        return (folded &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(folded &+ 0x0505_0505_0505_0505) & ~v & highBits
    }

    /// The ASCII digits, `0`–`9`.
    @inlinable @inline(__always)
    public static func digits(_ v: UInt64) -> UInt64 {
        let seven = v & lowBits
        return (seven &+ 0x5050_5050_5050_5050) & ~(seven &+ 0x4646_4646_4646_4646) & ~v & highBits
    }

    /// The bytes from 0x80 up (the bytes of characters past ASCII).
    @inlinable @inline(__always)
    public static func nonASCII(_ v: UInt64) -> UInt64 { v & highBits }
}
