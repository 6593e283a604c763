import Foundation
import ReportKit

/// Long-lived children of one plugin, shared by every thread that runs its step.
///
/// A thread takes an idle child, or starts one while fewer than `maxWorkers` run, or
/// waits. A child that fails in any way is stopped and dropped; the next report starts
/// a fresh one. A serial run therefore uses exactly one child.
final class PluginPool: @unchecked Sendable {
    /// One child with its own request counter.
    final class Worker {
        let process: PluginProcess
        var nextID = 1

        init(process: PluginProcess) {
            self.process = process
        }
    }

    let command: PluginCommand
    let maxWorkers: Int
    private let condition = NSCondition()
    private var idle: [Worker] = []
    private var running = 0

    init(command: PluginCommand, maxWorkers: Int) {
        self.command = command
        self.maxWorkers = max(1, maxWorkers)
    }

    deinit {
        for worker in idle { worker.process.forceStop() }
    }

    /// What became of one report: the plugin's new report, or why it failed (a
    /// `PluginFailure` of the child, the plugin's own `StepFailure`, or an encoding error),
    /// with the seconds the plugin spent on it.
    struct Answer {
        var result: Result<Report, any Error>
        var seconds: Double
    }

    /// Sends reports through one child, several in flight, and returns the answers in order.
    ///
    /// When the child fails on a report (crash, hang, garbage), that report gets the failure,
    /// the child is stopped, and the reports after it, which it never answered, go to a fresh
    /// child: each report ends as it would have alone.
    func transform(_ reports: [Report], optionsJSON: [UInt8]) -> [Answer] {
        var answers = [Answer?](repeating: nil, count: reports.count)
        var encoded = [[UInt8]](repeating: [], count: reports.count)
        for (k, report) in reports.enumerated() {
            do {
                encoded[k] = try report.jsonBytes()
            } catch {
                answers[k] = Answer(result: .failure(error), seconds: 0)
            }
        }
        var next = answers.firstIndex { $0 == nil } ?? reports.count
        while next < reports.count {
            let worker: Worker
            do {
                worker = try checkOut()
            } catch {
                answers[next] = Answer(result: .failure(error), seconds: 0)
                next = answers[(next + 1)...].firstIndex { $0 == nil } ?? reports.count
                continue
            }
            let sent = (next..<reports.count).filter { answers[$0] == nil }
            let firstID = worker.nextID
            worker.nextID += sent.count
            let requests = sent.enumerated().map { offset, k in
                ExecProtocol.transformRequest(id: firstID + offset, optionsJSON: optionsJSON, reportJSON: encoded[k])
            }
            do {
                try worker.process.exchange(requests) { offset, line, seconds in
                    let answer = try ExecProtocol.decodeAnswer(line, id: firstID + offset)
                    answers[sent[offset]] = Answer(result: answer.mapError { $0 }, seconds: seconds)
                }
                checkIn(worker)
                break
            } catch {
                // The child is stopped: `exchange` stops it on every failure.
                worker.process.forceStop()
                drop()
                let failed = (error as? PluginProcess.ExchangeFailure)?.index ?? 0
                let failure: any Error = (error as? PluginProcess.ExchangeFailure)?.failure ?? error
                answers[sent[failed]] = Answer(result: .failure(failure), seconds: 0)
                next = answers[(sent[failed] + 1)...].firstIndex { $0 == nil } ?? reports.count
            }
        }
        return answers.map { $0! }
    }

    /// Stops idle children gracefully (closing their input); busy ones finish their report first.
    func shutdown() {
        condition.lock()
        let stopping = idle
        idle.removeAll()
        running -= stopping.count
        condition.broadcast()
        condition.unlock()
        for worker in stopping { worker.process.stop() }
    }

    private func checkOut() throws -> Worker {
        condition.lock()
        while idle.isEmpty && running >= maxWorkers { condition.wait() }
        if let worker = idle.popLast() {
            condition.unlock()
            return worker
        }
        running += 1
        condition.unlock()
        do {
            return try start()
        } catch {
            drop()
            throw error
        }
    }

    /// Starts a child and checks, through the handshake, that it speaks our protocol.
    private func start() throws -> Worker {
        let process = try PluginProcess(command)
        do {
            let line = try process.exchange(ExecProtocol.describeRequest, timeout: command.startTimeout)
            _ = try ExecProtocol.decodeDescription(line, name: command.name, file: "", line: 0)
        } catch {
            process.forceStop()
            throw error
        }
        return Worker(process: process)
    }

    private func checkIn(_ worker: Worker) {
        condition.lock()
        idle.append(worker)
        condition.signal()
        condition.unlock()
    }

    private func drop() {
        condition.lock()
        running -= 1
        condition.signal()
        condition.unlock()
    }
}
