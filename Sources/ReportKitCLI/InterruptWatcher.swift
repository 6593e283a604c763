import Foundation
import ReportKit

/// Turns SIGINT and SIGTERM into a clean stop of the run, and ignores SIGPIPE so that a
/// closed output pipe is an EPIPE error that `OutputWriter` handles.
///
/// The signal handler only bumps a counter (all a handler may safely do); a watcher thread
/// sees it and cancels the run. A second SIGINT ends the process at once.
final class InterruptWatcher: @unchecked Sendable {
    /// Signals received; written only by the handler, read by the watcher.
    nonisolated(unsafe) static let received: UnsafeMutablePointer<Int32> = {
        let pointer = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return pointer
    }()

    private let lock = NSLock()
    private var running = true

    static func start(_ cancellation: RunCancellation) -> InterruptWatcher {
        _ = received  // initialize before any handler can run
        received.pointee = 0
        signal(SIGPIPE, SIG_IGN)
        // A parent may have spawned us with these blocked (a thread pool's mask is inherited);
        // unblock them here, before the run's threads are made, so they inherit this mask.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in [SIGINT, SIGTERM, SIGPIPE] { sigaddset(&unblock, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        let handler: @convention(c) (Int32) -> Void = { _ in
            InterruptWatcher.received.pointee += 1
            if InterruptWatcher.received.pointee > 1 { _exit(ExitStatus.interrupted) }
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        let watcher = InterruptWatcher()
        let thread = Thread {
            while watcher.isRunning {
                if received.pointee > 0 { cancellation.cancel(.interrupted) }
                usleep(20_000)
            }
        }
        thread.name = "reportkit-signals"
        thread.start()
        return watcher
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    /// Stops watching and gives SIGINT and SIGTERM their default action back.
    func stop() {
        lock.lock()
        running = false
        lock.unlock()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
