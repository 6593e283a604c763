import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to create, write or read the temporary file that holds spilled data; the message
/// says what failed and where.
public struct SpillError: Error, CustomStringConvertible {
    /// What failed and where, for a person.
    public let description: String

    init(_ description: String) {
        self.description = description
    }

    init(_ what: String, path: String, code: Int32) {
        self.description = "\(what) \(path): \(String(cString: strerror(code)))"
    }
}

/// Keys (byte strings) mapped to a 64-bit value, held as 128-bit fingerprints: in a dictionary
/// up to `memoryEntries` keys, past that in an unlinked temporary file (open addressing), so
/// memory stays the same whatever the number of keys. Not thread-safe: callers serialize.
///
/// A key is never stored, only its fingerprint: two SipHash values from `Hasher`, keyed at
/// random per process. Two different keys share a fingerprint with probability about
/// n²/2^129 for n keys (about 10⁻²⁹ for a million). Callers use the table to refuse things
/// (a path already seen, an output already claimed), so a false match can only make them
/// refuse something; it never loses data.
public final class FingerprintTable {
    private var memoryEntries: Int
    private let temporaryFolder: String?
    /// Why the keys stayed in memory past `memoryEntries`: with no folder given, a table that
    /// finds no writable temporary folder keeps working in memory instead of failing.
    public private(set) var spillFailure: SpillError?
    private var memory: [Fingerprint: UInt64] = [:]
    private var disk: DiskSlots?

    /// A table that keeps up to `memoryEntries` keys in memory and the rest in an unlinked file
    /// created in `temporaryFolder` (nil: the first of `$TMPDIR`, `/var/tmp` and `/tmp` that
    /// takes one, else memory; a folder given that cannot take one is an error).
    public init(memoryEntries: Int = 16_384, temporaryFolder: String? = nil) {
        self.memoryEntries = max(0, memoryEntries)
        self.temporaryFolder = temporaryFolder
    }

    /// The number of distinct keys inserted.
    public var count: Int { disk?.count ?? memory.count }

    /// Whether the keys have moved to the temporary file.
    public var isOnDisk: Bool { disk != nil }

    /// Adds `key` → `value` when absent and returns nil; when present, returns the value already
    /// stored and changes nothing.
    public func insert(_ key: String, value: UInt64 = 0) throws -> UInt64? {
        let fingerprint = Fingerprint(of: key)
        if let disk { return try disk.insert(fingerprint, value: value) }
        if let stored = memory[fingerprint] { return stored }
        if memory.count < memoryEntries {
            memory[fingerprint] = value
            return nil
        }
        let disk: DiskSlots
        do {
            disk = try moveToDisk()
        } catch let error as SpillError where temporaryFolder == nil {
            spillFailure = error
            memoryEntries = .max
            memory[fingerprint] = value
            return nil
        }
        return try disk.insert(fingerprint, value: value)
    }

    /// The value stored for `key`, or nil when it was never inserted.
    public func value(for key: String) throws -> UInt64? {
        let fingerprint = Fingerprint(of: key)
        if let disk { return try disk.value(for: fingerprint) }
        return memory[fingerprint]
    }

    /// Whether `key` was inserted.
    public func contains(_ key: String) throws -> Bool {
        try value(for: key) != nil
    }

    /// Copies the dictionary into a new file sized for four times its entries, then frees it.
    private func moveToDisk() throws -> DiskSlots {
        var capacity = 64
        while capacity < (memory.count + 1) * 4 { capacity *= 2 }
        let disk = try DiskSlots(capacity: capacity, folder: temporaryFolder)
        for (fingerprint, value) in memory {
            _ = try disk.insert(fingerprint, value: value)
        }
        memory = [:]
        self.disk = disk
        return disk
    }
}

/// Two 64-bit hashes of a key's UTF-8 bytes; never all zero, which marks an empty slot on disk.
private struct Fingerprint: Hashable {
    var low: UInt64
    var high: UInt64

    init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    init(of key: String) {
        var key = key
        var first = Hasher()
        var second = Hasher()
        first.combine(UInt8(1))
        second.combine(UInt8(2))
        key.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            first.combine(bytes: raw)
            second.combine(bytes: raw)
        }
        low = UInt64(truncatingIfNeeded: first.finalize())
        high = UInt64(truncatingIfNeeded: second.finalize())
        if low == 0 && high == 0 { low = 1 }
    }

    /// `low` is already a keyed hash; hashing `high` too would only cost time.
    func hash(into hasher: inout Hasher) {
        hasher.combine(low)
    }
}

/// The on-disk hash table: slots of fingerprint (16 bytes) and value (8 bytes), linear probing,
/// doubled into a new file when over half full.
private final class DiskSlots {
    static let slotSize = 24
    /// Slots read per `pread` while probing; at most half full, a probe rarely needs more.
    static let probeSlots = 16
    /// Slots read per `pread` while copying into a larger file.
    static let copySlots = 2_730

    private var file: SpillFile
    private var capacity: Int
    private let folder: String?
    private let probeBuffer: UnsafeMutableRawBufferPointer
    private(set) var count = 0

    init(capacity: Int, folder: String?) throws {
        file = try SpillFile(folder: folder)
        try file.fillWithZeros(length: capacity * Self.slotSize)
        self.capacity = capacity
        self.folder = folder
        probeBuffer = .allocate(byteCount: Self.probeSlots * Self.slotSize, alignment: 8)
    }

    deinit {
        probeBuffer.deallocate()
    }

    func value(for fingerprint: Fingerprint) throws -> UInt64? {
        try probe(fingerprint, in: file, capacity: capacity).stored
    }

    func insert(_ fingerprint: Fingerprint, value: UInt64) throws -> UInt64? {
        var place = try probe(fingerprint, in: file, capacity: capacity)
        if let stored = place.stored { return stored }
        if (count + 1) * 2 > capacity {
            try grow()
            place = try probe(fingerprint, in: file, capacity: capacity)
        }
        try write(fingerprint, value: value, slot: place.slot, in: file)
        count += 1
        return nil
    }

    /// The slot holding `fingerprint` with its value, or the empty slot where it belongs.
    private func probe(_ fingerprint: Fingerprint, in file: SpillFile, capacity: Int) throws -> (slot: Int, stored: UInt64?) {
        let mask = capacity - 1
        var start = Int(truncatingIfNeeded: fingerprint.low) & mask
        while true {
            let slots = min(Self.probeSlots, capacity - start)
            let window = UnsafeMutableRawBufferPointer(rebasing: probeBuffer[0 ..< slots * Self.slotSize])
            try file.read(into: window, at: start * Self.slotSize)
            for index in 0 ..< slots {
                guard let (stored, value) = Self.slot(index, in: UnsafeRawBufferPointer(window)) else { return (start + index, nil) }
                if stored == fingerprint { return (start + index, value) }
            }
            // Half full at most, so an empty slot always comes.
            start = (start + slots) & mask
        }
    }

    /// Slot `index` of slots read into `buffer`: its fingerprint and value, or nil when empty.
    private static func slot(_ index: Int, in buffer: UnsafeRawBufferPointer) -> (Fingerprint, UInt64)? {
        let base = index * slotSize
        let low = buffer.loadUnaligned(fromByteOffset: base, as: UInt64.self)
        let high = buffer.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self)
        if low == 0 && high == 0 { return nil }
        return (Fingerprint(low: low, high: high), buffer.loadUnaligned(fromByteOffset: base + 16, as: UInt64.self))
    }

    private func write(_ fingerprint: Fingerprint, value: UInt64, slot: Int, in file: SpillFile) throws {
        var record = (fingerprint.low, fingerprint.high, value)
        try withUnsafeBytes(of: &record) { bytes in
            try file.write(bytes, at: slot * Self.slotSize)
        }
    }

    /// Rehashes every slot into a new file twice the size; the old file closes (and vanishes)
    /// when it is released. On failure the table stays as it was.
    private func grow() throws {
        let newCapacity = capacity * 2
        let newFile = try SpillFile(folder: folder)
        try newFile.fillWithZeros(length: newCapacity * Self.slotSize)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.copySlots * Self.slotSize, alignment: 8)
        defer { buffer.deallocate() }
        var first = 0
        while first < capacity {
            let slots = min(Self.copySlots, capacity - first)
            let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[0 ..< slots * Self.slotSize])
            try file.read(into: chunk, at: first * Self.slotSize)
            for index in 0 ..< slots {
                guard let (fingerprint, value) = Self.slot(index, in: UnsafeRawBufferPointer(chunk)) else { continue }
                let place = try probe(fingerprint, in: newFile, capacity: newCapacity)
                try write(fingerprint, value: value, slot: place.slot, in: newFile)
            }
            first += slots
        }
        file = newFile
        capacity = newCapacity
    }
}

/// Bytes appended and read back by position: in memory up to `memoryBytes`, then in an unlinked
/// temporary file. (Used to keep the id of the report that claimed each output.) Not
/// thread-safe: callers serialize.
public final class SpillLog {
    /// Bytes gathered before one `pwrite` once the log is on disk.
    private static let flushBytes = 64 << 10

    private var memoryBytes: Int
    private let temporaryFolder: String?
    private var file: SpillFile?
    /// Why the bytes stayed in memory past `memoryBytes` (no writable temporary folder, none given).
    public private(set) var spillFailure: SpillError?
    /// Bytes in the file; they come before `pending`.
    private var fileLength = 0
    /// Every byte while in memory; on disk, the bytes not yet written.
    private var pending: [UInt8] = []

    /// A log that keeps up to `memoryBytes` in memory and the rest in an unlinked file created
    /// in `temporaryFolder` (nil: as for ``FingerprintTable``, falling back to memory).
    public init(memoryBytes: Int = 256 << 10, temporaryFolder: String? = nil) {
        self.memoryBytes = max(0, memoryBytes)
        self.temporaryFolder = temporaryFolder
    }

    /// The number of bytes appended.
    public var count: Int { fileLength + pending.count }

    /// Whether the bytes have moved to the temporary file.
    public var isOnDisk: Bool { file != nil }

    /// Appends and returns where the bytes start. When it throws, nothing was appended.
    @discardableResult
    public func append(_ bytes: some Collection<UInt8>) throws -> Int {
        let offset = count
        let before = pending.count
        pending.append(contentsOf: bytes)
        do {
            if file == nil {
                if pending.count > memoryBytes {
                    do {
                        file = try SpillFile(folder: temporaryFolder)
                    } catch let error as SpillError where temporaryFolder == nil {
                        spillFailure = error
                        memoryBytes = .max
                        return offset
                    }
                    try flush()
                }
            } else if pending.count >= Self.flushBytes {
                try flush()
            }
        } catch {
            pending.removeSubrange(before...)
            throw error
        }
        return offset
    }

    /// `count` bytes from `offset`; throws when the range is not inside the log.
    public func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= self.count - count else {
            throw SpillError("cannot read \(count) bytes at \(offset) from a spill log of \(self.count) bytes")
        }
        var result = [UInt8](repeating: 0, count: count)
        let fromFile = max(0, min(count, fileLength - offset))
        if fromFile > 0, let file {
            try result.withUnsafeMutableBytes { bytes in
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[0 ..< fromFile]), at: offset)
            }
        }
        if fromFile < count {
            let start = offset + fromFile - fileLength
            result.replaceSubrange(fromFile ..< count, with: pending[start ..< start + count - fromFile])
        }
        return result
    }

    /// Writes the pending bytes at the end of the file and lets go of them (and of the memory
    /// they held before the switch).
    private func flush() throws {
        guard let file else { return }
        try pending.withUnsafeBytes { bytes in
            try file.write(bytes, at: fileLength)
        }
        fileLength += pending.count
        pending = []
        pending.reserveCapacity(Self.flushBytes)
    }
}

/// An unlinked temporary file, closed when released: `O_TMPFILE` where the file system allows
/// it, else `mkstemp` then `unlink` at once, so no named file outlives the process.
final class SpillFile {
    let descriptor: Int32
    /// The folder the file lives in, for messages.
    let folder: String

    /// `allowUnnamed: false` skips `O_TMPFILE`, so tests can reach the `mkstemp` path.
    /// With no folder, the first of `$TMPDIR`, `/var/tmp` and `/tmp` that takes the file.
    convenience init(folder: String?, allowUnnamed: Bool = true) throws {
        if let folder {
            try self.init(in: folder, allowUnnamed: allowUnnamed)
            return
        }
        var failures: [String] = []
        for candidate in Self.defaultFolders() {
            do {
                try self.init(in: candidate, allowUnnamed: allowUnnamed)
                return
            } catch let error as SpillError {
                failures.append(error.description)
            }
        }
        throw SpillError(failures.joined(separator: "; ") + " (set TMPDIR to a writable folder)")
    }

    private init(in folder: String, allowUnnamed: Bool) throws {
        self.folder = folder
        #if os(Linux)
        if allowUnnamed {
            let descriptor = open(folder, Self.unnamedFileFlag | O_RDWR | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                self.descriptor = descriptor
                return
            }
            let code = errno
            // Only a file system (or kernel) without O_TMPFILE earns the fallback; a missing or
            // unwritable folder is reported as it is.
            guard code == EOPNOTSUPP || code == EISDIR || code == EINVAL else {
                throw SpillError("cannot create a temporary file in", path: folder, code: code)
            }
        }
        #endif
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
        template.append(contentsOf: "reportkit-spill-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw SpillError("cannot create a temporary file in", path: folder, code: errno)
        }
        unlink(template)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        self.descriptor = descriptor
    }

    /// Takes over an open descriptor; for tests that need a file that fails (`/dev/full`).
    init(adopting descriptor: Int32, folder: String) {
        self.descriptor = descriptor
        self.folder = folder
    }

    deinit {
        close(descriptor)
    }

    #if os(Linux)
    /// `O_TMPFILE` is a compound macro Swift does not import: `__O_TMPFILE | O_DIRECTORY`, with
    /// `__O_TMPFILE` = 0o20000000 on the architectures Swift runs on.
    private static let unnamedFileFlag: Int32 = 0o20000000 | O_DIRECTORY
    #endif

    private static func defaultFolders() -> [String] {
        var folders = ["/var/tmp", "/tmp"]
        if let value = getenv("TMPDIR"), value.pointee != 0 {
            let chosen = String(cString: value)
            folders.removeAll { $0 == chosen }
            folders.insert(chosen, at: 0)
        }
        return folders
    }

    /// Writes `length` zero bytes from the start. Written rather than a sparse `ftruncate`: the
    /// blocks are allocated now, so a full disk shows here, and later small writes into cached
    /// pages cost a third as much as writes into holes.
    func fillWithZeros(length: Int) throws {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: min(length, 64 << 10), alignment: 8)
        defer { chunk.deallocate() }
        chunk.initializeMemory(as: UInt8.self, repeating: 0)
        var done = 0
        while done < length {
            let size = min(chunk.count, length - done)
            try write(UnsafeRawBufferPointer(rebasing: chunk[0 ..< size]), at: done)
            done += size
        }
    }

    /// Writes all of `bytes` at `offset`; a short write that makes no progress is an error.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        do {
            try PositionalIO.write(descriptor, bytes, at: offset)
        } catch .system(let code) {
            throw SpillError("cannot write to a temporary file in", path: folder, code: code)
        } catch .stopped(let done) {
            throw SpillError("short write (\(done) of \(bytes.count) bytes) to a temporary file in \(folder)")
        }
    }

    /// Fills `buffer` from `offset`; the file ending early is an error.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        do {
            try PositionalIO.read(descriptor, into: buffer, at: offset)
        } catch .system(let code) {
            throw SpillError("cannot read a temporary file in", path: folder, code: code)
        } catch .stopped(let done) {
            throw SpillError("short read (\(done) of \(buffer.count) bytes) from a temporary file in \(folder)")
        }
    }
}
