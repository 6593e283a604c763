import Foundation

/// The shared state of one batch: the queue of read items, the finished results waiting for
/// their turn, and the window that keeps reading from running ahead of writing.
///
/// One mutex and three conditions, so that each kind of thread is woken only for its own
/// event: workers for new items, the reader for room in the window, the emitting thread for
/// the result it waits on. Workers take several items at a time when the queue is long, and
/// the emitting thread takes every consecutive finished result at once, to keep locking
/// cheap next to small reports.
final class BatchState<Output>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let roomReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let resultReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private let options: BatchOptions
    private var queue: [(sequence: Int, item: BatchItem)] = []
    private var queueHead = 0
    private var results: [Int: BatchOutcome<Output>] = [:]
    private(set) var produced = 0
    private var producerDone = false
    private var released = 0
    /// The sequence number the emitting thread waits for.
    private var wanted = 0
    private var inFlightBytes = 0
    private var heldBytes: [Int: Int] = [:]
    private var stopping = false
    private var workersRunning: Int
    private(set) var sourceError: String?

    init(options: BatchOptions) {
        self.options = options
        self.workersRunning = options.jobs
        pthread_mutex_init(mutex, nil)
        for condition in [workReady, roomReady, resultReady] { pthread_cond_init(condition, nil) }
    }

    deinit {
        pthread_mutex_destroy(mutex)
        for condition in [workReady, roomReady, resultReady] {
            pthread_cond_destroy(condition)
            condition.deallocate()
        }
        mutex.deallocate()
    }

    private func lock() { pthread_mutex_lock(mutex) }
    private func unlock() { pthread_mutex_unlock(mutex) }
    private func wait(_ condition: UnsafeMutablePointer<pthread_cond_t>) { pthread_cond_wait(condition, mutex) }

    private func wait(_ condition: UnsafeMutablePointer<pthread_cond_t>, seconds: Double) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nanos = Int(now.tv_nsec) + Int(seconds * 1e9)
        var deadline = timespec(tv_sec: now.tv_sec + nanos / 1_000_000_000, tv_nsec: nanos % 1_000_000_000)
        pthread_cond_timedwait(condition, mutex, &deadline)
    }

    private func stopLocked() {
        stopping = true
        pthread_cond_broadcast(workReady)
        pthread_cond_broadcast(roomReady)
        pthread_cond_broadcast(resultReady)
    }

    /// The reading thread: one item at a time, waiting while the window is full.
    func produce<Source: BatchSource>(from box: SourceBox<Source>) {
        while true {
            lock()
            while !stopping, produced - released >= options.window
                    || (inFlightBytes >= options.maxInFlightBytes && produced > released) {
                wait(roomReady)
            }
            let stop = stopping
            unlock()
            if stop { return }
            let item: BatchItem?
            do {
                item = try box.source.next()
            } catch {
                lock()
                sourceError = PipelineRunner.message(for: error)
                producerDone = true
                pthread_cond_broadcast(workReady)
                pthread_cond_broadcast(resultReady)
                unlock()
                return
            }
            lock()
            guard let item, !stopping else {
                producerDone = true
                pthread_cond_broadcast(workReady)
                pthread_cond_broadcast(resultReady)
                unlock()
                return
            }
            let bytes = item.heldBytes
            if bytes > 0 { heldBytes[produced] = bytes; inFlightBytes += bytes }
            queue.append((produced, item))
            produced += 1
            pthread_cond_signal(workReady)
            unlock()
        }
    }

    /// A worker thread: takes items until the queue is drained or the run stops.
    /// `transform` gets the items taken at once (only items already read, never waiting for
    /// more), each with its ordinal in the source, and returns their outcomes in order.
    func work(_ transform: (ArraySlice<(sequence: Int, item: BatchItem)>) -> [BatchOutcome<Output>]) {
        var taken: [(sequence: Int, item: BatchItem)] = []
        var done: [(Int, BatchOutcome<Output>)] = []
        while true {
            lock()
            while queueHead == queue.count, !producerDone, !stopping { wait(workReady) }
            if stopping || queueHead == queue.count {
                workersRunning -= 1
                pthread_cond_broadcast(resultReady)
                unlock()
                return
            }
            let waiting = queue.count - queueHead
            // A share of the queue, never more than the others can catch up with; a lone
            // worker takes what there is, so a plugin step gets its reports together.
            let count = max(1, min(16, options.jobs == 1 ? waiting : waiting / (options.jobs * 2)))
            taken.removeAll(keepingCapacity: true)
            taken.append(contentsOf: queue[queueHead..<(queueHead + count)])
            queueHead += count
            if queueHead > 256, queueHead * 2 > queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            unlock()
            done.removeAll(keepingCapacity: true)
            for (outcome, taken) in zip(transform(taken[...]), taken) { done.append((taken.sequence, outcome)) }
            lock()
            var wake = false
            for (sequence, outcome) in done {
                results[sequence] = outcome
                if sequence == wanted { wake = true }
            }
            if wake { pthread_cond_signal(resultReady) }
            unlock()
        }
    }

    /// Every consecutive finished result from `sequence` on, waiting for the first one; nil
    /// when the batch is over (or stopped, once every result finished before the stop has
    /// been handed out). `idle` runs once before waiting, `tick` about every 0.1 s of waiting.
    func waitForResults(from sequence: Int, idle: () -> Void, tick: () -> Void) -> [BatchOutcome<Output>]? {
        var calledIdle = false
        lock()
        defer { unlock() }
        wanted = sequence
        while true {
            if results[sequence] != nil {
                var batch: [BatchOutcome<Output>] = []
                var next = sequence
                while let outcome = results.removeValue(forKey: next) {
                    batch.append(outcome)
                    next += 1
                }
                return batch
            }
            if !stopping, options.cancellation.isCancelled { stopLocked() }
            if producerDone, sequence >= produced { return nil }
            if stopping || producerDone, workersRunning == 0 { return nil }
            if !calledIdle {
                calledIdle = true
                unlock()
                idle()
                lock()
                continue
            }
            wait(resultReady, seconds: 0.1)
            unlock()
            tick()
            lock()
        }
    }

    /// The first `count` items have been handed out: make room in the window.
    func release(upTo count: Int) {
        lock()
        while released < count {
            if let bytes = heldBytes.removeValue(forKey: released) { inFlightBytes -= bytes }
            released += 1
        }
        pthread_cond_signal(roomReady)
        unlock()
    }

    func stop() {
        lock()
        stopLocked()
        unlock()
    }

    /// Waits until no worker is transforming (the reading thread may stay blocked on its
    /// input) and returns how many items were read.
    func waitForWorkers() -> Int {
        lock()
        defer { unlock() }
        while workersRunning > 0 { wait(resultReady) }
        results.removeAll()
        return produced
    }
}
