import Foundation
import ReportKit

/// Buffered writes to a file descriptor (standard output), whole lines at a time.
///
/// A closed pipe (EPIPE: `reportkit run … | head`) stops the run quietly through the
/// cancellation instead of killing the process; SIGPIPE is ignored for that (see
/// `InterruptWatcher`).
final class OutputWriter {
    let fileDescriptor: Int32
    let cancellation: RunCancellation
    private var buffer: [UInt8] = []
    /// Write out once this much is buffered, even if more results are ready.
    static let flushThreshold = 64 << 10

    struct Closed: Error, CustomStringConvertible {
        var description: String { "the output was closed" }
    }

    init(fileDescriptor: Int32, cancellation: RunCancellation) {
        self.fileDescriptor = fileDescriptor
        self.cancellation = cancellation
        buffer.reserveCapacity(Self.flushThreshold * 2)
    }

    func write(_ data: Data) throws {
        buffer.append(contentsOf: data)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20) }
        try buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    if errno == EPIPE {
                        cancellation.cancel(.outputClosed)
                        throw Closed()
                    }
                    throw ReadError(path: "standard output", "write failed: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }
}
