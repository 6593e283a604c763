import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files without trusting them: only regular files, and never more than a
/// limit, so that a FIFO, a device such as `/dev/zero`, or a file that grows while it is
/// read cannot hang the program or fill its memory.
public enum BoundedFile {
    /// Why a file was not read.
    public enum Failure: Error, Sendable, Equatable {
        case missing
        case directory
        /// A device, FIFO or socket.
        case notRegular
        case unreadable
        /// Larger than the limit; the size when it was known before reading.
        case tooLarge(Int?)
    }

    /// The file's bytes (following symlinks), or a `Failure`.
    /// A `Failure` reads as a short reason (`is not a regular file…`) in messages.
    public static func read(path: String, maxBytes: Int) throws -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else { throw errno == EACCES ? Failure.unreadable : Failure.missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Failure.directory
        default: throw Failure.notRegular
        }
        if Int(info.st_size) > maxBytes { throw Failure.tooLarge(Int(info.st_size)) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.unreadable }
        defer { try? handle.close() }
        // One byte more than allowed tells a file that grew since stat() from one that fits.
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw Failure.unreadable
        }
        if data.count > maxBytes { throw Failure.tooLarge(nil) }
        return data
    }
}

extension BoundedFile.Failure: LocalizedError, CustomStringConvertible {
    public var description: String {
        switch self {
        case .missing: return "no such file"
        case .directory: return "is a directory, not a file"
        case .notRegular: return "is not a regular file (a device, FIFO or socket)"
        case .unreadable: return "cannot be read (permission denied?)"
        case .tooLarge(let size): return "is \(size.map { "\($0) bytes" } ?? "larger than the limit"), over the size limit"
        }
    }

    public var errorDescription: String? { description }
}
