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

    /// Writes `bytes` to `url` atomically under `policy`.
    static func write(_ bytes: [UInt8], to url: URL, policy: Policy) throws {
        let temporary = try openTemporary(beside: url, policy: policy)
        do {
            try temporary.append(bytes)
            try temporary.commit(policy: policy)
        } catch {
            temporary.discard()
            throw error
        }
    }

    /// Opens a new temporary file in `url`'s folder, creating the folder when allowed.
    static func openTemporary(beside url: URL, policy: Policy) throws -> TemporaryFile {
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw StepFailureText.notAFolder(folder.path) }
        } else {
            guard policy.createFolders else { throw StepFailureText.missingFolder(folder.path) }
            try makeFolders(folder.path)
        }
        let name = "." + url.lastPathComponent + ".reportkit-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let path = folder.appendingPathComponent(name).path
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw StepFailureText.cannotWrite(url.path, reason: lastError()) }
        return TemporaryFile(fd: fd, path: path, destination: url.path)
    }

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
    static func input(_ path: String) -> StepFailure {
        StepFailure("refusing to write \(path): it is one of this run's inputs")
    }
    static func collision(_ path: String, first: String, second: String) -> StepFailure {
        StepFailure("reports '\(first)' and '\(second)' would both be written to \(path); the second was not written (put a distinguishing field such as {{id}} in 'path')")
    }
}
