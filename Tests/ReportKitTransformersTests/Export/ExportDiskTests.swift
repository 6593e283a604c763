import Foundation
import Testing
import ReportKit
@testable import ReportKitTransformers
#if canImport(Glibc)
import Glibc
#endif

/// A full disk and a read-only folder: a clear error, and nothing half-written.
///
/// As root the tests mount a tiny tmpfs (really full, then really read-only). Without root
/// they limit the process's file size (`RLIMIT_FSIZE`) and use folder permissions instead.
@Suite(.serialized) struct ExportDiskTests {
    /// A report whose Markdown is about `kilobytes` KB.
    func bigReport(kilobytes: Int) -> Report {
        var report = ExportFixture.report(id: "big")
        report.body = (0..<kilobytes).map { _ in Block(.paragraph, String(repeating: "Harbor works go on. ", count: 51)) }
        return report
    }

    @Test func aFullDiskIsAClearErrorAndKeepsTheOldFile() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let disk = folder.path("tiny")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let mounted = Mount.tmpfs(at: disk, options: "size=64k")
        defer { if mounted { Mount.unmount(disk) } }
        try "old version\n".write(to: disk.appendingPathComponent("big.md"), atomically: true, encoding: .utf8)

        let step = try ExportFixture.make(["path": .string("tiny/{{id}}.md"), "overwrite": .boolean(true)], base: folder.url)
        let errors = try FileSizeLimit.whileLimited(enabled: !mounted, bytes: 64 << 10) {
            ExportFixture.run(step, [bigReport(kilobytes: 256)], run: RunContext(baseDirectory: folder.url)).errors
        }
        #expect(errors.count == 1)
        let reason = mounted ? "No space left on device" : "File too large"
        #expect(errors.first?.contains("could not write \(disk.path)/big.md: \(reason); nothing was written") == true, "\(errors)")
        #expect(try String(contentsOf: disk.appendingPathComponent("big.md"), encoding: .utf8) == "old version\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["big.md"], "the temporary file is gone")

        // A batch file that fills the disk fails at the end of the run, the same way.
        let archive = try ExportFixture.make(["format": .string("jsonl"), "path": .string("tiny/all.jsonl")], base: folder.url)
        let batchErrors = try FileSizeLimit.whileLimited(enabled: !mounted, bytes: 64 << 10) {
            ExportFixture.run(archive, (0..<3).map { _ in bigReport(kilobytes: 40) }, run: RunContext(baseDirectory: folder.url)).errors
        }
        #expect(!batchErrors.isEmpty)
        #expect(batchErrors.allSatisfy { $0.contains(reason) }, "\(batchErrors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["big.md"])
    }

    @Test func aReadOnlyFolderIsAClearError() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let locked = folder.path("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        var mounted = false
        if getuid() == 0 {
            mounted = Mount.tmpfs(at: locked, options: "size=64k") && Mount.remountReadOnly(locked)
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        }
        defer {
            if mounted { Mount.unmount(locked) }
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path)
        }
        // Root without mount rights: /proc refuses new folders to everyone.
        let target = getuid() == 0 && !mounted ? "/proc/reportkit-export-test/{{id}}.md" : "locked/sub/{{id}}.md"
        let step = try ExportFixture.make(["path": .string(target)], base: folder.url)
        let errors = ExportFixture.run(step, [ExportFixture.report()], run: RunContext(baseDirectory: folder.url)).errors
        #expect(errors.count == 1)
        #expect(errors.first?.contains("could not create the output folder") == true, "\(errors)")
        if mounted || getuid() != 0 {
            #expect(errors.first?.contains(mounted ? "Read-only file system" : "Permission denied") == true, "\(errors)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path).isEmpty)
        }
    }
}

enum Mount {
    static func run(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/mount")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static func tmpfs(at url: URL, options: String) -> Bool {
        getuid() == 0 && run(["-t", "tmpfs", "-o", options, "tmpfs", url.path])
    }

    static func remountReadOnly(_ url: URL) -> Bool { run(["-o", "remount,ro", url.path]) }

    static func unmount(_ url: URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/umount")
        process.arguments = [url.path]
        try? process.run()
        process.waitUntilExit()
    }
}

/// Runs a body with the process's maximum file size lowered, the way a full disk stops a write.
enum FileSizeLimit {
    static func whileLimited<T>(enabled: Bool, bytes: Int, _ body: () throws -> T) throws -> T {
        guard enabled else { return try body() }
        signal(SIGXFSZ, SIG_IGN)  // report EFBIG instead of killing the process
        var old = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &old)
        var limited = old
        limited.rlim_cur = rlim_t(bytes)
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limited)
        defer { setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &old) }
        return try body()
    }
}
