import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns input patterns (paths, globs, folders) into a sorted list of files.
public enum InputResolver {
    public static func hasGlob(_ pattern: String) -> Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// Every file the patterns name, relative patterns resolved against `base`, in pattern
    /// order and sorted within each pattern; folders are walked recursively. `-` stays `-`.
    public static func expand(_ patterns: [String], base: URL) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        for pattern in patterns {
            if pattern == "-" { out.append("-"); continue }
            let absolute = pattern.hasPrefix("/") ? pattern : base.appendingPathComponent(pattern).path
            var matches: [String] = []
            if hasGlob(pattern) {
                matches = glob(absolute)
            } else if FileManager.default.fileExists(atPath: absolute) {
                matches = [absolute]
            }
            for match in matches {
                for file in filesUnder(match) where seen.insert(file).inserted {
                    out.append(file)
                }
            }
        }
        return out
    }

    /// A path as the user would like to see it: relative to the current folder when inside it.
    public static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        return standardized.hasPrefix(cwd) ? String(standardized.dropFirst(cwd.count)) : path
    }

    static func filesUnder(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(relative)
            var dir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue,
               !(relative as NSString).lastPathComponent.hasPrefix(".") {
                files.append(full)
            }
        }
        return files.sorted()
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
