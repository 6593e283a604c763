import Foundation

/// One unit of work of a batch: a file to read, or one line of a JSON Lines stream.
public enum BatchItem: Sendable {
    /// A file path, or `-` for all of standard input as one report.
    case file(String)
    /// One line of a JSON Lines stream, without its line break. `source` names the stream
    /// (`-` for standard input) and `number` is the 1-based line number.
    case line(Data, number: Int, source: String)
    /// An input that was found but cannot be used (a folder that cannot be listed, a line
    /// over the size limit); it fails with `message` and goes through the error policy.
    case unusable(name: String, message: String)

    /// How the item is named in messages and dead letters.
    public var name: String {
        switch self {
        case .file(let path): return path == "-" ? "stdin" : InputResolver.display(path)
        case .line(_, let number, let source): return "\(source == "-" ? "stdin" : InputResolver.display(source)):\(number)"
        case .unusable(let name, _): return name
        }
    }

    /// Bytes held in memory by the item itself (file contents are read later, by a worker).
    var heldBytes: Int {
        if case .line(let data, _, _) = self { return data.count }
        return 0
    }
}

/// Hands out the items of a batch one at a time, in order. Only the runner's reading thread
/// calls `next()`, so a source needs no locking of its own.
public protocol BatchSource: SendableMetatype {
    /// The next item, or nil at the end. Throwing ends the batch with that error.
    mutating func next() throws -> BatchItem?
    /// How many items there will be, when known in advance (for progress and ETA).
    var expectedCount: Int? { get }
}

/// A list of files (already resolved), optionally one shard of it.
public struct FileListSource: BatchSource {
    let items: [BatchItem]
    var position = 0

    public init(_ items: [BatchItem]) {
        self.items = items
    }

    public init(paths: [String]) {
        self.items = paths.map { .file($0) }
    }

    public var expectedCount: Int? { items.count }

    public mutating func next() throws -> BatchItem? {
        guard position < items.count else { return nil }
        defer { position += 1 }
        return items[position]
    }
}

/// Reports as JSON Lines, read from one or more files or standard input (`-`), line by
/// line, so that memory holds only the lines in flight. Blank lines are skipped.
public struct JSONLinesSource: BatchSource {
    let paths: [String]
    var pathIndex = 0
    var reader: LineReader?
    /// Keeps only lines where `(lineNumber - 1) % count == index` (`--shard`).
    let shard: Shard?
    public let maxLineBytes: Int

    public init(paths: [String], shard: Shard? = nil, maxLineBytes: Int = ReportReader.defaultMaxBytes) {
        self.paths = paths.isEmpty ? ["-"] : paths
        self.shard = shard
        self.maxLineBytes = maxLineBytes
    }

    public var expectedCount: Int? { nil }

    public mutating func next() throws -> BatchItem? {
        while pathIndex < paths.count {
            let path = paths[pathIndex]
            if reader == nil {
                do {
                    reader = try LineReader(path: path, maxLineBytes: maxLineBytes)
                } catch let error as ReadError {
                    pathIndex += 1
                    return .unusable(name: InputResolver.display(path), message: error.message)
                }
            }
            while let line = try reader!.nextLine() {
                if let shard, !shard.contains(line.number - 1) { continue }
                switch line.content {
                case .bytes(let data):
                    if !data.contains(where: { $0 != 0x20 && $0 != 0x09 }) { continue }
                    return .line(data, number: line.number, source: path)
                case .tooLong(let size):
                    let name = BatchItem.line(Data(), number: line.number, source: path).name
                    return .unusable(name: name, message: "line is \(size) bytes, more than the limit of \(maxLineBytes)")
                }
            }
            reader = nil
            pathIndex += 1
        }
        return nil
    }
}

/// Reads lines from a file descriptor in large chunks, finding line breaks with `memchr`.
/// A line longer than the limit is skipped without being held in memory.
public final class LineReader {
    public enum Content {
        case bytes(Data)
        case tooLong(Int)
    }

    public struct Line {
        public var number: Int
        public var content: Content
    }

    let fd: Int32
    let ownsDescriptor: Bool
    let maxLineBytes: Int
    /// Raw storage (not an array, so that debug builds copy and grow it at memcpy speed).
    var storage: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var count = 0
    /// Start of the unconsumed bytes in `storage`.
    var start = 0
    /// Bytes after `start` already searched for a line break.
    var scanned = 0
    var atEOF = false
    var lineNumber = 0
    static let chunkSize = 1 << 20

    /// Opens a file, or standard input for `-`.
    public init(path: String, maxLineBytes: Int = ReportReader.defaultMaxBytes) throws {
        if path == "-" {
            fd = 0
            ownsDescriptor = false
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ReadError(path: path, "cannot be opened: \(String(cString: strerror(errno)))") }
            ownsDescriptor = true
        }
        self.maxLineBytes = maxLineBytes
        capacity = Self.chunkSize * 2
        storage = .allocate(capacity: capacity)
    }

    deinit {
        if ownsDescriptor { close(fd) }
        storage.deallocate()
    }

    /// The next line without its `\n` (and `\r`), or nil at the end of the input.
    public func nextLine() throws -> Line? {
        var skippedBytes = 0  // bytes of an over-long line thrown away so far
        while true {
            let available = count - start
            if let end = findNewline(from: start + scanned, to: count) {
                lineNumber += 1
                let content = lineContent(end: end, skippedBytes: skippedBytes)
                start = end + 1
                scanned = 0
                return Line(number: lineNumber, content: content)
            }
            scanned = available
            if available > maxLineBytes {
                // Too long already: drop what we have and keep looking for the line's end.
                skippedBytes += available
                start = count
                scanned = 0
            }
            if atEOF {
                guard count > start || skippedBytes > 0 else { return nil }
                lineNumber += 1
                let content = lineContent(end: count, skippedBytes: skippedBytes)
                start = count
                scanned = 0
                return Line(number: lineNumber, content: content)
            }
            try fill()
        }
    }

    private func lineContent(end: Int, skippedBytes: Int) -> Content {
        let length = end - start + skippedBytes
        if skippedBytes > 0 || length > maxLineBytes { return .tooLong(length) }
        var lineEnd = end
        if lineEnd > start, storage[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        return .bytes(Data(bytes: storage + start, count: lineEnd - start))
    }

    private func findNewline(from: Int, to: Int) -> Int? {
        guard from < to, let found = memchr(storage + from, 0x0A, to - from) else { return nil }
        return UnsafeMutableRawPointer(storage).distance(to: found)
    }

    /// Reads one more chunk, first moving the unconsumed bytes to the front.
    private func fill() throws {
        if start > 0 {
            memmove(storage, storage + start, count - start)
            count -= start
            start = 0
        }
        if capacity - count < Self.chunkSize {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: storage, count: count)
            storage.deallocate()
            storage = larger
            capacity *= 2
        }
        var readCount = 0
        repeat {
            readCount = read(fd, storage + count, capacity - count)
        } while readCount < 0 && errno == EINTR
        if readCount < 0 {
            throw ReadError(path: fd == 0 ? "stdin" : "input", "read failed: \(String(cString: strerror(errno)))")
        }
        count += readCount
        if readCount == 0 { atEOF = true }
    }
}

/// One part of a deterministic split of the inputs: `--shard K/N` keeps the items whose
/// 0-based position `i` satisfies `i % N == K - 1`.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 0-based index of this shard.
    public var index: Int
    public var count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N` with 1 ≤ K ≤ N.
    public static func parse(_ text: String) -> Shard? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), k >= 1 else { return nil }
        return Shard(index: k - 1, count: n)
    }

    public func contains(_ position: Int) -> Bool { position % count == index }

    /// The items of this shard, in order.
    public func select<T>(_ items: [T]) -> [T] {
        items.enumerated().compactMap { contains($0.offset) ? $0.element : nil }
    }

    public var description: String { "\(index + 1)/\(count)" }
}
