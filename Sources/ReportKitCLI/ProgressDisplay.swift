import Foundation
import ReportKit

/// Progress on standard error: a bar with rate and ETA redrawn in place on a terminal, a plain
/// line every few seconds otherwise, nothing when quiet. Log lines go through it so that they
/// never land in the middle of the bar. Used from the run's emitting thread only.
final class ProgressDisplay {
    enum Mode: Equatable {
        case silent
        case bar
        case lines(interval: Double)
    }

    let mode: Mode
    /// ANSI colors, on a terminal when NO_COLOR is not set.
    let color: Bool
    private var lastDraw = Date.distantPast
    private var barShown = false
    private var lastLine: BatchProgress?

    init(mode: Mode, color: Bool) {
        self.mode = mode
        self.color = color && mode == .bar
    }

    /// A bar when standard error is a terminal, plain lines otherwise.
    static func defaultMode(interval: Double) -> Mode {
        isatty(2) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb" ? .bar : .lines(interval: interval)
    }

    /// Colors unless NO_COLOR is set to anything (https://no-color.org).
    static func colorAllowed(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["NO_COLOR"].map { $0.isEmpty } ?? true
    }

    func log(_ line: String) {
        clearBar()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func update(_ progress: BatchProgress) {
        switch mode {
        case .silent:
            return
        case .bar:
            let now = Date()
            guard progress.isFinal || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            if progress.isFinal { clearBar(); return }
            write("\r" + Self.barLine(progress, color: color) + "\u{1B}[K")
            barShown = true
        case .lines(let interval):
            let now = Date()
            if lastDraw == .distantPast { lastDraw = now; return }
            guard !progress.isFinal, now.timeIntervalSince(lastDraw) >= interval else { return }
            lastDraw = now
            write("progress: " + Self.status(progress) + "\n")
        }
    }

    /// Clears the bar before the summary.
    func end() { clearBar() }

    private func clearBar() {
        if barShown {
            write("\r\u{1B}[K")
            barShown = false
        }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `1200/5000 reports (24%), 3 failed, 310.2 reports/s, 4.1 MB/s, ETA 0:12`
    static func status(_ p: BatchProgress) -> String {
        var parts: [String] = []
        if let expected = p.expected, expected > 0 {
            parts.append("\(p.processed)/\(expected) reports (\(p.processed * 100 / expected)%)")
        } else {
            parts.append("\(p.processed) reports")
        }
        if p.failed > 0 { parts.append("\(p.failed) failed") }
        let rate = p.elapsed > 0 ? Double(p.processed) / p.elapsed : 0
        parts.append(String(format: "%.1f reports/s", rate))
        parts.append(String(format: "%.1f MB/s", p.elapsed > 0 ? Double(p.bytes) / 1e6 / p.elapsed : 0))
        if let expected = p.expected, rate > 0, p.processed < expected {
            parts.append("ETA " + duration(Double(expected - p.processed) / rate))
        }
        return parts.joined(separator: ", ")
    }

    static func barLine(_ p: BatchProgress, color: Bool) -> String {
        let width = 24
        var bar = ""
        if let expected = p.expected, expected > 0 {
            let filled = min(width, p.processed * width / expected)
            let done = String(repeating: "█", count: filled), rest = String(repeating: "░", count: width - filled)
            bar = (color ? "\u{1B}[32m" + done + "\u{1B}[2m" + rest + "\u{1B}[0m" : done + rest) + " "
        }
        return bar + status(p)
    }

    /// `0:07`, `12:03`, `1:02:03`
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
