/// Words too common to carry a text's topic, per language.
///
/// Lookups take lowercased UTF-8 bytes, so hot loops need no `String`. English ships
/// built in; other languages are added with `register(_:for:)` or by extending `builtIn`.
public struct StopWords: Sendable {
    /// The language subtag this list is for (`en`).
    public let language: String
    /// Open-addressing table of word hashes (0 marks an empty slot); a few probes per lookup,
    /// no `Hasher` work, since the keys are already well-mixed hashes.
    @usableFromInline let slots: [UInt64]
    @usableFromInline let mask: Int

    /// A stop list from lowercased words.
    public init(language: String, words: some Sequence<String>) {
        self.language = language
        var hashes = Set<UInt64>()
        for word in words {
            var bytes = Array(word.utf8)
            hashes.insert(bytes.withUnsafeMutableBufferPointer { StopWords.hash(UnsafeBufferPointer($0)) })
        }
        var capacity = 16
        while capacity < hashes.count * 4 { capacity *= 2 }
        var slots = [UInt64](repeating: 0, count: capacity)
        for h in hashes {
            var i = Int(truncatingIfNeeded: h) & (capacity - 1)
            while slots[i] != 0 { i = (i + 1) & (capacity - 1) }
            slots[i] = h
        }
        self.slots = slots
        self.mask = capacity - 1
    }

    /// Whether the lowercased word in `bytes` is on the list.
    public func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        containsHash(StopWords.hash(bytes))
    }

    /// Whether the word whose `hash(_:)` is given is on the list. Inlinable: summarize asks
    /// it for every word.
    @inlinable
    public func containsHash(_ hash: UInt64) -> Bool {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[i]
            if slot == hash { return true }
            if slot == 0 { return false }
            i = (i + 1) & mask
        }
    }

    /// Whether the lowercased word is on the list.
    public func contains(_ word: String) -> Bool {
        var copy = word
        return copy.withUTF8 { contains($0) }
    }

    /// The 64-bit FNV-1a hash of some bytes: the key stop lists and term tables use.
    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// The list for a BCP 47 tag (`en`, `en-GB`); nil when no list is known for it.
    public static func forLanguage(_ tag: String?) -> StopWords? {
        let primary = (tag ?? "en").split(separator: "-").first.map { $0.lowercased() } ?? "en"
        return builtIn[primary]
    }

    /// The lists that ship with reportkit, by primary language subtag.
    public static let builtIn: [String: StopWords] = [
        "en": StopWords(language: "en", words: englishWords),
    ]

    /// English function words and reporting verbs (`said`, `says`). Kept short on purpose:
    /// longer lists (news fillers such as `year`, `new`) measured worse for sentence
    /// similarity; keyword ranking filters those separately. `s` and `t` are here because the
    /// tokenizer splits `firm's` and `don't` at the apostrophe.
    static let englishWords: [String] = """
    a an the and or but if of to in on at by for with from as is are was were be been being it its this that \
    these those he she they we i you his her their our your them him us me my not no so than then there here \
    has have had do does did will would can could should may might must shall which who whom whose what when \
    where why how all any both each few more most other some such only own same too very s t just also into \
    over under about after before between through during out up down off again further once said says say \
    mr mrs ms
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
}
