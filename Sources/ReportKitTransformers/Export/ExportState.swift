import Foundation
import ReportKit

/// What one export step shares across the reports of a run: the paths already claimed, the
/// open batch files, and the gathered review pages. The runner may call `transform` from
/// several threads at once, so every access goes through the lock.
final class ExportState: @unchecked Sendable {
    private let lock = NSLock()
    /// Output path → the report that claimed it in this run.
    private var claims: [String: String] = [:]
    /// Output path → the temporary file gathering it.
    private var batches: [String: TemporaryFile] = [:]
    /// Batch paths that failed to open, with why, so later reports get the same message at once.
    private var failedBatches: [String: StepFailure] = [:]
    /// Output path → the review contexts of its reports, in arrival order.
    private var reviews: [String: [[String: Any]]] = [:]
    private var reviewOrder: [String] = []
    /// Output folder → the same folder with symlinks resolved, for the input check.
    private var resolvedFolders: [String: String] = [:]

    /// `path` with its folder's symlinks resolved (each folder resolved once per run).
    func resolvedFolder(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let resolved = lock.withLock { resolvedFolders[folder] } ?? {
            let value = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            lock.withLock { resolvedFolders[folder] = value }
            return value
        }()
        return (resolved == "/" ? "" : resolved) + "/" + url.lastPathComponent
    }

    /// Claims `path` for `reportID`; throws when another report of this run already has it.
    func claim(_ path: String, by reportID: String) throws {
        try lock.withLock {
            if let owner = claims[path] { throw StepFailureText.collision(path, first: owner, second: reportID) }
            claims[path] = reportID
        }
    }

    /// Appends bytes to the batch file for `target`, opening it (with `header`) on first use.
    /// An existing output that may not be replaced is reported now, not after the whole run.
    func append(_ bytes: [UInt8], to target: String, header: String?, policy: SafeFile.Policy) throws {
        try lock.withLock {
            if let failure = failedBatches[target] { throw failure }
            let file: TemporaryFile
            if let open = batches[target] {
                file = open
            } else {
                do {
                    if !policy.replace, FileManager.default.fileExists(atPath: target) { throw StepFailureText.exists(target) }
                    file = try SafeFile.openTemporary(beside: target, policy: policy)
                    if let header { try file.append(Array(header.utf8)) }
                } catch let failure as StepFailure {
                    failedBatches[target] = failure
                    throw failure
                }
                batches[target] = file
            }
            do {
                try file.append(bytes)
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
                    try batches[path]!.commit(policy: policy)
                } catch {
                    batches[path]!.discard()
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
            claims = [:]
            for file in batches.values { file.discard() }
            batches = [:]
            failedBatches = [:]
            resolvedFolders = [:]
            reviews = [:]
            reviewOrder = []
        }
    }
}
