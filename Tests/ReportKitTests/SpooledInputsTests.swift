import Foundation
import Testing
@testable import ReportKit

/// The pieces that keep a file batch's memory flat: the spooled item list, the folder walk
/// that holds one folder's names at a time, and the file list read as it goes.
@Suite struct SpooledInputsTests {
    private func describe(_ item: BatchItem) -> String {
        switch item {
        case .file(let path): return "file " + path
        case .unusable(let name, let message): return "unusable \(name) | \(message)"
        case .line: return "line"
        }
    }

    @Test func itemsComeBackInOrderFromMemoryAndFromDisk() throws {
        var expected: [BatchItem] = []
        for index in 0 ..< 5_000 {
            switch index % 7 {
            case 0: expected.append(.unusable(name: "folder \(index)", message: "folder cannot be listed (permission denied?)"))
            case 1: expected.append(.file("/reports/é crit/\(index)\nwith a line break.txt"))
            case 2: expected.append(.file(""))
            case 3: expected.append(.file("/" + String(repeating: "long-name-", count: 9_000) + "\(index)"))  // longer than a read chunk
            default: expected.append(.file("/reports/\(index).txt"))
            }
        }
        // A small memory allowance sends most of the list to the temporary file.
        for allowance in [1 << 30, 4 << 10] {
            let spool = SpooledItems(log: SpillLog(memoryBytes: allowance))
            for item in expected { try spool.append(item) }
            #expect(spool.count == expected.count)
            var source = spool.source()
            #expect(source.expectedCount == expected.count)
            var read: [String] = []
            while let item = try source.next() { read.append(describe(item)) }
            #expect(read == expected.map(describe))
            // Reading again from a fresh source gives the same list.
            var again = spool.source()
            #expect(try again.next().map(describe) == describe(expected[0]))
        }
    }

    @Test func anEmptySpoolEndsAtOnce() throws {
        var source = SpooledItems().source()
        #expect(try source.next() == nil)
        #expect(source.expectedCount == 0)
    }

    @Test func walkSortsEachFolderByBytesAndSkipsHiddenNames() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("walk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        // Written out of order; é (C3 A9) sorts after every ASCII byte, `B` before `a`.
        for name in ["é.txt", "b.txt", "a.txt", "B.txt", "a.txt.bak", ".hidden.txt", "sub/deeper/x.txt", "sub/1.txt"] {
            try "text".write(to: root.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("linked").path, withDestinationPath: root.appendingPathComponent("sub").path)
        var names: [String] = []
        InputResolver.forEachItem([root.path], base: root, isNew: { _ in true }) { item in
            if case .file(let path) = item { names.append(String(path.dropFirst(root.path.count + 1))) }
        }
        // A linked folder is walked like a real one (its entry type is a link, so it is followed).
        #expect(names == ["B.txt", "a.txt", "a.txt.bak", "b.txt", "linked/1.txt", "linked/deeper/x.txt",
                          "sub/1.txt", "sub/deeper/x.txt", "é.txt"])
    }

    @Test func aLinkBackToAnEnclosingFolderIsReportedOnce() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("loop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try "text".write(to: root.appendingPathComponent("a/b/x.txt"), atomically: false, encoding: .utf8)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("a/b/up").path, withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("a/self").path, withDestinationPath: ".")
        // A link to a folder beside it, not around it, is an ordinary second name.
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("side").path, withDestinationPath: "a/b")
        var seen: [String] = []
        InputResolver.forEachItem([root.path], base: root, isNew: { _ in true }) { item in
            switch item {
            case .file(let path): seen.append(String(path.dropFirst(root.path.count + 1)))
            case .unusable(let name, let message): seen.append("\(PathName.lastComponent(name)): \(message)")
            case .line: break
            }
        }
        // side/up is folder a reached from inside b only, so it is walked; inside it, b and
        // self lead back to folders side/up is in.
        let loop = ": a symbolic link back to a folder it is in; not walked again"
        #expect(seen == ["up" + loop, "a/b/x.txt", "self" + loop, "b" + loop, "self" + loop, "side/x.txt"])
    }

    /// Globs are matched a folder at a time; they must find what glob(3) finds.
    @Test func globsMatchLikeGlob3() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("glob-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        // `2024-01` and `2024.old` sort before `2024` as whole paths (`-` and `.` come before `/`).
        for dir in ["2024/jan", "2024/feb", "2025/jan", ".cache/jan", "2024.old", "2024-01", "notes"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        for file in ["2024/jan/a.txt", "2024/jan/b.md", "2024/feb/c.txt", "2025/jan/d.txt", ".cache/jan/e.txt",
                     "2024.old/f.txt", "2024-01/i.txt", "notes/.g.txt", "notes/h.txt", "top.txt"] {
            try "text".write(to: root.appendingPathComponent(file), atomically: false, encoding: .utf8)
        }
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("2023").path, withDestinationPath: root.appendingPathComponent("2025").path)
        for pattern in ["*/jan/*.txt", "20??/*/*", "*/*.txt", "notes/.*", "notes/*", "2024/[fj]*/?.txt", "*", "nothing/*.txt", "2024/jan/a.txt"] {
            var ours: [String] = []
            InputResolver.forEachGlobMatch(root.path + "/" + pattern) { ours.append($0) }
            var result = glob_t()
            defer { globfree(&result) }
            var theirs: [String] = []
            if glob(root.path + "/" + pattern, 0, nil, &result) == 0 {
                theirs = (0 ..< Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }
            }
            // Except on purpose: `.*` matching `.` and `..` would walk the folder itself and its parent.
            theirs.removeAll { ["." , ".."].contains(PathName.lastComponent($0)) }
            #expect(Set(ours) == Set(theirs), "\(pattern)")
            #expect(ours == theirs.sorted(), "\(pattern)")
            #expect(ours == ours.sorted(), "\(pattern)")
            #expect(!ours.isEmpty || pattern.hasPrefix("nothing"), "\(pattern)")
        }
    }

    @Test func isNewDropsFilesSeenBefore() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("seen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for name in ["1.txt", "2.txt", "3.txt"] {
            try "text".write(to: root.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        let seen = FingerprintTable(memoryEntries: 1)
        var names: [String] = []
        try InputResolver.forEachItem(["2.txt", ".", "*.txt"], base: root, isNew: { try seen.insert($0) == nil }) { item in
            if case .file(let path) = item { names.append(String(PathName.lastComponent(path))) }
        }
        #expect(names == ["2.txt", "1.txt", "3.txt"])
    }

    @Test func fileListsAreReadLineByLine() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("list-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lists"), withIntermediateDirectories: true)
        let list = root.appendingPathComponent("lists/inputs.txt")
        try "one.txt\r\n../up/two.txt\n# note\n   \n/abs/three.txt".write(to: list, atomically: false, encoding: .utf8)
        var paths: [String] = []
        try InputResolver.forEachListedPath(list.path) { paths.append($0) }
        #expect(paths == [root.path + "/lists/one.txt", root.path + "/up/two.txt", "/abs/three.txt"])
        #expect(throws: ReadError.self) { try InputResolver.forEachListedPath(root.path + "/missing.txt") { _ in } }
    }
}
