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

    /// Whether the pattern names at least one file; a folder walk stops at the first.
    public static func namesAnyFile(_ pattern: String, base: URL) -> Bool {
        struct Found: Error {}
        do {
            try forEachItem([pattern], base: base, isNew: { _ in true }) { item in
                if case .file = item { throw Found() }
            }
        } catch {
            return true
        }
        return false
    }

    /// The batch items the patterns name: files in pattern order, each glob's matches and each
    /// folder's files sorted by path (so every run and every shard sees the same order), each
    /// file once. A folder that cannot be listed becomes an `.unusable` item, so that it is
    /// reported and counted rather than silently missing. Hidden files and folders are skipped
    /// in walks. `-` is standard input.
    public static func resolve(_ patterns: [String], base: URL, filter: Filter = Filter()) -> [BatchItem] {
        var out: [BatchItem] = []
        var seen: Set<String> = []
        forEachItem(patterns, base: base, filter: filter, isNew: { seen.insert($0).inserted }) { out.append($0) }
        return out
    }

    /// Hands the items `resolve` would return to `body`, one at a time, without holding them:
    /// a folder of a million files costs the memory of its largest folder's names. `isNew` is
    /// asked about every file path found and drops the ones it answers false for (the caller
    /// keeps the paths seen, in whatever store suits the batch's size).
    public static func forEachItem(_ patterns: [String], base: URL, filter: Filter = Filter(),
                                   isNew: (String) throws -> Bool, _ body: (BatchItem) throws -> Void) rethrows {
        let basePath = base.path
        for pattern in patterns {
            if pattern == "-" { try body(.file("-")); continue }
            let absolute = PathName.standardized(pattern, base: basePath)  // no `./` or `../` in names
            if hasGlob(pattern) {
                try forEachGlobMatch(absolute) { try forEachNewItem(under: $0, filter: filter, isNew: isNew, body) }
            } else if exists(absolute) {
                try forEachNewItem(under: absolute, filter: filter, isNew: isNew, body)
            }
        }
    }

    /// The paths listed in a file list, one per line (blank lines and `#` comments skipped),
    /// relative ones resolved against the list's folder; `-` reads the list from standard input.
    public static func readFileList(_ path: String) throws -> [String] {
        var paths: [String] = []
        try forEachListedPath(path) { paths.append($0) }
        return paths
    }

    /// Hands `readFileList`'s paths to `body` as the list is read, without holding them.
    public static func forEachListedPath(_ path: String, _ body: (String) throws -> Void) throws {
        let reader: LineReader
        do {
            reader = try LineReader(path: path)
        } catch {
            throw ReadError(path: path, "the file list cannot be read")
        }
        let base = path == "-" ? FileManager.default.currentDirectoryPath : PathName.folder(of: PathName.standardized(path))
        while let line = try nextLine(of: reader, listedIn: path) {
            guard case .bytes(let data) = line.content else {
                throw ReadError(path: path, "line \(line.number) of the file list is too long to be a path")
            }
            let entry = String(decoding: data, as: UTF8.self).trimmingSpaces()
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            try body(entry.hasPrefix("/") ? String(entry) : PathName.standardized(String(entry), base: base))
        }
    }

    /// The reader's next line, with a read error (the list is a folder, say) named after the list.
    private static func nextLine(of reader: LineReader, listedIn path: String) throws -> LineReader.Line? {
        do {
            return try reader.nextLine()
        } catch let error as ReadError {
            throw ReadError(path: path, "the file list cannot be read (\(error.message))")
        }
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

    private static func forEachNewItem(under path: String, filter: Filter, isNew: (String) throws -> Bool,
                                       _ body: (BatchItem) throws -> Void) rethrows {
        try forEachItem(under: path, filter: filter) { item in
            if case .file(let path) = item, try !isNew(path) { return }
            try body(item)
        }
    }

    static func forEachItem(under path: String, filter: Filter, _ body: (BatchItem) throws -> Void) rethrows {
        guard isDirectory(path) else { return try body(.file(path)) }
        try walk(path, relative: "", filter: filter, enclosing: [], body)
    }

    /// A folder as the file system knows it, whatever the path that led there.
    struct FolderIdentity: Equatable {
        var device: UInt64
        var inode: UInt64

        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// Depth-first, entries sorted by name (their UTF-8 bytes) at each level, a folder's files
    /// coming where its name sorts. Each folder's names are held in one byte buffer while it is
    /// walked.
    /// A linked folder that leads back to one the walk is inside is reported, not walked again
    /// (it would repeat the same files under ever longer names).
    static func walk(_ folder: String, relative: String, filter: Filter, enclosing: [FolderIdentity],
                     _ body: (BatchItem) throws -> Void) rethrows {
        let identity = FolderIdentity(folder)
        if let identity, enclosing.contains(identity) {
            return try body(.unusable(name: display(folder), message: "a symbolic link back to a folder it is in; not walked again"))
        }
        guard let listing = FolderListing(folder) else {
            return try body(.unusable(name: display(folder), message: "folder cannot be listed (permission denied?)"))
        }
        let inside = identity.map { enclosing + [$0] } ?? enclosing
        let prefix = folder.utf8.last == UInt8(ascii: "/") ? folder : folder + "/"
        for entry in listing.entries {
            let name = listing.name(of: entry)
            let full = prefix + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            let isFolder: Bool
            switch entry.kind {
            case .folder: isFolder = true
            case .file: isFolder = false
            case .unknown: isFolder = isDirectory(full)  // a link or a file system without entry types: follow it
            }
            if isFolder {
                if filter.entersFolder(rel) { try walk(full, relative: rel, filter: filter, enclosing: inside, body) }
            } else if filter.keepsFile(rel) {
                try body(.file(full))
            }
        }
    }

    /// The paths an absolute glob matches, in order: one component at a time, each folder the
    /// pattern reaches listed sorted, so matches are never all held at once. Like glob(3), a
    /// wildcard does not match a leading dot, and folders that cannot be listed are passed over.
    static func forEachGlobMatch(_ pattern: String, _ body: (String) throws -> Void) rethrows {
        let components = pattern.split(separator: "/").map(String.init)
        try matchGlob(from: "/", components[...], body)
    }

    private static func matchGlob(from folder: String, _ components: ArraySlice<String>, _ body: (String) throws -> Void) rethrows {
        guard let head = components.first else { return try body(folder) }
        let rest = components.dropFirst()
        let prefix = folder == "/" ? "/" : folder + "/"
        guard hasGlob(head) else {
            let path = prefix + head
            if rest.isEmpty ? exists(path) : isDirectory(path) { try matchGlob(from: path, rest, body) }
            return
        }
        guard let listing = FolderListing(folder, includeHidden: head.hasPrefix("."), asFolders: !rest.isEmpty) else { return }
        for entry in listing.entries {
            let name = listing.name(of: entry)
            guard name != ".", name != "..", fnmatch(head, name, FNM_PERIOD) == 0 else { continue }
            let path = prefix + name
            if rest.isEmpty {
                try body(path)
            } else if entry.kind == .folder || (entry.kind == .unknown && isDirectory(path)) {
                try matchGlob(from: path, rest, body)
            }
        }
    }
}

/// The names in one folder (hidden ones, starting with a dot, left out unless asked for),
/// packed in one byte buffer, with what `readdir` says each entry is. The folder is read
/// twice, first to size the buffers exactly: a folder of 100,000 files then costs about 2 MB
/// while it is walked, with no reallocation peaks.
struct FolderListing {
    enum Kind: UInt8 { case file, folder, unknown }
    /// 8 bytes: a name is at most 255 bytes (NAME_MAX) on Linux file systems.
    struct Entry {
        var start: UInt32
        var length: UInt16
        var kind: Kind
    }

    private var bytes: [UInt8] = []
    private(set) var entries: [Entry] = []

    /// Nil when the folder cannot be opened. Hidden names are kept only when asked for.
    /// `asFolders` orders names as they sort with a `/` after them (`2024/` after `2024-01/`),
    /// so that walking them in turn gives their contents in the order of the whole paths.
    init?(_ path: String, includeHidden: Bool = false, asFolders: Bool = false) {
        guard let handle = opendir(path) else { return nil }
        defer { closedir(handle) }
        var count = 0, total = 0
        Self.forEachName(handle, includeHidden: includeHidden) { name, _ in
            count += 1
            total += name.count
        }
        rewinddir(handle)
        entries.reserveCapacity(count)
        bytes.reserveCapacity(total)
        Self.forEachName(handle, includeHidden: includeHidden) { name, kind in
            // A folder over 4 GB of names, or a name over 64 KB, is beyond any real file system.
            guard bytes.count + name.count <= Int(UInt32.max), name.count <= Int(UInt16.max) else { return }
            entries.append(Entry(start: UInt32(bytes.count), length: UInt16(name.count), kind: kind))
            bytes.append(contentsOf: name)
        }
        sortByName(asFolders: asFolders)
    }

    private static func forEachName(_ handle: OpaquePointer, includeHidden: Bool, _ body: (UnsafeRawBufferPointer, Kind) -> Void) {
        while let record = readdir(handle) {
            let kind: Kind
            switch Int32(record.pointee.d_type) {
            case Int32(DT_DIR): kind = .folder
            case Int32(DT_REG): kind = .file
            default: kind = .unknown
            }
            withUnsafeBytes(of: &record.pointee.d_name) { raw in
                let length = strnlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)
                guard length > 0, includeHidden || raw[0] != UInt8(ascii: ".") else { return }
                body(UnsafeRawBufferPointer(rebasing: raw[0 ..< length]), kind)
            }
        }
    }

    /// Orders the entries by their names' bytes, in place.
    private mutating func sortByName(asFolders: Bool) {
        guard !entries.isEmpty else { return }
        let slash = UInt8(ascii: "/")
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            entries.sort { a, b in
                let common = Int(min(a.length, b.length))
                let order = memcmp(base + Int(a.start), base + Int(b.start), common)
                if order != 0 || a.length == b.length { return order < 0 }
                guard asFolders else { return a.length < b.length }
                // One name starts the other: the shorter one's `/` meets the longer one's next byte.
                return a.length < b.length ? slash < base[Int(b.start) + common] : base[Int(a.start) + common] < slash
            }
        }
    }

    func name(of entry: Entry) -> String {
        String(decoding: bytes[Int(entry.start) ..< Int(entry.start) + Int(entry.length)], as: UTF8.self)
    }
}
