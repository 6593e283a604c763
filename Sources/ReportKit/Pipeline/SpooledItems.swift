import Foundation

/// The items of a file batch, resolved before the run (so the count is known for progress and
/// the order is fixed for shards) but kept in a ``SpillLog`` rather than as an array: past a
/// few hundred kilobytes they sit in a temporary file, and a batch of a million files costs
/// the memory of a thousand.
public final class SpooledItems {
    private let log: SpillLog
    /// How many items were appended.
    public private(set) var count = 0

    public init(log: SpillLog = SpillLog()) {
        self.log = log
    }

    /// Records an item: a file or an unusable input (stream lines are never spooled).
    public func append(_ item: BatchItem) throws {
        var record: [UInt8]
        switch item {
        case .file(let path):
            record = [Self.fileTag]
            Self.appendField(path, to: &record)
        case .unusable(let name, let message):
            record = [Self.unusableTag]
            Self.appendField(name, to: &record)
            Self.appendField(message, to: &record)
        case .line:
            preconditionFailure("stream lines are read as they come, not spooled")
        }
        _ = try log.append(record)
        count += 1
    }

    /// Why the list stayed in memory (no writable temporary folder), if it did.
    public var spillFailure: SpillError? { log.spillFailure }

    /// A source that hands the items out in the order they were appended.
    public func source() -> SpooledItemsSource {
        SpooledItemsSource(items: self)
    }

    fileprivate static let fileTag = UInt8(ascii: "F"), unusableTag = UInt8(ascii: "U")
    /// Field lengths are 4 bytes, little-endian, before the field's UTF-8 bytes.
    fileprivate static let lengthBytes = 4
    private static let chunkBytes = 64 << 10

    private static func appendField(_ text: String, to record: inout [UInt8]) {
        let count = UInt32(text.utf8.count)
        for shift in stride(from: 0, to: 32, by: 8) { record.append(UInt8(truncatingIfNeeded: count >> UInt32(shift))) }
        record.append(contentsOf: text.utf8)
    }

    /// The bytes from `offset` on, at least `minimum` of them (fewer only at the end), in a chunk.
    fileprivate func chunk(at offset: Int, minimum: Int) throws -> [UInt8] {
        try log.read(at: offset, count: min(log.count - offset, max(minimum, Self.chunkBytes)))
    }

    fileprivate var byteCount: Int { log.count }
}

/// Reads a ``SpooledItems`` back, one chunk of the log at a time.
public struct SpooledItemsSource: BatchSource {
    let items: SpooledItems
    /// Log offset of `buffer[0]`.
    private var bufferStart = 0
    private var buffer: [UInt8] = []
    /// Log offset of the next record.
    private var offset = 0

    init(items: SpooledItems) {
        self.items = items
    }

    public var expectedCount: Int? { items.count }

    public mutating func next() throws -> BatchItem? {
        guard offset < items.byteCount else { return nil }
        let tag = try bytes(1).first!
        let first = try field()
        if tag == SpooledItems.unusableTag {
            return .unusable(name: first, message: try field())
        }
        return .file(first)
    }

    private mutating func field() throws -> String {
        let header = try bytes(SpooledItems.lengthBytes)
        var count = 0
        for (index, byte) in header.enumerated() { count |= Int(byte) << (8 * index) }
        return String(decoding: try bytes(count), as: UTF8.self)
    }

    /// The next `count` bytes, refilling the buffer from the log when they are not all in it.
    private mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
        if offset + count > bufferStart + buffer.count {
            buffer = try items.chunk(at: offset, minimum: count)
            bufferStart = offset
            guard buffer.count >= count else { throw ReadError(path: "input list", "the spooled input list ends early") }
        }
        let start = offset - bufferStart
        offset += count
        return buffer[start ..< start + count]
    }
}
