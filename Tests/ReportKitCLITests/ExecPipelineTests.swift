import Foundation
import Testing

/// `run --jsonl` through an exec plugin, where the runner hands the plugin several lines at
/// once: every line comes out in input order, a crash in the middle fails only its line
/// (dead-lettered), and the lines after it are served by a restarted child.
@Suite struct ExecPipelineTests {
    static let plugin = #"""
    import json, os, sys
    for line in sys.stdin:
        request = json.loads(line)
        if request["type"] == "describe":
            answer = {"type": "describe", "protocol": 1, "name": "stamp", "summary": "Stamps each report; crashes on 'boom'."}
        else:
            report = request["report"]
            if report.get("title") == "boom":
                os._exit(7)
            report["tags"] = ["pid-%d" % os.getpid()]
            answer = {"type": "report", "id": request["id"], "report": report}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    """#

    @Test(arguments: [1, 2])
    func linesKeepTheirOrderAndACrashFailsOnlyItsLine(jobs: Int) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.plugin.write(to: folder.appendingPathComponent("stamp.py"), atomically: true, encoding: .utf8)
        try """
            name: stamped
            on-error: {dead-letter: failed.jsonl}
            plugins:
              stamp: {command: [python3, stamp.py], stderr: discard}
            steps:
              - stamp
            """.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let count = 300, crashAt = 150
        let input = (0..<count).map { index in
            #"{"id":"r\#(index)","title":"\#(index == crashAt ? "boom" : "t\(index)")","body":[{"kind":"paragraph","text":"line \#(index)"}]}"#
        }.joined(separator: "\n") + "\n"
        let result = try CLI.run(["run", "p.yaml", "--jsonl", "--jobs", String(jobs), "--quiet"], stdin: input, in: folder)
        #expect(result.status == 1, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let ids = lines.compactMap { line in line.range(of: #""id":"r[0-9]+""#, options: .regularExpression).map { String(line[$0].dropFirst(6).dropLast()) } }
        #expect(ids == (0..<count).filter { $0 != crashAt }.map { "r\($0)" })
        #expect(result.stderr.contains("stdin:\(crashAt + 1): step 'stamp'"), "\(result.stderr)")
        #expect(result.stderr.contains("on report 'r\(crashAt)': the plugin exited with status 7 before answering"), "\(result.stderr)")
        let deadLetters = try String(contentsOf: folder.appendingPathComponent("failed.jsonl"), encoding: .utf8)
        #expect(deadLetters.split(separator: "\n").count == 1)
        #expect(deadLetters.contains(#"\"id\":\"r\#(crashAt)\""#), "\(deadLetters)")
        // With one job, the lines after the crash were answered by a second child.
        if jobs == 1 {
            let pids = lines.compactMap { line in line.range(of: "pid-[0-9]+", options: .regularExpression).map { String(line[$0]) } }
            #expect(Set(pids[..<crashAt]).count == 1 && Set(pids[crashAt...]).count == 1 && pids[0] != pids.last, "\(Set(pids))")
        }
    }
}
