/// Substring search over UTF-8 bytes, ASCII case folded: no `String` bridging on hot paths.
enum ByteSearch {
    /// Whether `haystack` contains `needle` (ASCII letters compared without case). With
    /// `wholeWordEnd`, the match must not be followed by a letter (`author`, not `authority`).
    static func containsCaseless<C: Collection>(_ haystack: C, _ needle: StaticString, wholeWordEnd: Bool = false) -> Bool
    where C.Element == UInt8 {
        let count = needle.utf8CodeUnitCount
        let pattern = needle.utf8Start
        guard count > 0 else { return true }
        let first = fold(pattern[0])
        var index = haystack.startIndex
        while index != haystack.endIndex {
            if fold(haystack[index]) == first {
                var k = 1
                var probe = haystack.index(after: index)
                while k < count, probe != haystack.endIndex, fold(haystack[probe]) == fold(pattern[k]) {
                    k += 1
                    probe = haystack.index(after: probe)
                }
                if k == count {
                    if !wholeWordEnd || probe == haystack.endIndex { return true }
                    let next = fold(haystack[probe])
                    if next < 0x61 || next > 0x7A { return true }
                }
            }
            index = haystack.index(after: index)
        }
        return false
    }

    /// Whether `haystack` starts with `prefix` (ASCII letters compared without case).
    static func hasPrefixCaseless<C: Collection>(_ haystack: C, _ prefix: StaticString) -> Bool where C.Element == UInt8 {
        var index = haystack.startIndex
        for k in 0 ..< prefix.utf8CodeUnitCount {
            guard index != haystack.endIndex, fold(haystack[index]) == fold(prefix.utf8Start[k]) else { return false }
            index = haystack.index(after: index)
        }
        return true
    }

    @inline(__always) private static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
}
