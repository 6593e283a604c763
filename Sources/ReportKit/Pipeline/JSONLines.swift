import Foundation

/// Reports as JSON Lines: one report's JSON per line, the form `run --jsonl` reads and writes.
public enum JSONLines {
    /// Decodes one line into a report. A report with `raw` text but no `body` gets a first
    /// body from its raw text, as if it had been read from a file, so that `extract` works on it.
    public static func decodeReport(_ line: Data, lineNumber: Int) throws -> Report {
        var report: Report
        do {
            report = try Report.decode(json: line)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw ReadError(path: "line \(lineNumber)", "is not valid JSON (\(preview(line)))")
            }
            throw ReadError(path: "line \(lineNumber)", "is not a reportkit report: \(ReportReader.describe(error))")
        }
        if report.id.isEmpty { report.id = "line-\(lineNumber)" }
        if report.body.isEmpty, let raw = report.raw, !raw.isEmpty {
            let format = report.source.flatMap { mediaFormat($0.mediaType) }
                ?? report.source.flatMap { InputFormat.guess(path: $0.path) }
                ?? InputFormat.sniff(raw.utf8)
            if format != .json, let read = try? ReportReader.read(data: Data(raw.utf8), path: report.source?.path ?? report.id, format: format) {
                report.body = read.body
                if report.title == nil { report.title = read.title }
                if report.site == nil { report.site = read.site }
                if report.published == nil { report.published = read.published }
                if report.authors.isEmpty { report.authors = read.authors }
                if report.language == nil { report.language = read.language }
                if report.source == nil { report.source = Source(path: "-", mediaType: format.mediaType) }
            }
        }
        return report
    }

    /// A report as one line of JSON with its line break, ready to write.
    public static func encodeLine(_ report: Report) throws -> Data {
        var bytes = try report.jsonBytes()
        bytes.append(0x0A)
        return Data(bytes)
    }

    static func mediaFormat(_ mediaType: String) -> InputFormat? {
        InputFormat.allCases.first { $0.mediaType == mediaType }
    }

    /// The start of a bad line, for an error message.
    static func preview(_ line: Data) -> String {
        let head = String(decoding: line.prefix(40), as: UTF8.self)
        let quoted = head.replacingOccurrences(of: "\t", with: " ")
        return "starts with '\(quoted)\(line.count > 40 ? "…" : "")'"
    }
}

/// Keeps failed inputs with their error, so that no report is lost.
public enum DeadLetter {
    /// Copies the input into `folder` and writes `<name>.error.json` beside it.
    public static func write(input: String, error: any Error, message: String, to folder: URL) throws {
        var info: [String: String] = ["input": input, "error": message]
        if let e = error as? StepError {
            info["step"] = e.stepName
            info["position"] = e.stepLocation
        }
        let contents = input == "-" ? nil : FileManager.default.contents(atPath: input)
        try writeToFolder(name: input == "-" ? "stdin" : (input as NSString).lastPathComponent,
                          info: info, contents: contents, folder: folder)
    }

    static func writeToFolder(name: String, info: [String: String], contents: Data?, folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try encoder.encode(info).write(to: folder.appendingPathComponent(name + ".error.json"), options: .atomic)
        if let contents {
            try contents.write(to: folder.appendingPathComponent(name), options: .atomic)
        }
    }

    /// The dead-letter targets of one run: folders, and `.jsonl` files kept open for appending.
    struct Writers {
        private var files: [URL: Int32] = [:]

        /// Writes one failure: to a `.jsonl` file as one line (input, error, step, position),
        /// or to a folder as the input plus `<name>.error.json`.
        mutating func write(_ failure: BatchFailure, to target: URL) throws {
            var info: [String: String] = ["error": failure.message, "source": failure.itemName]
            if let step = failure.stepName { info["step"] = step }
            if let location = failure.stepLocation { info["position"] = location }
            var contents: Data?
            var fileName: String
            switch failure.item {
            case .file(let path):
                info["path"] = path
                contents = path == "-" ? nil : FileManager.default.contents(atPath: path)
                fileName = path == "-" ? "stdin" : (path as NSString).lastPathComponent
            case .line(let data, let number, let source):
                info["line"] = String(number)
                contents = data + Data([0x0A])
                let stem = source == "-" ? "stdin" : ((source as NSString).lastPathComponent as NSString).deletingPathExtension
                fileName = "\(stem)-line-\(number).jsonl"
            case .unusable(let name, _):
                fileName = (name as NSString).lastPathComponent
            }
            if target.pathExtension.lowercased() == "jsonl" {
                if let contents { info["input"] = String(decoding: contents, as: UTF8.self) }
                if case .line = failure.item { info["input"] = info["input"].map { String($0.dropLast()) } }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                var line = try encoder.encode(info)
                line.append(0x0A)
                try append(line, to: target)
            } else {
                try DeadLetter.writeToFolder(name: fileName, info: info, contents: contents, folder: target)
            }
        }

        /// One `write` call per record, so that an interrupted run never leaves half a line.
        private mutating func append(_ line: Data, to target: URL) throws {
            let fd: Int32
            if let open = files[target] {
                fd = open
            } else {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                fd = Foundation.open(target.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
                guard fd >= 0 else { throw ReadError(path: target.path, "cannot be opened for writing: \(String(cString: strerror(errno)))") }
                files[target] = fd
            }
            try line.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw ReadError(path: target.path, "write failed: \(String(cString: strerror(errno)))")
                    }
                    offset += written
                }
            }
        }

        mutating func closeAll() {
            for fd in files.values { close(fd) }
            files.removeAll()
        }
    }
}
