import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How to start a plugin program and how far to trust it.
public struct PluginCommand: Sendable, Equatable {
    /// The program and its arguments. A program with a `/` is resolved against `workingDirectory`;
    /// a bare name is looked up on `PATH`.
    public var arguments: [String]
    /// The folder the plugin runs in (the pipeline file's folder).
    public var workingDirectory: URL
    /// Longest wait for the answer to one report, in seconds.
    public var timeout: Double
    /// Longest wait for a new child's describe answer, in seconds: start-up may load models or data.
    public var startTimeout: Double
    /// Longest answer line accepted, in bytes; a longer one is an error and the child is restarted.
    public var maxLineBytes: Int
    /// Whether the plugin's stderr is copied to ours, each line prefixed with the plugin's name.
    public var forwardStderr: Bool
    /// The name used in messages (the step or declaration name).
    public var name: String

    public init(name: String, arguments: [String], workingDirectory: URL, timeout: Double = 30, startTimeout: Double = 60,
                maxLineBytes: Int = 64 << 20, forwardStderr: Bool = true) {
        self.name = name
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.startTimeout = startTimeout
        self.maxLineBytes = maxLineBytes
        self.forwardStderr = forwardStderr
    }

    /// The command line as the user would type it, for messages.
    public var display: String {
        arguments.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " ")
    }
}

/// Why a plugin could not answer. Every case leaves the child dead and reaped.
public enum PluginFailure: Error, Sendable, CustomStringConvertible {
    /// The program could not be started (not found, not executable).
    case cannotStart(String)
    /// The child ended (exit or signal) before it finished an answer.
    case exited(String, partialLine: Bool, stderrTail: String)
    case timedOut(Double, stderrTail: String)
    case lineTooLong(Int)
    /// The answer was not what the protocol allows (invalid JSON, wrong type, wrong version, wrong id).
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .cannotStart(let why): return "could not start: \(why)"
        case .exited(let how, let partial, let tail):
            let what = partial ? "\(how) in the middle of an answer (half a line)" : "\(how) before answering"
            return what + Self.tail(tail)
        case .timedOut(let seconds, let tail):
            return "no answer within \(Self.seconds(seconds)) (timeout); the plugin was stopped" + Self.tail(tail)
        case .lineTooLong(let limit):
            return "answer longer than \(limit) bytes (limit); the plugin was stopped"
        case .protocolViolation(let why): return why
        }
    }

    static func tail(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : "; its last stderr: \(trimmed)"
    }

    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(value))s" : String(format: "%.3gs", value)
    }
}

/// One running plugin child with pipes to its stdin, stdout and stderr.
///
/// Not thread-safe: `PluginPool` hands each child to one caller at a time. Every wait
/// polls stdin, stdout and stderr together, so a child that writes stderr without end,
/// or writes while it is still reading, can never deadlock the host.
final class PluginProcess {
    let command: PluginCommand
    private(set) var pid: pid_t = 0
    private var stdinFD: Int32 = -1
    private var stdoutFD: Int32 = -1
    private var stderrFD: Int32 = -1
    /// Stdout bytes read past the last answer line.
    private var pending: [UInt8] = []
    /// The last bytes of stderr, kept for error messages.
    private var stderrTail: [UInt8] = []
    private var stderrLine: [UInt8] = []
    private var forwardedStderrBytes = 0
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    /// How long answers have been taking (smoothed). While a child answers faster than
    /// `spinSeconds`, the host polls for the answer without sleeping: waking a sleeping thread
    /// (on a virtual machine especially) took longer than a quick plugin takes to answer.
    private var typicalAnswerSeconds = 0.0
    static let spinSeconds = 0.000_25
    /// False once the child has failed; it must then be stopped, not reused.
    private(set) var isHealthy = true

    static let stderrTailBytes = 2048
    static let maxForwardedStderrBytes = 1 << 20

    init(_ command: PluginCommand) throws {
        self.command = command
        try spawn()
    }

    deinit { forceStop() }

    // MARK: Starting

    // Both are GNU extensions the Swift Glibc module does not export; glibc has had them for years.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private static let addChdir: AddChdir? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChdir.self) }
    private static let pipe2: Pipe2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }

    /// A pipe whose ends close on exec, so no other child inherits them (which would hide EOF).
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        if let pipe2 { return fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress!, O_CLOEXEC) } == 0 }
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private func spawn() throws {
        guard let program = command.arguments.first, !program.isEmpty else {
            throw PluginFailure.cannotStart("the command is empty")
        }
        var resolved = program
        if program.contains("/") && !program.hasPrefix("/") {
            resolved = command.workingDirectory.appendingPathComponent(program).standardizedFileURL.path
        }
        guard let addChdir = Self.addChdir else {
            throw PluginFailure.cannotStart("this C library cannot start a program in another folder (needs glibc 2.29+)")
        }
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard Self.makePipe(&input) else { throw PluginFailure.cannotStart("pipe: \(Self.errnoText())") }
        guard Self.makePipe(&output) else {
            close(input[0]); close(input[1])
            throw PluginFailure.cannotStart("pipe: \(Self.errnoText())")
        }
        guard Self.makePipe(&errors) else {
            [input[0], input[1], output[0], output[1]].forEach { close($0) }
            throw PluginFailure.cannotStart("pipe: \(Self.errnoText())")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        _ = addChdir(&actions, command.workingDirectory.path)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a timeout stops the plugin and anything it started;
        // default SIGPIPE and an empty mask, whatever the host has set.
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = command.arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = resolved.withCString { path in
            argv.withUnsafeBufferPointer { args in
                posix_spawnp(&child, path, &actions, &attributes, args.baseAddress!, environ)
            }
        }
        close(input[0]); close(output[1]); close(errors[1])
        guard status == 0 else {
            close(input[1]); close(output[0]); close(errors[0])
            isHealthy = false
            let why = status == ENOENT ? "no program '\(program)' (looked in \(program.contains("/") ? resolved : "PATH"))"
                : "\(program): \(String(cString: strerror(status)))"
            throw PluginFailure.cannotStart(why)
        }
        pid = child
        stdinFD = input[1]
        stdoutFD = output[0]
        stderrFD = errors[0]
        for fd in [stdinFD, stdoutFD, stderrFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    // MARK: Talking

    /// Why a pipelined exchange stopped: `failure` belongs to request `index`. The requests
    /// before it were answered; the ones after it were not, and the child is stopped.
    struct ExchangeFailure: Error {
        var index: Int
        var failure: PluginFailure
    }

    /// Writes one request line and waits for one answer line (without its newline).
    func exchange(_ request: [UInt8], timeout: Double? = nil) throws -> ArraySlice<UInt8> {
        var answer: ArraySlice<UInt8> = []
        do {
            try exchange([request], timeout: timeout) { _, line, _ in answer = ArraySlice(Array(line)) }
        } catch let error as ExchangeFailure {
            throw error.failure
        }
        return answer
    }

    /// Writes request lines while it reads their answers, handing each answer line to
    /// `answer(k, line, seconds)` in order as it arrives. Throws only `ExchangeFailure`.
    ///
    /// Several requests are in flight at once: a plugin answers in the order it reads, so
    /// the host need not wait for one answer before sending the next request, and a quick
    /// plugin reads the next request without sleeping in between. Writing and reading go on
    /// together in one poll loop: a plugin blocked on its full stdout stops reading, so
    /// writing everything first could deadlock. Request k's `timeout` (and `seconds`) runs
    /// from when the plugin could start on it: the answer before it, or the start. An error
    /// thrown by `answer` is a protocol violation of request k and stops the child.
    func exchange(_ requests: [[UInt8]], timeout: Double? = nil,
                  answer: (Int, ArraySlice<UInt8>, Double) throws -> Void) throws {
        guard isHealthy, pid > 0 else {
            throw ExchangeFailure(index: 0, failure: .protocolViolation("the plugin is not running"))
        }
        let limit = timeout ?? command.timeout
        // Writing to a plugin that died must be an error here, not a SIGPIPE that kills the host.
        // Blocking it in this thread only leaves the process's own handling (e.g. `| head`) alone.
        var sigpipe = sigset_t(), previousMask = sigset_t()
        sigemptyset(&sigpipe)
        sigaddset(&sigpipe, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &sigpipe, &previousMask)
        var sawBrokenPipe = false
        defer {
            if sawBrokenPipe {
                var pending = sigset_t()
                sigpending(&pending)
                if sigismember(&pending, SIGPIPE) == 1 {
                    var now = timespec()
                    _ = sigtimedwait(&sigpipe, nil, &now)
                }
            }
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        }
        var writing = 0          // the request being written; those before it are written whole
        var writtenOfRequest = 0
        var answered = 0
        var clockStart = Self.now()  // when the plugin could start on request `answered`
        var scanFrom = 0
        var fds = [pollfd](repeating: pollfd(), count: 3)
        func failed(_ failure: PluginFailure) -> ExchangeFailure {
            ExchangeFailure(index: answered, failure: fail(failure))
        }

        while true {
            // Every whole answer line that has arrived.
            var consumed = 0
            while answered < requests.count,
                  let newline = pending[scanFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[consumed..<newline]
                if writing <= answered {
                    let preview = String(decoding: line.prefix(120), as: UTF8.self)
                    throw failed(.protocolViolation("answered before it had read the whole request: \(preview)"))
                }
                let now = Self.now()
                let seconds = now - clockStart
                do {
                    try answer(answered, line, seconds)
                } catch let failure as PluginFailure {
                    throw failed(failure)
                } catch {
                    throw failed(.protocolViolation("\(error)"))
                }
                typicalAnswerSeconds = 0.75 * typicalAnswerSeconds + 0.25 * seconds
                answered += 1
                clockStart = now
                consumed = newline + 1
                scanFrom = consumed
            }
            // Anything after the last answer belongs to no request yet; it is checked with the next one.
            if consumed > 0 { pending.removeSubrange(..<consumed) }
            if answered == requests.count { return }
            scanFrom = pending.count
            if pending.count > command.maxLineBytes { throw failed(.lineTooLong(command.maxLineBytes)) }

            // As much of the requests as the pipe takes now.
            while writing < requests.count {
                let request = requests[writing]
                let n = request.withUnsafeBytes { write(stdinFD, $0.baseAddress! + writtenOfRequest, request.count - writtenOfRequest) }
                if n > 0 {
                    writtenOfRequest += n
                    if writtenOfRequest == request.count { writing += 1; writtenOfRequest = 0 }
                } else if n < 0 && errno == EPIPE {
                    sawBrokenPipe = true
                    // It closed its input: it is exiting; its output and status tell why.
                    close(stdinFD); stdinFD = -1
                    writing = requests.count
                } else if n < 0 && errno == EINTR {
                    continue
                } else if n < 0 && errno != EAGAIN {
                    throw failed(.protocolViolation("writing to the plugin: \(Self.errnoText())"))
                } else {
                    break
                }
            }

            let now = Self.now()
            let remaining = clockStart + limit - now
            if remaining <= 0 {
                drainAvailableStderr()
                throw failed(.timedOut(limit, stderrTail: stderrText()))
            }
            var count = 0
            if writing < requests.count { fds[count] = pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0); count += 1 }
            fds[count] = pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0); count += 1
            if stderrFD >= 0 { fds[count] = pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0); count += 1 }
            let spinning = writing == requests.count && typicalAnswerSeconds < Self.spinSeconds
                && now - clockStart < Self.spinSeconds
            let ready = poll(&fds, nfds_t(count), spinning ? 0 : Int32(min(remaining * 1000 + 1, 60_000)))
            if ready < 0 {
                if errno == EINTR { continue }
                throw failed(.protocolViolation("poll: \(Self.errnoText())"))
            }
            if ready == 0 {
                // Spinning: let the plugin have this core if it is waiting for one (two cores,
                // two jobs and two children is the common case).
                if spinning { sched_yield() }
                continue
            }
            for index in 0..<count where fds[index].revents != 0 {
                let fd = fds[index].fd
                if fd == stderrFD {
                    drainStderr()
                } else if fd == stdoutFD {
                    let n = chunk.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress, $0.count) }
                    if n > 0 {
                        pending.append(contentsOf: chunk[0..<n])
                    } else if n == 0 {
                        throw failed(.exited(waitForExit(), partialLine: !pending.isEmpty, stderrTail: stderrText()))
                    } else if errno != EAGAIN && errno != EINTR {
                        throw failed(.protocolViolation("reading the plugin's output: \(Self.errnoText())"))
                    }
                }
                // A writable stdin is written at the top of the next round.
            }
        }
    }

    /// Marks the child failed, stops it, and returns the error to throw.
    private func fail(_ failure: PluginFailure) -> PluginFailure {
        forceStop()
        return failure
    }

    /// Reads what stderr has, copying whole lines to ours (up to a cap) and keeping a tail.
    private func drainStderr() {
        let n = chunk.withUnsafeMutableBytes { read(stderrFD, $0.baseAddress, $0.count) }
        if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) {
            close(stderrFD); stderrFD = -1
            return
        }
        guard n > 0 else { return }
        let bytes = chunk[0..<n]
        stderrTail.append(contentsOf: bytes)
        if stderrTail.count > Self.stderrTailBytes * 2 { stderrTail.removeFirst(stderrTail.count - Self.stderrTailBytes) }
        guard command.forwardStderr else { return }
        if forwardedStderrBytes >= Self.maxForwardedStderrBytes { return }
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { forwardStderrLine() } else if stderrLine.count < 4096 { stderrLine.append(byte) }
        }
    }

    private func forwardStderrLine() {
        let line = "\(command.name): " + String(decoding: stderrLine, as: UTF8.self) + "\n"
        stderrLine.removeAll(keepingCapacity: true)
        forwardedStderrBytes += line.utf8.count
        var text = line
        if forwardedStderrBytes >= Self.maxForwardedStderrBytes {
            text += "\(command.name): (more than \(Self.maxForwardedStderrBytes) bytes of stderr; the rest is not shown)\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Reads whatever stderr holds now, so an error can quote the plugin's last words.
    private func drainAvailableStderr() {
        var rounds = 0
        while stderrFD >= 0 && rounds < 64 {
            var probe = pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)
            guard poll(&probe, 1, 0) > 0 else { return }
            drainStderr()
            rounds += 1
        }
    }

    private func stderrText() -> String {
        String(decoding: stderrTail.suffix(Self.stderrTailBytes), as: UTF8.self)
    }

    // MARK: Stopping

    /// Closes the plugin's input so it can end by itself, waits up to `grace` seconds, then kills it.
    func stop(grace: Double = 2) {
        guard pid > 0 else { return }
        if stdinFD >= 0 { close(stdinFD); stdinFD = -1 }
        let deadline = Self.now() + grace
        while Self.now() < deadline {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) {
                pid = 0
                closeAll()
                // Whatever else is left in its group (a child it started) goes too.
                return
            }
            // Keep its pipes from filling while it shuts down.
            if stderrFD >= 0 { drainStderr() }
            if stdoutFD >= 0 { _ = chunk.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress, $0.count) } }
            usleep(2_000)
        }
        forceStop()
    }

    /// Kills the plugin's process group at once and reaps the child, so no zombie is left.
    func forceStop() {
        isHealthy = false
        if pid > 0 {
            _ = kill(-pid, SIGKILL)
            _ = kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            pid = 0
        }
        closeAll()
    }

    private func closeAll() {
        isHealthy = false
        for fd in [stdinFD, stdoutFD, stderrFD] where fd >= 0 { close(fd) }
        stdinFD = -1; stdoutFD = -1; stderrFD = -1
    }

    /// Waits (briefly) for an exiting child and says how it ended.
    private func waitForExit() -> String {
        guard pid > 0 else { return "the plugin ended" }
        var status: Int32 = 0
        let deadline = Self.now() + 1
        while Self.now() < deadline {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                pid = 0
                drainAvailableStderr()
                let code = (status >> 8) & 0xFF, signal = status & 0x7F
                return signal == 0 ? "the plugin exited with status \(code)" : "the plugin was killed by signal \(signal)"
            }
            if result < 0 { break }
            if stderrFD >= 0 { drainStderr() }
            usleep(1_000)
        }
        return "the plugin closed its output"
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
