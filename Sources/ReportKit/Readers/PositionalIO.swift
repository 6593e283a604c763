import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole reads and writes at a file position, retried on `EINTR` and on partial transfers,
/// so that callers only name what failed.
public enum PositionalIO {
    public enum Failure: Error, Equatable {
        /// The system call failed with this `errno`.
        case system(Int32)
        /// The file ended (read) or took nothing more (write) after `done` of the bytes.
        case stopped(done: Int)

        /// For a message: the system's words, or how far it got.
        public var reason: String {
            switch self {
            case .system(let code): return String(cString: strerror(code))
            case .stopped(let done): return "stopped after \(done) bytes"
            }
        }
    }

    /// Fills `buffer` from `offset`.
    public static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(Failure) {
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if got > 0 {
                done += got
            } else if got < 0 {
                if errno == EINTR { continue }
                throw .system(errno)
            } else {
                throw .stopped(done: done)
            }
        }
    }

    /// Writes all of `bytes` at `offset`.
    public static func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) throws(Failure) {
        var done = 0
        while done < bytes.count {
            let written = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if written > 0 {
                done += written
            } else if written < 0 {
                if errno == EINTR { continue }
                throw .system(errno)
            } else {
                throw .stopped(done: done)
            }
        }
    }
}
