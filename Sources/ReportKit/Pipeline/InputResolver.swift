import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns input patterns (paths, globs, folders, file lists) into the ordered items of a batch.
public enum InputResolver {
    public static func hasGlob(_ pattern: String) -> Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// Which files a folder walk keeps.
    public struct Filter: Sendable, Equatable {
        /// Shell patterns a file must match (any of them); empty keeps every file.
        public var include: [String]
        /// Shell patterns that drop a file, or a whole folder when they match its name.
        public var exclude: [String]

        public init(include: [String] = [], exclude: [String] = []) {
            self.include = include
            self.exclude = exclude
        }

        /// A pattern with a `/` is matched against the path relative to the walked folder,
        /// one without against the file name alone.
        static func matches(_ pattern: String, relative: String) -> Bool {
            let subject = pattern.contains("/") ? relative : String(PathName.lastComponent(relative))
            return fnmatch(pattern, subject, 0) == 0
        }

        func keepsFile(_ relative: String) -> Bool {
            if exclude.contains(where: { Self.matches($0, relative: relative) }) { return false }
            return include.isEmpty || include.contains { Self.matches($0, relative: relative) }
        }

        func entersFolder(_ relative: String) -> Bool {
            !exclude.contains { Self.matches($0, relative: relative) }
        }
    }

    /// Every file the patterns name, relative patterns resolved against `base`, in pattern
    /// order and sorted within each pattern; folders are walked recursively. `-` stays `-`.
    public static func expand(_ patterns: [String], base: URL) -> [String] {
        resolve(patterns, base: base).compactMap { item in
            if case .file(let path) = item { return path }
            return nil
        }
    }

    /// The batch items the patterns name: files in pattern order, each glob's matches and each
    /// folder's files sorted by path (so every run and every shard sees the same order), each
    /// file once. A folder that cannot be listed becomes an `.unusable` item, so that it is
    /// reported and counted rather than silently missing. Hidden files and folders are skipped
    /// in walks. `-` is standard input.
    public static func resolve(_ patterns: [String], base: URL, filter: Filter = Filter()) -> [BatchItem] {
        var out: [BatchItem] = []
        var seen: Set<String> = []
        let basePath = base.path
        for pattern in patterns {
            if pattern == "-" { out.append(.file("-")); continue }
            let absolute = PathName.standardized(pattern, base: basePath)  // no `./` or `../` in names
            let matches = hasGlob(pattern) ? glob(absolute) : (exists(absolute) ? [absolute] : [])
            for match in matches {
                for item in itemsUnder(match, filter: filter) {
                    if case .file(let path) = item, !seen.insert(path).inserted { continue }
                    out.append(item)
                }
            }
        }
        return out
    }

    /// The paths listed in a file list, one per line (blank lines and `#` comments skipped),
    /// relative ones resolved against the list's folder; `-` reads the list from standard input.
    public static func readFileList(_ path: String) throws -> [String] {
        let data: Data
        let base: URL
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
            base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ReadError(path: path, "the file list cannot be read")
            }
            data = contents
            base = URL(fileURLWithPath: path).deletingLastPathComponent()
        }
        var paths: [String] = []
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let entry = line.trimmingSpaces()
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            paths.append(entry.hasPrefix("/") ? String(entry) : base.appendingPathComponent(String(entry)).path)
        }
        return paths
    }

    /// A path as the user would like to see it: relative to the current folder when inside it.
    public static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let standardized = PathName.standardized(path)
        return standardized.hasPrefix(cwd) ? String(standardized.dropFirst(cwd.count)) : path
    }

    /// True for anything at the path, including a symbolic link whose target is missing
    /// (it then fails as a report, with a message, instead of vanishing from the batch).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func itemsUnder(_ path: String, filter: Filter) -> [BatchItem] {
        guard isDirectory(path) else { return [.file(path)] }
        var items: [BatchItem] = []
        walk(path, relative: "", filter: filter, into: &items)
        return items
    }

    /// Depth-first, entries sorted by name at each level, which sorts the whole walk by path.
    static func walk(_ folder: String, relative: String, filter: Filter, into items: inout [BatchItem]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            items.append(.unusable(name: display(folder), message: "folder cannot be listed (permission denied?)"))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let full = folder.utf8.last == UInt8(ascii: "/") ? folder + name : folder + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            if isDirectory(full) {
                if filter.entersFolder(rel) { walk(full, relative: rel, filter: filter, into: &items) }
            } else if filter.keepsFile(rel) {
                items.append(.file(full))
            }
        }
    }

    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(result.gl_pathc) {
            if let p = result.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out.sorted()
    }
}
