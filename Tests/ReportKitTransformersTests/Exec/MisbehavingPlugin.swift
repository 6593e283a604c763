import Foundation

/// A Python plugin that misbehaves on request, for the exec host's bad-input tests.
///
/// Its first argument picks how it starts (`ok`, `exit-at-start`, `silent`, `protocol-2`,
/// `garbage-describe`); after that, a report's title picks what happens to it (`crash`, `hang`,
/// `half-line`, `huge`, `stderr-flood`, `format-2`, `invalid-json`, `wrong-id`, `error`),
/// and any other report comes back with `metadata.pid` set to the plugin's process id.
enum MisbehavingPlugin {
    static let source = #"""
    import json, os, sys, time

    mode = sys.argv[1] if len(sys.argv) > 1 else "ok"
    if mode == "exit-at-start":
        sys.stderr.write("cannot find my model file\n")
        sys.exit(3)

    def send(obj):
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    while True:
        line = sys.stdin.readline()
        if not line:
            break
        request = json.loads(line)
        if request["type"] == "describe":
            if mode == "silent":
                time.sleep(3600)
            if mode == "garbage-describe":
                print("hello, I am not JSON", flush=True)
                continue
            send({"type": "describe", "protocol": 2 if mode == "protocol-2" else 1, "name": "misbehave",
                  "summary": "Misbehaves on request.",
                  "options": [{"name": "note", "type": "string", "default": "none", "doc": "Copied into metadata."}]})
            continue
        report, rid = request["report"], request["id"]
        title = (report.get("body") or [{"text": ""}])[0]["text"]
        if title == "crash":
            os._exit(9)
        elif title == "hang":
            time.sleep(3600)
        elif title == "half-line":
            sys.stdout.write('{"type":"report","id":')
            sys.stdout.flush()
            os._exit(0)
        elif title == "huge":
            block = "x" * (1 << 20)
            for _ in range(100):
                sys.stdout.write(block)
            sys.stdout.flush()
            time.sleep(3600)
        elif title == "stderr-flood":
            while True:
                sys.stderr.write("log line that never ends " * 10 + "\n")
        elif title == "format-2":
            report["format"] = 2
            send({"type": "report", "id": rid, "report": report})
        elif title == "invalid-json":
            print("{this is not json", flush=True)
        elif title == "wrong-id":
            send({"type": "report", "id": rid + 100, "report": report})
        elif title == "error":
            send({"type": "error", "id": rid, "message": "the model refused this one"})
        else:
            report.setdefault("metadata", {})["pid"] = os.getpid()
            report["metadata"]["note"] = request["options"].get("note")
            send({"type": "report", "id": rid, "report": report})
    """#

    /// Writes the plugin into a fresh folder and returns that folder.
    static func install() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-exec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try source.write(to: folder.appendingPathComponent("misbehave.py"), atomically: true, encoding: .utf8)
        return folder
    }
}
