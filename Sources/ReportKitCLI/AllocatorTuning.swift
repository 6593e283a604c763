import CMalloc
import Foundation

/// Keeps glibc's allocator from handing memory back to the kernel after every report.
///
/// Each report allocates and frees a few hundred kilobytes (the summary's sentence graph is
/// the largest piece). With glibc's defaults those blocks are mapped fresh or the heap is
/// trimmed after every report, so the next report takes page faults on the same memory
/// again: 60 faults a report on the example pipeline, about a tenth of a one-core run in
/// kernel time. Fixed thresholds of a megabyte keep a report's worth of memory in the
/// process (1,500 faults a run instead of 55,000). Larger ones (4 and 8 MB) also kept what
/// a batch of 100,000 files frees along the way, and its peak memory grew 10 % over a
/// batch of 1,000; at 1 MB it grows 5 %, as with glibc's defaults (4 %).
enum AllocatorTuning {
    /// Blocks at least this large are still mapped on their own (and returned when freed).
    static let mapThreshold: Int32 = 1 << 20
    /// Free memory at the top of the heap is returned once it exceeds this.
    static let trimThreshold: Int32 = 1 << 20

    /// Sets the thresholds, unless `GLIBC_TUNABLES` already sets the allocator's own.
    static func apply() {
        #if os(Linux) && canImport(Glibc)
        if let tunables = ProcessInfo.processInfo.environment["GLIBC_TUNABLES"], tunables.contains("glibc.malloc.") { return }
        _ = mallopt(M_MMAP_THRESHOLD, mapThreshold)
        _ = mallopt(M_TRIM_THRESHOLD, trimThreshold)
        #endif
    }
}
