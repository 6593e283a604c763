import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the input and step each worker thread is on where a fatal-signal handler can read
/// them without allocating or locking, so that a step that traps (a Swift plugin's force
/// unwrap, a bug in reportkit) ends the run naming the input to blame and how to go on,
/// instead of leaving only a backtrace.
///
/// ``install(stepNames:)`` sets the handler (the command-line tool does, for `run`). A worker
/// takes several reports at once and runs them through the steps together, so the runner
/// notes the batch (``begin(_:)``), the step (``step(_:)``) and, where a step goes report by
/// report, the one it is on (``report(_:)``); each costs nanoseconds and does nothing until
/// a handler is installed. The handler writes its lines to standard error, then
/// hands the signal on to whatever handled it before (Swift's backtracer, or the default).
public enum CrashNote {
    private static let slotCount = 64
    private static let nameBytes = 1024
    /// Most reports of one batch that are named (a worker takes at most 16).
    private static let entriesPerSlot = 16
    private static let stepNameBytes = 64
    private static let maxSteps = 64

    // Raw memory, allocated once at install and never freed: the handler reads it as it is.
    /// Per slot: the names of its batch's inputs, one after another.
    nonisolated(unsafe) private static var names: UnsafeMutablePointer<UInt8>?
    /// Per slot: how many inputs its batch has; 0 when the slot's thread is between batches.
    nonisolated(unsafe) private static var entryCounts: UnsafeMutablePointer<Int>?
    /// Per slot and entry: the input's ordinal in the run, and where its name ends in `names`.
    nonisolated(unsafe) private static var entrySequences: UnsafeMutablePointer<Int>?
    nonisolated(unsafe) private static var entryEnds: UnsafeMutablePointer<Int>?
    /// Per slot: the ordinal of the input a step is on by itself, -1 when it has them all.
    nonisolated(unsafe) private static var currents: UnsafeMutablePointer<Int>?
    /// Per slot: the step the thread is in, -1 while it reads or renders.
    nonisolated(unsafe) private static var steps: UnsafeMutablePointer<Int>?
    nonisolated(unsafe) private static var stepNames: UnsafeMutablePointer<UInt8>?
    nonisolated(unsafe) private static var stepNameLengths: UnsafeMutablePointer<Int>?
    nonisolated(unsafe) private static var stepCount = 0
    nonisolated(unsafe) private static var previousActions: UnsafeMutablePointer<sigaction>?
    nonisolated(unsafe) private static var slotKey = pthread_key_t()
    nonisolated(unsafe) private static var taken = [Bool](repeating: false, count: 64)
    private static let slotLock = NSLock()
    /// Whether the handler is installed; the runner's calls return at once while it is not.
    nonisolated(unsafe) public private(set) static var isInstalled = false

    /// The signals that end a process that went wrong.
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]

    /// Installs the handler for the fatal signals; `stepNames` are the pipeline's steps, in order.
    public static func install(stepNames pipelineSteps: [String]) {
        slotLock.lock()
        defer { slotLock.unlock() }
        if !isInstalled {
            names = .allocate(capacity: slotCount * nameBytes)
            entryCounts = .allocate(capacity: slotCount)
            entryCounts!.initialize(repeating: 0, count: slotCount)
            entrySequences = .allocate(capacity: slotCount * entriesPerSlot)
            entryEnds = .allocate(capacity: slotCount * entriesPerSlot)
            currents = .allocate(capacity: slotCount)
            currents!.initialize(repeating: -1, count: slotCount)
            steps = .allocate(capacity: slotCount)
            steps!.initialize(repeating: -1, count: slotCount)
            stepNames = .allocate(capacity: maxSteps * stepNameBytes)
            stepNameLengths = .allocate(capacity: maxSteps)
            stepNameLengths!.initialize(repeating: 0, count: maxSteps)
            previousActions = .allocate(capacity: 64)
            // A thread's slot is given back when the thread ends.
            pthread_key_create(&slotKey) { value in
                guard let value else { return }
                CrashNote.release(Int(bitPattern: value) - 1)
            }
        }
        stepCount = min(pipelineSteps.count, maxSteps)
        for (index, name) in pipelineSteps.prefix(maxSteps).enumerated() {
            stepNameLengths![index] = copy(name, to: stepNames! + index * stepNameBytes, capacity: stepNameBytes)
        }
        guard !isInstalled else { return }
        for signal in fatalSignals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_sigaction = { signal, info, _ in CrashNote.handle(signal, info) }
            #else
            action.__sigaction_u.__sa_sigaction = { signal, info, _ in CrashNote.handle(signal, info) }
            #endif
            action.sa_flags = SA_SIGINFO
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, previousActions! + Int(signal))
        }
        isInstalled = true
    }

    /// The calling thread starts on these inputs (ordinal in the run, name), reading them.
    public static func begin(_ batch: @autoclosure () -> [(sequence: Int, name: String)]) {
        guard isInstalled, let slot = currentSlot() else { return }
        entryCounts![slot] = 0
        steps![slot] = -1
        currents![slot] = -1
        var used = 0, count = 0
        for (sequence, name) in batch().prefix(entriesPerSlot) {
            used += copy(name, to: names! + slot * nameBytes + used, capacity: nameBytes - used)
            entrySequences![slot * entriesPerSlot + count] = sequence
            entryEnds![slot * entriesPerSlot + count] = used
            count += 1
        }
        entryCounts![slot] = count
    }

    /// The calling thread enters step `index` of the pipeline (-1: out of the steps) with its batch.
    public static func step(_ index: Int) {
        guard isInstalled, let slot = currentSlot() else { return }
        steps![slot] = index
        currents![slot] = -1
    }

    /// The calling thread's step is on the input with this ordinal alone.
    public static func report(_ sequence: Int?) {
        guard isInstalled, let slot = currentSlot() else { return }
        currents![slot] = sequence ?? -1
    }

    /// The calling thread is done with its batch.
    public static func end() {
        guard isInstalled, let slot = currentSlot() else { return }
        entryCounts![slot] = 0
        steps![slot] = -1
        currents![slot] = -1
    }

    private static func currentSlot() -> Int? {
        if let value = pthread_getspecific(slotKey) { return Int(bitPattern: value) - 1 }
        slotLock.lock()
        defer { slotLock.unlock() }
        guard let free = taken.firstIndex(of: false) else { return nil }
        taken[free] = true
        pthread_setspecific(slotKey, UnsafeRawPointer(bitPattern: free + 1))
        return free
    }

    private static func release(_ slot: Int) {
        slotLock.lock()
        defer { slotLock.unlock() }
        entryCounts?[slot] = 0
        taken[slot] = false
    }

    /// Copies `text` as UTF-8, cut at `capacity` bytes; returns the length.
    private static func copy(_ text: String, to destination: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
        var length = 0
        for byte in text.utf8 where length < capacity {
            destination[length] = byte
            length += 1
        }
        return length
    }

    // MARK: In the signal handler: write(2) and sigaction only.

    private static func handle(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?) {
        var named = false
        for slot in 0 ..< slotCount {
            let count = min(entryCounts![slot], entriesPerSlot)
            guard count > 0 else { continue }
            named = true
            say("reportkit: crashed (signal ")
            sayNumber(Int(signal))
            let entries = slot * entriesPerSlot
            var only = -1
            for entry in 0 ..< count where entrySequences![entries + entry] == currents![slot] { only = entry }
            if only < 0 && count == 1 { only = 0 }
            say(only >= 0 ? ") while working on " : ") while working on one of ")
            var start = 0
            for entry in 0 ..< count {
                let end = min(entryEnds![entries + entry], nameBytes)
                if only < 0 || only == entry {
                    if only < 0 && entry > 0 { say(", ") }
                    say("'")
                    write(2, names! + slot * nameBytes + start, end - start)
                    say("'")
                }
                start = end
            }
            let step = steps![slot]
            if step >= 0 && step < stepCount {
                say(" in step ")
                sayNumber(step + 1)
                say(" '")
                write(2, stepNames! + step * stepNameBytes, stepNameLengths![step])
                say("'")
            }
            say("\n")
        }
        if !named {
            say("reportkit: crashed (signal ")
            sayNumber(Int(signal))
            say(") between reports\n")
        }
        say("reportkit: outputs already written are complete; set the input named above aside (or fix the step), then run again with --resume to go on\n")
        // Hand the signal on: a fault repeats when the handler returns; a sent signal is raised again.
        sigaction(signal, previousActions! + Int(signal), nil)
        if let info, info.pointee.si_code <= 0 { raise(signal) }
    }

    private static func say(_ text: StaticString) {
        _ = write(2, text.utf8Start, text.utf8CodeUnitCount)
    }

    private static func sayNumber(_ value: Int) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var remaining = max(0, value)
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            } while remaining > 0 && start > 0
            _ = write(2, buffer.baseAddress! + start, buffer.count - start)
        }
    }
}
