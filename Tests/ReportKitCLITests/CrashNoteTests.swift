import Foundation
import Testing

/// A run that dies of a fatal signal names the input and step it was on, and how to go on.
@Suite struct CrashNoteTests {
    /// A plugin that answers at once, except on report `r2`, where it leaves a marker file
    /// and waits: the test then sends the run a SIGSEGV, as a step that trapped would.
    static let plugin = """
    import json, os, sys, time
    for line in sys.stdin:
        message = json.loads(line)
        if message.get("type") == "describe":
            print(json.dumps({"type": "describe", "protocol": 1, "name": "stall", "summary": "Waits on r2.",
                              "options": [], "examples": []}), flush=True)
            continue
        if message["report"]["id"] == "r2":
            open(os.environ["STALL_MARKER"], "w").close()
            time.sleep(5)
        print(json.dumps({"type": "report", "id": message["id"], "report": message["report"]}), flush=True)
    """

    @Test func aFatalSignalNamesTheInputAndTheStep() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-crashnote-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for i in 1 ... 3 {
            try "Report \(i)\n\nThe council met on Monday and approved plan \(i).\n"
                .write(to: folder.appendingPathComponent("in/r\(i).txt"), atomically: false, encoding: .utf8)
        }
        try Self.plugin.write(to: folder.appendingPathComponent("stall.py"), atomically: false, encoding: .utf8)
        try "name: crash\nsteps:\n  - translate-fixups\n  - exec:\n      command: [python3, stall.py]\n"
            .write(to: folder.appendingPathComponent("p.yaml"), atomically: false, encoding: .utf8)
        let marker = folder.appendingPathComponent("marker")
        let errors = folder.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["run", "p.yaml", "--jobs", "1", "--quiet", "in/r1.txt", "in/r2.txt", "in/r3.txt"]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["STALL_MARKER"] = marker.path
        environment["SWIFT_BACKTRACE"] = "enable=no"  // the default action then ends the process
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: marker.path), Date() < deadline, process.isRunning { usleep(20_000) }
        try #require(FileManager.default.fileExists(atPath: marker.path), "the run never reached r2")
        kill(process.processIdentifier, SIGSEGV)
        process.waitUntilExit()

        let text = try String(contentsOf: errors, encoding: .utf8)
        // The signal is handed on after the note, so the run still dies of it (under a sanitizer,
        // whose runtime takes fatal signals itself, as a failed exit).
        #expect(process.terminationReason == .uncaughtSignal || process.terminationStatus != 0,
                "status \(process.terminationStatus)")
        // A worker takes the reports at hand together and the plugin step has them all in flight,
        // so the note names the batch; a step that goes report by report is named alone.
        let note = try #require(text.split(separator: "\n").first { $0.hasPrefix("reportkit: crashed (signal 11) while working on") })
        #expect(note.contains("'in/r2.txt'") && note.hasSuffix(" in step 2 'exec'"), "\(text)")
        #expect(text.contains("run again with --resume"))
    }
}
