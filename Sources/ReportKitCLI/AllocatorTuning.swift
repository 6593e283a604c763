import CMalloc
import Foundation

/// Keeps glibc's allocator from handing memory back to the kernel after every report.
///
/// Each report allocates and frees a few hundred kilobytes (the summary's sentence graph is
/// the largest piece). With glibc's defaults those blocks are mapped fresh or the heap is
/// trimmed after every report, so the next report takes page faults on the same memory
/// again: 60 faults a report on the example pipeline, about a tenth of a one-core run in
/// kernel time. Fixed thresholds of a few megabytes keep that memory in the process; peak
/// memory does not grow with the batch, since one report's worth is what stays.
enum AllocatorTuning {
    /// Blocks at least this large are still mapped on their own (and returned when freed).
    static let mapThreshold: Int32 = 4 << 20
    /// Free memory at the top of the heap is returned once it exceeds this.
    static let trimThreshold: Int32 = 8 << 20

    /// Sets the thresholds, unless `GLIBC_TUNABLES` already sets the allocator's own.
    static func apply() {
        #if os(Linux) && canImport(Glibc)
        if let tunables = ProcessInfo.processInfo.environment["GLIBC_TUNABLES"], tunables.contains("glibc.malloc.") { return }
        _ = mallopt(M_MMAP_THRESHOLD, mapThreshold)
        _ = mallopt(M_TRIM_THRESHOLD, trimThreshold)
        #endif
    }
}
