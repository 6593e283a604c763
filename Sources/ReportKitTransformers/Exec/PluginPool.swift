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

    /// Sends one report through a child and returns the plugin's answer.
    func transform(_ report: Report, optionsJSON: [UInt8]) throws -> Result<Report, StepFailure> {
        let worker = try checkOut()
        do {
            let id = worker.nextID
            worker.nextID += 1
            let request = ExecProtocol.transformRequest(id: id, optionsJSON: optionsJSON, reportJSON: try report.jsonBytes())
            let line = try worker.process.exchange(request)
            let answer = try ExecProtocol.decodeAnswer(line, id: id)
            checkIn(worker)
            return answer
        } catch {
            worker.process.forceStop()
            drop()
            throw error
        }
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
