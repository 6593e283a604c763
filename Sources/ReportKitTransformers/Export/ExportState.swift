import Foundation
import HeapModule
import ReportKit

/// What one export step shares across the reports of a run: the paths already claimed, the
/// open batch files, and the gathered review pages. The runner may call `transform` from
/// several threads at once, so every access goes through the lock.
final class ExportState: @unchecked Sendable {
    private let lock = NSLock()
    /// Output path → where the id of the report that claimed it sits in `claimants`
    /// (offset << 20 | length). Both spill to temporary files past a size, so a run of a
    /// million reports holds no more in memory than a run of a thousand.
    private var claims: FingerprintTable
    private var claimants: SpillLog
    /// Claims held in memory before the table moves to a temporary file (small in tests).
    private let claimsInMemory: Int
    /// Output path → the temporary file gathering it, with where each row sits in it.
    private var batches: [String: GatheredBatch] = [:]
    /// Rows added so far, across batch files: breaks ties between rows without an index.
    private var arrivals = 0
    /// Folders below an output folder already checked for symlinks leading out of it.
    private var checkedFolders: Set<String> = []
    /// Output folder → the same folder with symlinks resolved (nil: it does not exist yet).
    private var resolvedRoots: [String: String?] = [:]
    /// Batch paths that failed to open, with why, so later reports get the same message at once.
    private var failedBatches: [String: StepFailure] = [:]
    /// Output path → the review contexts of its reports, in arrival order.
    private var reviews: [String: [[String: Any]]] = [:]
    private var reviewOrder: [String] = []
    /// Output folder → the same folder with symlinks resolved, for the input check.
    private var resolvedFolders: [String: String] = [:]

    init(claimsInMemory: Int = SpillSettings.tableEntries) {
        self.claimsInMemory = claimsInMemory
        claims = FingerprintTable(memoryEntries: claimsInMemory)
        claimants = SpillLog(memoryBytes: claimsInMemory * 16)
    }

    /// `path` with its folder's symlinks resolved (each folder resolved once per run).
    func resolvedFolder(of path: String) -> String {
        let folder: String, name: String
        // Output paths arrive absolute and standard, so they split on their last slash;
        // others take the trip through `URL`, which costs microseconds a report.
        if PathName.isStandardAbsolute(path), let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
            folder = slash == path.utf8.startIndex ? "/" : String(path[..<slash])
            name = String(path[path.utf8.index(after: slash)...])
        } else {
            let url = URL(fileURLWithPath: path)
            folder = url.deletingLastPathComponent().path
            name = url.lastPathComponent
        }
        let resolved = lock.withLock { resolvedFolders[folder] } ?? {
            let value = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            lock.withLock { resolvedFolders[folder] = value }
            return value
        }()
        return (resolved == "/" ? "" : resolved) + "/" + name
    }

    /// Claims `path` for `reportID`; throws when another report of this run already has it.
    func claim(_ path: String, by reportID: String) throws {
        try lock.withLock {
            do {
                let id = Array(reportID.utf8.prefix(Self.maxClaimantBytes))
                let offset = try claimants.append(id)
                if let owner = try claims.insert(path, value: UInt64(offset) << 20 | UInt64(id.count)) {
                    let first = try claimants.read(at: Int(owner >> 20), count: Int(owner & 0xFFFFF))
                    throw StepFailureText.collision(path, first: String(decoding: first, as: UTF8.self), second: reportID)
                }
            } catch let error as SpillError {
                throw StepFailure("cannot keep track of the paths written in this run: \(error)")
            }
        }
    }

    /// Report ids are kept up to this many bytes for the collision message (the length has 20 bits).
    private static let maxClaimantBytes = 4096

    /// Appends one row (the report at input position `order`) to the batch file for `target`,
    /// opening it (with `header`) on first use. Rows are written as they come and put back in
    /// input order when the file is committed. An existing output that may not be replaced is
    /// reported now, not after the whole run.
    func append(_ bytes: [UInt8], to target: String, header: String?, order: Int?, policy: SafeFile.Policy) throws {
        try lock.withLock {
            if let failure = failedBatches[target] { throw failure }
            let file: TemporaryFile
            if let open = batches[target] {
                file = open.file
            } else {
                do {
                    if !policy.replace, FileManager.default.fileExists(atPath: target) { throw StepFailureText.exists(target) }
                    file = try SafeFile.openTemporary(beside: target, policy: policy)
                    if let header { try file.append(Array(header.utf8)) }
                } catch let failure as StepFailure {
                    failedBatches[target] = failure
                    throw failure
                }
                batches[target] = GatheredBatch(file: file, headerBytes: file.size)
            }
            do {
                let offset = file.size
                try file.append(bytes)
                arrivals += 1
                try batches[target]!.add(GatheredBatch.Row(order: order ?? Int.max, arrival: arrivals, offset: offset, length: bytes.count))
            } catch let failure as StepFailure {
                // A batch file with a failed write is incomplete: drop it rather than commit it.
                file.discard()
                batches[target] = nil
                failedBatches[target] = failure
                throw failure
            }
        }
    }

    func addReview(_ context: [String: Any], to path: String) {
        lock.withLock {
            if reviews[path] == nil { reviewOrder.append(path) }
            reviews[path, default: []].append(context)
        }
    }

    /// The gathered review pages, by path, and forgets them.
    func takeReviews() -> [(String, [[String: Any]])] {
        lock.withLock {
            defer { reviews = [:]; reviewOrder = [] }
            return reviewOrder.map { ($0, reviews[$0]!) }
        }
    }

    /// Moves every batch file into place; returns the problems (the files that failed are removed).
    func commitBatches(policy: SafeFile.Policy) -> [String] {
        lock.withLock {
            var problems = failedBatches.keys.sorted().map { "\($0) was not written: \(failedBatches[$0]!.message)" }
            for path in batches.keys.sorted() {
                do {
                    try batches[path]!.commitInOrder(policy: policy)
                } catch {
                    batches[path]!.file.discard()
                    problems.append(PipelineRunnerMessage.text(error))
                }
            }
            batches = [:]
            return problems
        }
    }

    /// Forgets the run, so the same step can run again.
    func reset() {
        lock.withLock {
            claims = FingerprintTable(memoryEntries: claimsInMemory)
            claimants = SpillLog(memoryBytes: claimsInMemory * 16)
            for batch in batches.values { batch.file.discard() }
            checkedFolders = []
            resolvedRoots = [:]
            batches = [:]
            failedBatches = [:]
            resolvedFolders = [:]
            reviews = [:]
            reviewOrder = []
        }
    }

    /// Refuses a target that a symlink would lead out of the output folder `root`: a linked
    /// folder on the way, or a link in the target's own place. Links inside the folder, and
    /// the output folder itself being a link, are allowed. Checked folders are remembered for
    /// the run; the target's own entry is checked every time.
    func checkNoSymlinkOut(_ target: String, root: String) throws {
        let resolvedRoot: String? = lock.withLock {
            if let known = resolvedRoots[root] { return known }
            let value = SafeFile.realPath(root)
            resolvedRoots[root] = value
            return value
        }
        // A missing output folder is created by the write, with no link in it.
        guard let resolvedRoot else { return }
        let headBytes = root == "/" ? 1 : root.utf8.count + 1
        guard target.utf8.count > headBytes else { return }
        let relative = target.utf8.dropFirst(headBytes)
        var folder = root == "/" ? "" : root
        let parts = relative.split(separator: 0x2F)
        for (index, part) in parts.enumerated() {
            let path = folder + "/" + String(decoding: part, as: UTF8.self)
            let isLast = index == parts.count - 1
            if !isLast, lock.withLock({ checkedFolders.contains(path) }) { folder = path; continue }
            var info = stat()
            if lstat(path, &info) != 0 { return }  // nothing there yet: the write creates real folders
            if (info.st_mode & S_IFMT) == S_IFLNK {
                let resolved = SafeFile.realPath(path)
                guard let resolved, resolved == resolvedRoot || resolved.hasPrefix(resolvedRoot == "/" ? "/" : resolvedRoot + "/") else {
                    throw StepFailureText.symlinkOut(path, to: resolved, root: root)
                }
            }
            if !isLast { lock.withLock { _ = checkedFolders.insert(path) } }
            folder = path
        }
    }
}

/// A batch file being gathered, and where each report's row sits in it. Rows are written as
/// they arrive; their places are kept in a ``SpillLog`` (32 bytes a row, on disk past a few
/// kilobytes), so a batch file of a million rows costs no more memory than one of a thousand.
struct GatheredBatch {
    struct Row: Comparable {
        /// The report's input position (`Int.max` when unknown), then its arrival.
        var order: Int
        var arrival: Int
        var offset: Int
        var length: Int

        static func < (a: Row, b: Row) -> Bool { (a.order, a.arrival) < (b.order, b.arrival) }
        static func == (a: Row, b: Row) -> Bool { (a.order, a.arrival) == (b.order, b.arrival) }
    }

    let file: TemporaryFile
    /// Bytes of the header at the start of the file.
    let headerBytes: Int
    /// Each row's four fields, little-endian, in arrival order.
    private let rows = SpillLog(memoryBytes: 16 << 10)
    private var rowCount: Int { rows.count / Self.rowBytes }
    private var last: Row?
    /// Whether the rows arrived in input order so far (then the file needs no rewrite).
    private(set) var inOrder = true

    /// Rows held at once while putting the file in order. Rows arrive at most a few dozen
    /// places from their own (the runner keeps at most 8 × jobs reports in flight), so a heap
    /// this size puts them back in order in one pass; when a row is farther out than that,
    /// the rows are sorted in memory instead.
    static let reorderWindow = 4_096
    private static let rowBytes = 32

    init(file: TemporaryFile, headerBytes: Int) {
        self.file = file
        self.headerBytes = headerBytes
    }

    mutating func add(_ row: Row) throws {
        var record: [UInt8] = []
        record.reserveCapacity(Self.rowBytes)
        for field in [row.order, row.arrival, row.offset, row.length] {
            withUnsafeBytes(of: Int64(field).littleEndian) { record.append(contentsOf: $0) }
        }
        do {
            try rows.append(record)
        } catch {
            throw StepFailureText.cannotWrite(file.destination, reason: "\(error)")
        }
        if let last, last > row { inOrder = false }
        last = row
    }

    /// Moves the file into place with its rows in input order. Rows that came out of order
    /// (parallel workers) are copied, in order, into a second temporary file first.
    func commitInOrder(policy: SafeFile.Policy, window: Int = reorderWindow) throws {
        if inOrder {
            try file.commit(policy: policy)
            return
        }
        do {
            if try !copyInOrder(policy: policy, window: window) {
                // A row beyond the window: sort them all (only the row places, 32 bytes each).
                _ = try copyInOrder(policy: policy, window: rowCount)
            }
        } catch {
            file.discard()
            throw error
        }
        file.discard()
    }

    /// Copies the rows in order through a heap of `window` rows; false (and nothing kept) when
    /// a row turns out to belong before one already copied.
    private func copyInOrder(policy: SafeFile.Policy, window: Int) throws -> Bool {
        let copy = try SafeFile.openTemporary(beside: file.destination, policy: policy)
        do {
            var output = try file.read(at: 0, count: headerBytes)
            var heap = Heap<Row>()
            var previous: Row?
            func emit(_ row: Row) throws -> Bool {
                if let previous, row < previous { return false }
                previous = row
                output += try file.read(at: row.offset, count: row.length)
                if output.count >= 1 << 20 {
                    try copy.append(output)
                    output.removeAll(keepingCapacity: true)
                }
                return true
            }
            var position = 0
            while position < rowCount {
                let chunk = min(rowCount - position, 2_048)
                let bytes = try rows.read(at: position * Self.rowBytes, count: chunk * Self.rowBytes)
                for index in 0 ..< chunk {
                    heap.insert(Self.row(in: bytes, at: index * Self.rowBytes))
                    if heap.count > window, try !emit(heap.removeMin()) {
                        copy.discard()
                        return false
                    }
                }
                position += chunk
            }
            while let row = heap.popMin() {
                if try !emit(row) {
                    copy.discard()
                    return false
                }
            }
            try copy.append(output)
            try copy.commit(policy: policy)
            return true
        } catch let error as SpillError {
            copy.discard()
            throw StepFailureText.cannotWrite(file.destination, reason: "\(error)")
        } catch {
            copy.discard()
            throw error
        }
    }

    private static func row(in bytes: [UInt8], at start: Int) -> Row {
        func field(_ index: Int) -> Int {
            var value: Int64 = 0
            for byte in 0 ..< 8 { value |= Int64(bytes[start + index * 8 + byte]) << (8 * Int64(byte)) }
            return Int(value)
        }
        return Row(order: field(0), arrival: field(1), offset: field(2), length: field(3))
    }
}
