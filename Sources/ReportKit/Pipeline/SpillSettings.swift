import Foundation

/// How much of a batch's bookkeeping (paths seen, input paths, claimed outputs) stays in
/// memory before it moves to temporary files. The default keeps small batches at memory
/// speed and caps large ones at a few hundred kilobytes per table;
/// `REPORTKIT_SPILL_ENTRIES` sets it (a small value exercises the disk path in tests).
public enum SpillSettings {
    /// Keys a ``FingerprintTable`` holds in memory before it moves to a temporary file.
    public static let tableEntries: Int = {
        if let text = ProcessInfo.processInfo.environment["REPORTKIT_SPILL_ENTRIES"], let value = Int(text), value >= 1 {
            return value
        }
        return 4_096
    }()

    /// Bytes a ``SpillLog`` holds in memory before it moves to a temporary file.
    public static var logBytes: Int { tableEntries * 16 }
}
