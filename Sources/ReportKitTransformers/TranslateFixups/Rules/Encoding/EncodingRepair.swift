/// The repair behind the `mojibake` rule: undo UTF-8 text that was decoded with a
/// single-byte code page, once or several times, in whole or in part.
///
/// Each round tries, in order:
/// 1. the whole paragraph: re-encode it with each code page of `SingleByteCodec.all`; when
///    the bytes are UTF-8 (allowing CESU-8 surrogate pairs, the NBSP that became a space, and
///    bytes lost to `?` or U+FFFD) and the result scores lower on `MojibakeBadness` — directly
///    or after at most two more such layers — take it;
/// 2. mixed text: each run of Windows-1252 characters that spells UTF-8 sequences, decoded
///    alone when that lowers the badness around it and its neighbours are not mojibake too;
/// 3. C1 controls read as the Windows-1252 characters they stand for.
/// Rounds repeat (double and triple encoding) until nothing changes, at most six times.
/// Every output character remembers which input characters it came from, so the edits
/// recorded are as small as the repairs.
enum EncodingRepair {
    /// Characters with the range of input characters each came from.
    struct Traced: Equatable {
        var scalars: [UInt32] = []
        var from: [Int32] = []
        var to: [Int32] = []

        init() {}

        init(identity scalars: [UInt32]) {
            self.scalars = scalars
            from = (0..<Int32(scalars.count)).map { $0 }
            to = from.map { $0 + 1 }
        }

        mutating func append(_ value: UInt32, _ lo: Int32, _ hi: Int32) {
            scalars.append(value); from.append(lo); to.append(hi)
        }

        mutating func append(_ other: Traced, _ index: Int) {
            append(other.scalars[index], other.from[index], other.to[index])
        }

        static func == (a: Traced, b: Traced) -> Bool { a.scalars == b.scalars }
    }

    /// Bytes with the range of input characters each came from.
    struct TracedBytes {
        var bytes: [UInt8] = []
        var from: [Int32] = []
        var to: [Int32] = []

        mutating func append(_ byte: UInt8, _ lo: Int32, _ hi: Int32) {
            bytes.append(byte); from.append(lo); to.append(hi)
        }
    }

    /// U+FFFD re-encoded: the byte that stands for a lost one until decoding.
    static let lostByte: UInt8 = 0x1A
    static let maxRounds = 6
    /// Longer paragraphs get no look through extra layers (each look is a pass per code page)
    /// and fewer rounds, so that a huge single line stays a few passes, not hundreds.
    static let deepLimit = 1 << 16
    /// A run this long that did not repair as a whole is skipped, not retried from each character.
    static let retryLimit = 64

    /// The repaired text, or nil when nothing needs repair.
    static func repair(_ scalars: [UInt32]) -> Traced? {
        // A literal U+001A would be read back as a lost byte.
        guard scalars.contains(where: { $0 >= 0x80 }), !scalars.contains(0x1A) else { return nil }
        var text = Traced(identity: scalars)
        var changed = false
        for _ in 0..<(scalars.count > deepLimit ? 2 : maxRounds) {
            guard text.scalars.contains(where: { $0 >= 0x80 }),
                  let next = wholeText(text, depth: 0) ?? runs(text) ?? c1Controls(text) else { break }
            text = next
            changed = true
        }
        return changed ? text : nil
    }

    // MARK: - 1. The whole paragraph

    static func wholeText(_ text: Traced, depth: Int) -> Traced? {
        let before = MojibakeBadness.score(text.scalars)
        guard before > 0 else { return nil }
        for codec in SingleByteCodec.all {
            guard var bytes = encode(text, codec) else { continue }
            bytes = restoreNBSP(bytes, letterLead: codec.isLetter)
            guard let decoded = decodeUTF8(bytes, lossy: codec.name != SingleByteCodec.latin1.name),
                  decoded != text else { continue }
            if MojibakeBadness.score(decoded.scalars) < before { return decoded }
            // An intermediate layer can look as bad as the one above it (`Г‚ВЈ` → `Â£` → `£`).
            if depth < 2, text.scalars.count <= deepLimit, let deeper = wholeText(decoded, depth: depth + 1),
               MojibakeBadness.score(deeper.scalars) < before {
                return deeper
            }
        }
        return nil
    }

    static func encode(_ text: Traced, _ codec: SingleByteCodec) -> TracedBytes? {
        var out = TracedBytes()
        out.bytes.reserveCapacity(text.scalars.count)
        for k in text.scalars.indices {
            let v = text.scalars[k]
            let byte: UInt8
            if v == 0xFFFD { byte = lostByte } else if let b = codec.byte(for: v) { byte = b } else { return nil }
            out.append(byte, text.from[k], text.to[k])
        }
        return out
    }

    @inline(__always) static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }

    @inline(__always) static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    /// Puts back the 0xA0 bytes that became spaces: a space where a sequence needs its one
    /// missing continuation byte. Two-byte sequences only after a letter lead and before a
    /// letter (`Å veices` → `Šveices`, not `– D`), longer ones only before more non-ASCII.
    /// `Ã ` before a word is `à` and the word's own space (`relatifs Ã l’` → `à l’`), except
    /// in `Ã s ` (Portuguese `às`).
    static func restoreNBSP(_ input: TracedBytes, letterLead: (UInt8) -> Bool) -> TracedBytes {
        let b = input.bytes, n = b.count
        guard b.contains(0x20) else { return input }
        var out = TracedBytes()
        out.bytes.reserveCapacity(n + 4)
        var i = 0
        while i < n {
            let lead = b[i]
            let length = sequenceLength(lead)
            if length > 0, i + length <= n {
                var space = -1, ok = true
                for k in (i + 1)..<(i + length) {
                    if isContinuation(b[k]) { continue }
                    if b[k] == 0x20, space < 0 { space = k; continue }
                    ok = false; break
                }
                if ok, space >= 0 {
                    let next: UInt8 = space + 1 < n ? b[space + 1] : 0x20
                    var allowed: Bool
                    if length == 2 {
                        allowed = letterLead(lead) && (next >= 0x80 || ByteText.isLetter(next) || lead == 0xC2 || lead == 0xC3)
                    } else {
                        allowed = next >= 0x80
                    }
                    if allowed {
                        var sequence = Array(b[i..<(i + length)])
                        sequence[space - i] = 0xA0
                        allowed = String(validating: sequence, as: UTF8.self) != nil
                        if allowed {
                            let keepSpace = length == 2 && lead == 0xC3 && next != 0x20
                                && !(next == 0x73 && (space + 2 >= n || b[space + 2] == 0x20))
                            for k in 0..<length { out.append(sequence[k], input.from[i + k], input.to[i + k]) }
                            if keepSpace { out.append(0x20, input.to[space], input.to[space]) }
                            i += length
                            continue
                        }
                    }
                }
            }
            out.append(lead, input.from[i], input.to[i])
            i += 1
        }
        return out
    }

    /// Strict UTF-8, plus CESU-8 surrogate pairs; with `lossy`, a sequence whose missing bytes
    /// show as `lostByte` or `?` becomes U+FFFD. Nil when invalid or when nothing decoded to
    /// a non-ASCII character.
    static func decodeUTF8(_ input: TracedBytes, lossy: Bool) -> Traced? {
        let b = input.bytes, n = b.count
        var out = Traced()
        out.scalars.reserveCapacity(n)
        var multibyte = false
        var i = 0
        while i < n {
            let lead = b[i]
            if lead < 0x80 {
                out.append(lead == lostByte ? 0xFFFD : UInt32(lead), input.from[i], input.to[i])
                i += 1
                continue
            }
            let length = sequenceLength(lead)
            guard length > 0 else { return nil }
            if i + length <= n, (1..<length).allSatisfy({ isContinuation(b[i + $0]) }) {
                if lead == 0xED, b[i + 1] >= 0xA0, b[i + 1] <= 0xAF, i + 6 <= n, b[i + 3] == 0xED,
                   b[i + 4] >= 0xB0, b[i + 4] <= 0xBF, isContinuation(b[i + 5]) {
                    // CESU-8: a surrogate pair encoded as two three-byte sequences.
                    let high = 0xD000 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
                    let low = 0xD000 | UInt32(b[i + 4] & 0x3F) << 6 | UInt32(b[i + 5] & 0x3F)
                    out.append(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), input.from[i], input.to[i + 5])
                    i += 6; multibyte = true
                    continue
                }
                var v = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in 1..<length { v = v << 6 | UInt32(b[i + k] & 0x3F) }
                let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
                guard v >= minimum, v <= 0x10FFFF, !(v >= 0xD800 && v <= 0xDFFF) else { return nil }
                out.append(v, input.from[i], input.to[i + length - 1])
                i += length; multibyte = true
                continue
            }
            if lossy, i + length <= n {
                var marked = false, ok = true
                for k in (i + 1)..<(i + length) {
                    if isContinuation(b[k]) { continue }
                    if b[k] == lostByte || b[k] == 0x3F { marked = true; continue }
                    ok = false; break
                }
                if ok, marked {
                    out.append(0xFFFD, input.from[i], input.to[i + length - 1])
                    i += length; multibyte = true
                    continue
                }
            }
            return nil
        }
        return multibyte ? out : nil
    }

    // MARK: - 2. Runs inside mixed text

    /// A neighbour that is itself a Windows-1252 character of mojibake (not punctuation
    /// people type, a C1 control or a space) means the run is part of a bigger garble.
    static func isMojibakeNeighbour(_ v: UInt32) -> Bool {
        guard v >= 0x80, Windows1252.byte(for: v) != nil else { return false }
        switch MojibakeBadness.kind(v) {
        case .typographic, .c1, .space: return false
        default: return true
        }
    }

    static func runs(_ text: Traced) -> Traced? {
        let s = text.scalars, n = s.count
        var out = Traced()
        out.scalars.reserveCapacity(n)
        var changed = false
        var i = 0
        func length(at k: Int) -> Int {
            guard s[k] >= 0x80, let b = Windows1252.byte(for: s[k]) else { return 0 }
            return sequenceLength(b)
        }
        while i < n {
            guard length(at: i) > 0 else { out.append(text, i); i += 1; continue }
            var j = i
            var bytes = TracedBytes()
            while j < n {
                let lj = length(at: j)
                guard lj > 0 else { break }
                var sequence = TracedBytes()
                sequence.append(Windows1252.byte(for: s[j])!, text.from[j], text.to[j])
                var k = j + 1, ok = true
                while k < j + lj {
                    if k == j + 2, s[j] == 0xE2, s[j + 1] == 0x20AC, k == n || (s[k] != 0x3F && s[k] != 0xFFFD && !MojibakeBadness.isContinuation1252(s[k])) {
                        // `â€` alone: `”` whose 0x9D byte (undefined in 1252) was dropped on the way.
                        sequence.append(0x9D, text.to[j + 1], text.to[j + 1])
                        break
                    }
                    guard k < n else { ok = false; break }
                    let v = s[k]
                    if v >= 0x80, let b = Windows1252.byte(for: v), isContinuation(b) {
                        sequence.append(b, text.from[k], text.to[k])
                    } else if v == 0x20 {
                        sequence.append(0x20, text.from[k], text.to[k])
                    } else if v == 0xFFFD || v == 0x3F {
                        sequence.append(lostByte, text.from[k], text.to[k])
                    } else {
                        ok = false; break
                    }
                    k += 1
                }
                guard ok else { break }
                for m in sequence.bytes.indices { bytes.append(sequence.bytes[m], sequence.from[m], sequence.to[m]) }
                j = k
            }
            if j == i { out.append(text, i); i += 1; continue }
            if (i > 0 && isMojibakeNeighbour(s[i - 1])) || (j < n && isMojibakeNeighbour(s[j])) {
                for k in i..<j { out.append(text, k) }
                i = j
                continue
            }
            if let decoded = decodeRun(bytes, followedBy: s[j..<min(n, j + 2)]) {
                let lo = max(0, i - 3), hi = min(n, j + 3)
                var after = Array(s[lo..<i])
                after += decoded.scalars
                after += s[j..<hi]
                if MojibakeBadness.score(after) < MojibakeBadness.score(s, lo..<hi) {
                    for k in decoded.scalars.indices { out.append(decoded, k) }
                    i = j
                    changed = true
                    continue
                }
            }
            if j - i > retryLimit {
                for k in i..<j { out.append(text, k) }
                i = j
                continue
            }
            out.append(text, i)
            i += 1
        }
        return changed ? out : nil
    }

    /// Decodes one run; the two characters after it (as ASCII stand-ins) let `restoreNBSP`
    /// see where the word goes on.
    static func decodeRun(_ run: TracedBytes, followedBy tail: ArraySlice<UInt32>) -> Traced? {
        var bytes = run
        let last = run.to.last ?? 0
        let tailBytes = tail.map { $0 < 0x80 ? UInt8($0) : 0x7E }
        for b in tailBytes { bytes.append(b, last, last) }
        let restored = restoreNBSP(bytes, letterLead: { _ in true })
        guard restored.bytes.count >= tailBytes.count,
              restored.bytes.suffix(tailBytes.count).elementsEqual(tailBytes) else { return nil }
        var trimmed = restored
        trimmed.bytes.removeLast(tailBytes.count)
        trimmed.from.removeLast(tailBytes.count)
        trimmed.to.removeLast(tailBytes.count)
        return decodeUTF8(trimmed, lossy: true)
    }

    // MARK: - 3. C1 controls

    static func c1Controls(_ text: Traced) -> Traced? {
        var out = text
        var changed = false
        for k in out.scalars.indices where out.scalars[k] >= 0x80 && out.scalars[k] <= 0x9F {
            let v = Windows1252.scalar(for: UInt8(out.scalars[k]))
            if v != out.scalars[k] { out.scalars[k] = v; changed = true }
        }
        return changed ? out : nil
    }
}
