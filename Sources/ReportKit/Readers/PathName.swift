import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path names taken apart on their bytes. Foundation's `URL` and `NSString` path methods
/// cost microseconds a call, and a batch of a million files calls them several times per
/// file (to name, identify and classify each input), so the common cases are done here and
/// only unusual paths go through Foundation.
public enum PathName {
    private static let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")

    /// The last component, trailing slashes ignored (`/a/b.txt/` → `b.txt`); `/` for the root.
    /// Matches `NSString.lastPathComponent`.
    public static func lastComponent(_ path: String) -> Substring {
        let utf8 = path.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == slash { end = utf8.index(before: end) }
        if end == utf8.startIndex { return path.isEmpty ? "" : "/" }
        var start = end
        while start > utf8.startIndex, utf8[utf8.index(before: start)] != slash { start = utf8.index(before: start) }
        return path[start ..< end]
    }

    /// The last component split at its last dot: `report.v2.txt` → (`report.v2`, `txt`). A leading
    /// dot starts a name, not an extension (`.profile` has none), like `NSString.pathExtension`.
    public static func stemAndExtension(_ path: String) -> (stem: Substring, extension: Substring) {
        let name = lastComponent(path)
        if name == "." || name == ".." || name == "/" { return (name, "") }
        let utf8 = name.utf8
        guard let lastDot = utf8.lastIndex(of: dot), lastDot != utf8.startIndex else { return (name, "") }
        return (name[name.startIndex ..< lastDot], name[utf8.index(after: lastDot)...])
    }

    /// The folder of a standard absolute path: `/a/b.txt` → `/a`, `/b.txt` → `/`.
    public static func folder(of path: String) -> String {
        guard let last = path.utf8.lastIndex(of: slash), last != path.utf8.startIndex else { return "/" }
        return String(path[..<last])
    }

    /// Whether an absolute path is already in the form `URL.standardizedFileURL` gives: no
    /// empty, `.` or `..` component and no trailing slash.
    public static func isStandardAbsolute(_ path: String) -> Bool {
        var iterator = path.utf8.makeIterator()
        guard iterator.next() == slash else { return false }
        var componentLength = 0, dots = 0, components = 0
        while let byte = iterator.next() {
            if byte == slash {
                // An empty component (`//`) or one of only one or two dots.
                if componentLength == 0 || (dots == componentLength && dots <= 2) { return false }
                componentLength = 0
                dots = 0
                components += 1
            } else {
                componentLength += 1
                if byte == dot { dots += 1 }
            }
        }
        if componentLength == 0 { return components == 0 && path.utf8.count == 1 }  // `/` alone, or a trailing slash
        return !(dots == componentLength && dots <= 2)
    }

    /// `path` made absolute against `base` (when relative) and standardized, without a trip
    /// through `URL` when it is standard already.
    public static func standardized(_ path: String, base: String? = nil) -> String {
        let absolute: String
        if path.utf8.first == slash {
            absolute = path
        } else {
            let folder = base ?? FileManager.default.currentDirectoryPath
            absolute = folder.utf8.last == slash ? folder + path : folder + "/" + path
        }
        return isStandardAbsolute(absolute) ? absolute : URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// The absolute path with every symbolic link resolved (`realpath`), or the standardized
    /// path with `URL`'s resolution when the file does not exist.
    public static func canonical(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        return URL(fileURLWithPath: standardized(path)).resolvingSymlinksInPath().path
    }
}
