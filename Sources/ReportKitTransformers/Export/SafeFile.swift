import Foundation
import ReportKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes that never leave a half-written file under an output's name: the bytes go to a
/// hidden temporary file in the same folder, which is then renamed (or hard-linked, when an
/// existing file must not be replaced, so that the check and the write are one atomic step).
enum SafeFile {
    /// How a finished temporary file becomes the output.
    struct Policy: Sendable {
        /// Replace an output that already exists.
        var replace: Bool
        /// Flush the data to the disk before the rename (survives a power cut, costs time).
        var sync: Bool
        /// Create missing folders on the way to the output.
        var createFolders: Bool
    }

    /// Writes `bytes` to `path` atomically under `policy`.
    static func write(_ bytes: [UInt8], to path: String, policy: Policy) throws {
        let temporary = try openTemporary(beside: path, policy: policy)
        do {
            try temporary.append(bytes)
            try temporary.commit(policy: policy)
        } catch {
            temporary.discard()
            throw error
        }
    }

    /// Opens a new temporary file in `path`'s folder. The folder is made only when the first
    /// attempt finds it missing, so the common case costs one `open`.
    static func openTemporary(beside path: String, policy: Policy) throws -> TemporaryFile {
        let slash = path.utf8.lastIndex(of: 0x2F).map { path.utf8.distance(from: path.utf8.startIndex, to: $0) } ?? -1
        let folder = slash > 0 ? String(path.utf8.prefix(slash))! : "/"
        let name = String(path.utf8.dropFirst(slash + 1))!
        let temporary = folder + "/." + name + temporaryMarker + "\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        if staleSweeps.firstVisit(folder) { removeStaleTemporaries(in: folder) }
        var fd = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if fd < 0 && errno == ENOENT {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
                guard isFolder.boolValue else { throw StepFailureText.notAFolder(folder) }
            } else {
                guard policy.createFolders else { throw StepFailureText.missingFolder(folder) }
                try makeFolders(folder)
            }
            fd = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        }
        if fd < 0 && errno == ENOTDIR { throw StepFailureText.notAFolder(folder) }
        guard fd >= 0 else { throw StepFailureText.cannotWrite(path, reason: lastError()) }
        return TemporaryFile(fd: fd, path: temporary, destination: path)
    }

    /// What every temporary name has between the output's name and `PID-N.tmp`.
    static let temporaryMarker = ".reportkit-"

    /// When this process started working (pinned by the first export step built): a temporary
    /// file with this process's PID but older than this was left by an earlier process that
    /// had the same PID (PIDs repeat, in containers especially).
    static let processStart = Date()

    /// Folders already swept in this process.
    static let staleSweeps = FolderSet()

    /// Removes the temporary files that killed runs left in `folder`: those whose process is
    /// gone, and this PID's from before this process started. A live process's files (a
    /// concurrent run writing into the same folder) are left alone. Best effort: a file that
    /// cannot be removed stays, and the run goes on.
    static func removeStaleTemporaries(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let me = getpid()
        for name in names {
            guard let pid = temporaryOwner(name) else { continue }
            let path = folder + "/" + name
            let stale: Bool
            if pid == me {
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                stale = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9 < processStart.timeIntervalSince1970
            } else {
                stale = kill(pid, 0) != 0 && errno == ESRCH
            }
            if stale { unlink(path) }
        }
    }

    /// The PID in a temporary file's name (`.name.reportkit-PID-N.tmp`), or nil for other names.
    static func temporaryOwner(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp"), let marker = name.range(of: temporaryMarker, options: .backwards) else {
            return nil
        }
        let tail = name[marker.upperBound...].dropLast(4)
        let parts = tail.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, UInt32(parts[1]) != nil, let pid = pid_t(parts[0]), pid > 0 else { return nil }
        return pid
    }

    /// `path` with every symlink resolved, or nil when it does not exist (or a link dangles).
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Linux's `renameat2`, which Swift's Glibc module does not export; looked up once.
    static let renameNoReplace: RenameAt2? = {
        #if os(Linux)
        guard let symbol = dlsym(nil, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
        #else
        return nil
        #endif
    }()

    /// `RENAME_NOREPLACE` from <linux/fs.h>.
    static let renameNoReplaceFlag: UInt32 = 1

    /// `mkdir -p` with the system's reason when it fails (FileManager's messages lose it).
    static func makeFolders(_ path: String) throws {
        if mkdir(path, 0o777) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw StepFailureText.cannotCreateFolder(path, reason: lastError()) }
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty, parent != path else { throw StepFailureText.cannotCreateFolder(path, reason: lastError()) }
        try makeFolders(parent)
        if mkdir(path, 0o777) != 0 && errno != EEXIST { throw StepFailureText.cannotCreateFolder(path, reason: lastError()) }
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }

    static func reason(of error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}

/// A set of folder paths shared by every thread of the process.
final class FolderSet: @unchecked Sendable {
    private let lock = NSLock()
    private var folders: Set<String> = []

    /// True the first time `folder` is given.
    func firstVisit(_ folder: String) -> Bool {
        lock.withLock { folders.insert(folder).inserted }
    }
}

/// An open temporary file that becomes an output on `commit`, or disappears on `discard`.
final class TemporaryFile: @unchecked Sendable {
    private var fd: Int32
    let path: String
    let destination: String
    /// Bytes appended so far.
    private(set) var size = 0
    private var finished = false

    init(fd: Int32, path: String, destination: String) {
        self.fd = fd
        self.path = path
        self.destination = destination
    }

    deinit { discard() }

    /// Appends bytes; a short write (full disk) is an error.
    func append(_ bytes: [UInt8]) throws {
        guard fd >= 0 else { throw StepFailureText.cannotWrite(destination, reason: "the file was already closed") }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StepFailureText.cannotWrite(destination, reason: SafeFile.lastError())
                }
                offset += n
            }
        }
        size += bytes.count
    }

    /// Closes the file and moves it to its destination.
    func commit(policy: SafeFile.Policy) throws {
        if policy.sync, fsync(fd) != 0 {
            let reason = SafeFile.lastError()
            discard()
            throw StepFailureText.cannotWrite(destination, reason: reason)
        }
        let closed = close(fd)
        fd = -1
        finished = true
        // Some file systems report a full disk only when the file is closed.
        if closed != 0 {
            let reason = SafeFile.lastError()
            unlink(path)
            throw StepFailureText.cannotWrite(destination, reason: reason)
        }
        if policy.replace {
            if rename(path, destination) != 0 {
                let reason = SafeFile.lastError()
                unlink(path)
                throw StepFailureText.cannotWrite(destination, reason: reason)
            }
            return
        }
        // Rename only if nothing is there, in one step; file systems without it fall back to a hard link.
        if let renameNoReplace = SafeFile.renameNoReplace {
            if renameNoReplace(AT_FDCWD, path, AT_FDCWD, destination, SafeFile.renameNoReplaceFlag) == 0 { return }
            if errno == EEXIST { unlink(path); throw StepFailureText.exists(destination) }
        }
        if link(path, destination) == 0 {
            unlink(path)
            return
        }
        let linkError = errno
        if linkError == EEXIST { unlink(path); throw StepFailureText.exists(destination) }
        // File systems without hard links: check, then rename (not atomic, but never silent).
        if access(destination, F_OK) == 0 { unlink(path); throw StepFailureText.exists(destination) }
        if rename(path, destination) != 0 {
            let reason = SafeFile.lastError()
            unlink(path)
            throw StepFailureText.cannotWrite(destination, reason: reason)
        }
    }

    /// `count` bytes written earlier, from `offset`.
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard fd >= 0, offset >= 0, count >= 0, offset + count <= size else {
            throw StepFailureText.cannotWrite(destination, reason: "the temporary file \(path) could not be read back")
        }
        var bytes = [UInt8](repeating: 0, count: count)
        do {
            try bytes.withUnsafeMutableBytes { try PositionalIO.read(fd, into: $0, at: offset) }
        } catch {
            let reason = (error as? PositionalIO.Failure)?.reason ?? "\(error)"
            throw StepFailureText.cannotWrite(destination, reason: "the temporary file \(path) could not be read back: \(reason)")
        }
        return bytes
    }

    /// Closes and removes the temporary file (a no-op once committed).
    func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if !finished {
            unlink(path)
            finished = true
        }
    }
}

/// Every message export writes about files, in one place.
enum StepFailureText {
    static func exists(_ path: String) -> StepFailure {
        StepFailure("\(path) already exists; set 'overwrite: true' on the export step or run with --force to replace it")
    }
    static func cannotWrite(_ path: String, reason: String) -> StepFailure {
        StepFailure("could not write \(path): \(reason); nothing was written")
    }
    static func missingFolder(_ path: String) -> StepFailure {
        StepFailure("the output folder \(path) does not exist (create it, or set 'create-folders: true')")
    }
    static func notAFolder(_ path: String) -> StepFailure {
        StepFailure("\(path) is a file, not a folder; the output cannot be written inside it")
    }
    static func cannotCreateFolder(_ path: String, reason: String) -> StepFailure {
        StepFailure("could not create the output folder \(path): \(reason)")
    }
    static func symlinkOut(_ path: String, to resolved: String?, root: String) -> StepFailure {
        let whereTo = resolved.map { "to \($0)" } ?? "to nothing"
        return StepFailure("\(path) is a symbolic link \(whereTo), outside the output folder \(root); reportkit does not write through links that leave the output folder")
    }
    static func input(_ path: String) -> StepFailure {
        StepFailure("refusing to write \(path): it is one of this run's inputs")
    }
    static func collision(_ path: String, first: String, second: String) -> StepFailure {
        StepFailure("reports '\(first)' and '\(second)' would both be written to \(path); the second was not written (put a distinguishing field such as {{id}} in 'path')")
    }
}
