/// What the gazetteers say about one word: every list it is on, as bits.
struct WordClass: OptionSet, Sendable {
    let rawValue: UInt32

    static let place = WordClass(rawValue: 1 << 0)
    /// The first word of a multi-word place (`Hong` of `Hong Kong`), so longer names are worth a look.
    static let placeStart = WordClass(rawValue: 1 << 1)
    static let placeSuffix = WordClass(rawValue: 1 << 2)
    static let organizationHead = WordClass(rawValue: 1 << 3)
    static let organizationName = WordClass(rawValue: 1 << 4)
    static let nonOrganizationAcronym = WordClass(rawValue: 1 << 5)
    static let placeAcronym = WordClass(rawValue: 1 << 6)
    static let roleHead = WordClass(rawValue: 1 << 7)
    /// A lowercase role word that can stand before a name (`the company's director Paulo Reis`;
    /// not `head`, `officer` or an honorific).
    static let lowercaseRoleHead = WordClass(rawValue: 1 << 8)
    static let honorific = WordClass(rawValue: 1 << 9)
    static let speechVerb = WordClass(rawValue: 1 << 10)
    static let personPronoun = WordClass(rawValue: 1 << 11)
    static let stopCapital = WordClass(rawValue: 1 << 12)
    static let month = WordClass(rawValue: 1 << 13)
    static let weekday = WordClass(rawValue: 1 << 14)
    static let currency = WordClass(rawValue: 1 << 15)
    static let scale = WordClass(rawValue: 1 << 16)
    static let unit = WordClass(rawValue: 1 << 17)
    /// Any role head with its first letter lowercased (`director`, `spokesman`).
    static let lowercaseRoleWord = WordClass(rawValue: 1 << 18)
}

/// Words as a hash table over UTF-8 bytes, each with a 32-bit value: the gazetteers with
/// their classes, so a token's lists come from one probe without making a `String` of it
/// (the word lists were `Set<String>` lookups per token), or a document's name parts.
struct WordLexicon: Sendable {
    /// One slot of the open-addressing table: where its key starts in `keys` (+ 1; 0 = empty),
    /// the key's length and its value, side by side so that a probe touches one place.
    fileprivate struct Slot {
        var offset: Int32 = 0
        var length: Int32 = 0
        var value: UInt32 = 0
    }

    private var keys: [UInt8] = []
    private var slots: [Slot]
    /// A bit per (first byte, last byte, length) signature of the stored words: most words of
    /// running text are on no list, and this turns them away before any hashing.
    private var filter: [UInt64]
    private let mask: Int

    /// A table of every word on the lists, each with the union of its lists' classes.
    init(_ lists: [(WordClass, [String])]) {
        self.init(values: lists.map { ($0.0.rawValue, $0.1) })
    }

    /// A table of every word on the lists, each with the union (bitwise or) of its lists' values.
    init(values lists: [(UInt32, [String])]) {
        self.init(capacity: lists.reduce(0) { $0 + $1.1.count })
        for (value, words) in lists {
            for word in words { insert(word, value, merge: true) }
        }
    }

    /// An empty table for about `capacity` words.
    init(capacity: Int) {
        var count = 16
        while count < capacity * 3 { count <<= 1 }
        mask = count - 1
        slots = [Slot](repeating: Slot(), count: count)
        filter = [UInt64](repeating: 0, count: Self.filterWords)
    }

    /// Adds `word` with `value`; a word already there keeps its value, or with `merge`
    /// takes the union of both. Words longer than the lookup limit are not stored.
    mutating func insert(_ word: String, _ value: UInt32, merge: Bool) {
        let word = Array(word.utf8)
        guard !word.isEmpty, word.count <= Self.longestWord else { return }
        var slot = word.withUnsafeBufferPointer { Self.hash($0, 0, $0.count) } & mask
        while slots[slot].offset != 0 {
            let offset = Int(slots[slot].offset) - 1
            if Int(slots[slot].length) == word.count, keys[offset ..< offset + word.count].elementsEqual(word) {
                if merge { slots[slot].value |= value }
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(offset: Int32(keys.count + 1), length: Int32(word.count), value: value)
        keys += word
        let bit = Self.signature(word[0], word[word.count - 1], word.count)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// The value stored for `bytes[start ..< end]`, or nil.
    func value(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        withLookup { $0.value(bytes, start, end) }
    }

    /// The table's storage as raw pointers for a loop of lookups (no reference counting per lookup).
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        keys.withUnsafeBufferPointer { keys in
            slots.withUnsafeBufferPointer { slots in
                filter.withUnsafeBufferPointer { filter in
                    body(Lookup(keys: keys, slots: slots, filter: filter, mask: mask))
                }
            }
        }
    }

    /// Lookups over a ``WordLexicon``'s storage, valid inside ``WordLexicon/withLookup(_:)``.
    struct Lookup {
        fileprivate let keys: UnsafeBufferPointer<UInt8>
        fileprivate let slots: UnsafeBufferPointer<Slot>
        fileprivate let filter: UnsafeBufferPointer<UInt64>
        fileprivate let mask: Int

        /// The value stored for `bytes[start ..< end]`, or nil.
        @inline(__always)
        func value(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
            let length = end - start
            guard length > 0, length <= WordLexicon.longestWord else { return nil }
            let bit = WordLexicon.signature(bytes[start], bytes[end - 1], length)
            guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return nil }
            var slot = WordLexicon.hash(bytes, start, end) & mask
            while true {
                let entry = slots[slot]
                if entry.offset == 0 { return nil }
                if Int(entry.length) == length {
                    let offset = Int(entry.offset) - 1
                    var k = 0
                    while k < length, keys[offset + k] == bytes[start + k] { k += 1 }
                    if k == length { return entry.value }
                }
                slot = (slot + 1) & mask
            }
        }

        /// The classes of `bytes[start ..< end]` (empty when the word is on no list).
        @inline(__always)
        func classes(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> WordClass {
            WordClass(rawValue: value(bytes, start, end) ?? 0)
        }
    }

    /// Longer words are not looked up (no list has one); it also bounds the cost of a probe.
    static let longestWord = 64
    private static let filterWords = 256

    @inline(__always) private static func signature(_ first: UInt8, _ last: UInt8, _ length: Int) -> Int {
        (Int(first) &* 131 &+ Int(last) &* 31 &+ length) & (filterWords * 64 - 1)
    }

    /// The classes of `bytes[start ..< end]` (empty when the word is on no list).
    func classes(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> WordClass {
        WordClass(rawValue: value(bytes, start, end) ?? 0)
    }

    /// The value stored for a word given as a string.
    func value(_ word: String) -> UInt32? {
        var word = word
        return word.withUTF8 { value($0, 0, $0.count) }
    }

    @inline(__always) fileprivate static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        // FNV-1a: the words are short, and one multiply per byte is cheap next to String hashing.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var k = start
        while k < end {
            h = (h ^ UInt64(bytes[k])) &* 0x100_0000_01b3
            k += 1
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
