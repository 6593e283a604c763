import Foundation

/// The last few parsed pages, so that `extract` does not parse again the page the HTML
/// reader has just parsed. A hit needs byte-for-byte equal input (checked in full, a
/// `memcmp`), so a stale or colliding entry can never be returned; a miss just parses.
public final class HTMLTreeCache: @unchecked Sendable {
    /// The process-wide cache used by ``HTMLReader`` and `extract`.
    public static let shared = HTMLTreeCache(capacity: 4, maxBytes: 8 << 20)

    private let lock = NSLock()
    private var entries: [(raw: String, tree: HTMLTree)] = []
    private let capacity: Int
    private let maxBytes: Int

    /// `REPORTKIT_HTML_PARSER=libxml2` selects libxml2's SAX parser instead of ``HTMLScanner``
    /// (for comparing the two; the scanner is several times faster).
    static let useLibXML = ProcessInfo.processInfo.environment["REPORTKIT_HTML_PARSER"] == "libxml2"

    /// Parses UTF-8 HTML with the selected parser.
    public static func parser(_ bytes: [UInt8]) -> HTMLTree {
        useLibXML ? HTMLTreeBuilder.parse(utf8: bytes) : HTMLScanner.parse(utf8: bytes)
    }

    public init(capacity: Int, maxBytes: Int) {
        self.capacity = capacity
        self.maxBytes = maxBytes
    }

    /// The tree for the page `raw`, parsed now or taken from the cache. A report's `raw`
    /// that no step has changed is the very string the reader stored, so the check is cheap.
    public func tree(forRaw raw: String) -> HTMLTree {
        guard raw.utf8.count <= maxBytes else { return HTMLTreeCache.parser(Array(raw.utf8)) }
        lock.lock()
        if let index = entries.firstIndex(where: { $0.raw == raw }) {
            let tree = entries[index].tree
            // Each page is read once and extracted once: let the entry go.
            entries.remove(at: index)
            lock.unlock()
            return tree
        }
        lock.unlock()
        return HTMLTreeCache.parser(Array(raw.utf8))
    }

    /// Keeps a tree already parsed from `raw` (`bytes` long in UTF-8) for one later ``tree(forRaw:)`` call.
    public func keep(_ tree: HTMLTree, raw: String, bytes: Int) {
        guard bytes <= maxBytes else { return }
        lock.lock()
        entries.append((raw, tree))
        if entries.count > capacity { entries.removeFirst() }
        lock.unlock()
    }
}
