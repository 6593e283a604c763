import Foundation
import Testing
@testable import ReportKit

/// The byte-level path helpers must agree with Foundation, which they stand in for.
@Suite struct PathNameTests {
    static let names = ["a.txt", "/x/y/a.txt", "/x/y/a.txt/", "a.", ".hidden", ".hidden.txt", "a.b.c", "/", "", "a/",
                        "dir.d/file", "x/.txt", "..", ".", "a..b", "a.b.", "/x/y//z.md", "noext", "é.HTML", "/x/ünï.cödé"]

    @Test func componentsAndExtensionsMatchNSString() {
        for path in Self.names {
            let ns = path as NSString
            #expect(String(PathName.lastComponent(path)) == ns.lastPathComponent, "\(path)")
            let (stem, ext) = PathName.stemAndExtension(path)
            #expect(String(ext) == ns.pathExtension, "\(path)")
            #expect(String(stem) == (ns.lastPathComponent as NSString).deletingPathExtension, "\(path)")
        }
    }

    @Test func standardizingMatchesURL() {
        let paths = ["/a/b", "/a//b", "/a/./b", "/a/../b", "/a/b/", "/a/b/.", "/", "/a/b/..", "/.x/y", "/a/...", "/a/..b/c.",
                     "/a/b.", "//a", "/a/.hidden/b"]
        for path in paths {
            let expected = URL(fileURLWithPath: path).standardizedFileURL.path
            #expect(PathName.standardized(path) == expected, "\(path)")
            #expect(PathName.isStandardAbsolute(path) == (path == expected), "\(path)")
        }
        #expect(PathName.standardized("c/d.txt", base: "/base") == "/base/c/d.txt")
        #expect(PathName.standardized("../d.txt", base: "/base/sub/") == "/base/d.txt")
        #expect(!PathName.isStandardAbsolute("relative/path"))
    }

    @Test func canonicalResolvesLinksAndFallsBackForMissingFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reportkit-paths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("real.txt")
        try Data("x".utf8).write(to: target)
        let link = folder.appendingPathComponent("link.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        #expect(PathName.canonical(link.path) == PathName.canonical(target.path))
        #expect(PathName.canonical(link.path).hasSuffix("/real.txt"))
        let missing = folder.appendingPathComponent("gone/../missing.txt").path
        #expect(PathName.canonical(missing).hasSuffix("/missing.txt"))
        #expect(!PathName.canonical(missing).contains(".."))
    }
}
