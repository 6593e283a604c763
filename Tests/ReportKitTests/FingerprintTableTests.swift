import Foundation
import Testing
@testable import ReportKit

/// A fresh empty folder for one test's spill files, removed by `body`'s end.
private func withScratchFolder<T>(_ body: (String) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("fingerprint-table-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try body(folder)
}

private func entries(of folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder)
}

private func path(_ index: Int) -> String {
    "/reports/batch-\(index % 13)/report-\(index).txt"
}

@Suite struct FingerprintTableTests {
    @Test func keysBelowAndAcrossTheMoveToDisk() throws {
        try withScratchFolder { (folder: String) throws in
            let table = FingerprintTable(memoryEntries: 8, temporaryFolder: folder)
            for index in 0 ..< 8 {
                #expect(try table.insert(path(index), value: UInt64(index) + 100) == nil)
            }
            #expect(!table.isOnDisk)
            #expect(table.count == 8)
            // A present key does not count against the limit and does not move the table.
            #expect(try table.insert(path(3), value: 999) == 103)
            #expect(!table.isOnDisk)
            #expect(try table.insert(path(8), value: 108) == nil)
            #expect(table.isOnDisk)
            for index in 9 ..< 20 {
                #expect(try table.insert(path(index), value: UInt64(index) + 100) == nil)
            }
            #expect(table.count == 20)
            for index in 0 ..< 20 {
                #expect(try table.value(for: path(index)) == UInt64(index) + 100)
                #expect(try table.contains(path(index)))
            }
            for index in 20 ..< 40 {
                #expect(try !table.contains(path(index)))
                #expect(try table.value(for: path(index)) == nil)
            }
            #expect(try table.insert(path(0), value: 1) == 100)
            #expect(try table.value(for: path(0)) == 100)
            #expect(table.count == 20)
        }
    }

    @Test func fiftyThousandKeysThroughSeveralGrowths() throws {
        try withScratchFolder { (folder: String) throws in
            let table = FingerprintTable(memoryEntries: 8, temporaryFolder: folder)
            let total = 50_000
            for index in 0 ..< total {
                let previous = try table.insert(path(index), value: UInt64(index) &* 7 &+ 3)
                if previous != nil {
                    Issue.record("new key \(path(index)) reported as present with \(previous!)")
                    return
                }
            }
            #expect(table.isOnDisk)
            #expect(table.count == total)
            var wrong = 0
            var phantom = 0
            var replaced = 0
            for index in 0 ..< total where try table.value(for: path(index)) != UInt64(index) &* 7 &+ 3 { wrong += 1 }
            for index in total ..< 2 * total where try table.contains(path(index)) { phantom += 1 }
            for index in 0 ..< total where try table.insert(path(index), value: 0) != UInt64(index) &* 7 &+ 3 { replaced += 1 }
            #expect(wrong == 0)
            #expect(phantom == 0)
            #expect(replaced == 0)
            #expect(table.count == total)
            #expect(try table.value(for: path(12_345)) == 12_345 * 7 + 3)
        }
    }

    /// Keys are byte strings: one byte apart, empty, and canonically equal but differently
    /// encoded strings are all distinct keys.
    @Test(arguments: [1_000, 0])
    func awkwardKeys(memoryEntries: Int) throws {
        try withScratchFolder { (folder: String) throws in
            let table = FingerprintTable(memoryEntries: memoryEntries, temporaryFolder: folder)
            let keys = ["", "\u{0}", "a", "b", "ab", "abc", "abd", "/out/report-1.md", "/out/report-1.md ",
                        "/out/report-2.md", "/out/Report-1.md", "café", "cafe\u{301}", "新闻报道.txt",
                        "新闻报道.tx", "😀", "😁", String(repeating: "x", count: 10_000),
                        String(repeating: "x", count: 10_001)]
            // Values from the top of the range: all 64 bits are kept.
            for (index, key) in keys.enumerated() {
                #expect(try table.insert(key, value: UInt64.max - UInt64(index)) == nil, "\(key.debugDescription) seen before")
            }
            #expect(table.count == keys.count)
            #expect(table.isOnDisk == (memoryEntries == 0))
            for (index, key) in keys.enumerated() {
                #expect(try table.value(for: key) == UInt64.max - UInt64(index), "\(key.debugDescription)")
                #expect(try table.insert(key, value: 77) == UInt64.max - UInt64(index))
            }
            for absent in ["abe", "/out/report-3.md", "cafè", "😂", " "] {
                #expect(try !table.contains(absent), "\(absent.debugDescription)")
            }
            #expect(table.count == keys.count)
        }
    }

    @Test func theTemporaryFolderHoldsNoNamedFile() throws {
        try withScratchFolder { (folder: String) throws in
            do {
                let table = FingerprintTable(memoryEntries: 8, temporaryFolder: folder)
                let log = SpillLog(memoryBytes: 16, temporaryFolder: folder)
                for index in 0 ..< 5_000 {
                    _ = try table.insert(path(index), value: UInt64(index))
                    try log.append(Array(path(index).utf8))
                    if index % 500 == 0 {
                        #expect(try entries(of: folder) == [], "after \(index) keys")
                    }
                }
                #expect(table.isOnDisk && log.isOnDisk)
                #expect(try entries(of: folder) == [])
            }
            #expect(try entries(of: folder) == [])
        }
    }

    /// The fallback for file systems without O_TMPFILE names the file only until it is unlinked.
    @Test func theNamedFallbackFileIsUnlinkedAtOnce() throws {
        try withScratchFolder { (folder: String) throws in
            let file = try SpillFile(folder: folder, allowUnnamed: false)
            #expect(try entries(of: folder) == [])
            let written: [UInt8] = Array("claimed by report 42".utf8)
            try written.withUnsafeBytes { try file.write($0, at: 1_000) }
            var read = [UInt8](repeating: 0, count: written.count)
            try read.withUnsafeMutableBytes { try file.read(into: $0, at: 1_000) }
            #expect(read == written)
            #expect(throws: SpillError.self) {
                var past = [UInt8](repeating: 0, count: 8)
                try past.withUnsafeMutableBytes { try file.read(into: $0, at: 1_016) }
            }
        }
    }

    @Test func aFullDiskIsAThrownErrorThatSaysSo() throws {
        let descriptor = open("/dev/full", O_RDWR)
        try #require(descriptor >= 0)
        let file = SpillFile(adopting: descriptor, folder: "/dev")
        let bytes: [UInt8] = [1, 2, 3]
        do {
            try bytes.withUnsafeBytes { try file.write($0, at: 0) }
            Issue.record("a write to /dev/full succeeded")
        } catch let error as SpillError {
            #expect(error.description.contains("/dev"), "\(error)")
            #expect(error.description.contains(String(cString: strerror(ENOSPC))), "\(error)")
        }
    }

    @Test func spillLogReadsBackAcrossTheMoveToDisk() throws {
        try withScratchFolder { (folder: String) throws in
            let log = SpillLog(memoryBytes: 100, temporaryFolder: folder)
            var records: [(offset: Int, bytes: [UInt8])] = []
            var generator = SystemRandomNumberGenerator()
            var everything: [UInt8] = []
            var misplaced = 0
            for index in 0 ..< 12_000 {
                // Lengths 0 to 40, with every byte value, so flushes land inside records.
                let bytes = (0 ..< index % 41).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
                let offset = try log.append(bytes)
                if offset != everything.count { misplaced += 1 }
                records.append((offset, bytes))
                everything += bytes
                if index == 3 { #expect(!log.isOnDisk) }
            }
            #expect(misplaced == 0)
            #expect(log.isOnDisk)
            #expect(log.count == everything.count)
            var mismatches = 0
            for record in records where try log.read(at: record.offset, count: record.bytes.count) != record.bytes {
                mismatches += 1
            }
            #expect(mismatches == 0)
            // Ranges that run from the file into the bytes not yet written, and the whole log.
            for start in stride(from: 0, to: everything.count, by: 7_919) {
                let length = min(70_000, everything.count - start)
                #expect(try log.read(at: start, count: length) == Array(everything[start ..< start + length]))
            }
            #expect(try log.read(at: 0, count: everything.count) == everything)
            #expect(try log.read(at: everything.count, count: 0) == [])
            #expect(throws: SpillError.self) { try log.read(at: everything.count - 2, count: 3) }
            #expect(throws: SpillError.self) { try log.read(at: -1, count: 1) }
            #expect(throws: SpillError.self) { try log.read(at: 0, count: -1) }
        }
    }

    @Test func spillLogInMemoryNeedsNoFolder() throws {
        let log = SpillLog(memoryBytes: 64, temporaryFolder: "/nonexistent/reportkit-spill")
        let first = try log.append([1, 2, 3])
        let second = try log.append([4, 5])
        #expect(first == 0 && second == 3)
        #expect(try log.read(at: 2, count: 3) == [3, 4, 5])
        #expect(!log.isOnDisk)
    }

    @Test func anUnusableFolderIsAThrownErrorThatNamesIt() throws {
        let missing = "/nonexistent/reportkit-spill-\(UUID().uuidString)"
        try withScratchFolder { (folder: String) throws in
            let notAFolder = folder + "/plain-file"
            #expect(FileManager.default.createFile(atPath: notAFolder, contents: Data("x".utf8)))
            for place in [missing, notAFolder] {
                let table = FingerprintTable(memoryEntries: 4, temporaryFolder: place)
                for index in 0 ..< 4 { _ = try table.insert(path(index), value: UInt64(index)) }
                do {
                    _ = try table.insert(path(4))
                    Issue.record("a table spilled into \(place)")
                } catch let error as SpillError {
                    #expect(error.description.contains(place), "\(error)")
                }
                // The failed move leaves the table in memory, whole, and still usable.
                #expect(!table.isOnDisk)
                #expect(table.count == 4)
                #expect(try table.value(for: path(2)) == 2)
                #expect(try !table.contains(path(4)))

                let log = SpillLog(memoryBytes: 4, temporaryFolder: place)
                try log.append([9, 9])
                #expect(throws: SpillError.self) { try log.append([1, 2, 3]) }
                #expect(log.count == 2)
                #expect(try log.read(at: 0, count: 2) == [9, 9])

                #expect(throws: SpillError.self) { _ = try SpillFile(folder: place, allowUnnamed: false) }
            }
        }
    }
}
