import ReportKit

/// A person named in the text, with the role the text gives them.
struct PersonInfo {
    var name: String
    var role: String?
    /// The words of the name, any of which later refers back to this person (`Li` → `Li Qiang`).
    var parts: [String]
}

/// Where a person is mentioned, by name or by part of a name; in document order.
struct PersonMention {
    var block: Int
    var start: Int
    var end: Int
    var person: Int
}

/// What the entity rules found: the entities, and the people in order for quote attribution.
struct EntityAnalysis {
    var entities: [Entity] = []
    var persons: [PersonInfo] = []
    var personMentions: [PersonMention] = []
    /// Each body block's UTF-8 bytes and tokens, by block index, for the quote rules to reuse.
    var blockBytes: [Int: [UInt8]] = [:]
    var blockTokens: [Int: [WordToken]] = [:]
}

/// Rule-based entities over English text: people (a role or honorific before a
/// capitalized name, a name next to a speech verb, then later mentions of any part of
/// it), organizations (capitalized runs with a head word such as `Party` or `Ministry`,
/// `X of Y` forms, acronyms), places (a gazetteer, and names ending in `Province`,
/// `City`…), dates, money and quantities. Linear in the text; no model.
struct EntityFinder {
    private struct Found {
        var kind: Entity.Kind
        var text: String
        var block: Int
        var start: Int
        var end: Int
    }

    private var found: [Found] = []
    private var persons: [PersonInfo] = []
    private var personIndex: [String: Int] = [:]
    private var partIndex: [String: Int] = [:]
    private var personMentions: [PersonMention] = []
    /// Name parts to person indexes as a byte-keyed table, built after the first pass.
    private var partTable = WordLexicon(capacity: 0)

    /// Finds entities in texts numbered as mentions will name them: body blocks from 0,
    /// and by convention -1 for the title and -2 for the dek.
    static func analyze(_ texts: [(index: Int, text: String)]) -> EntityAnalysis {
        var finder = EntityFinder()
        let bytes = texts.map { Array($0.text.utf8) }
        let tokens = bytes.map(WordScanner.scanClassified)
        for k in texts.indices { finder.scanBlock(texts[k].index, bytes[k], tokens[k]) }
        // Second pass: single words that are part of a known person's name.
        if !finder.partIndex.isEmpty {
            finder.partTable = WordLexicon(capacity: finder.partIndex.count)
            for (part, person) in finder.partIndex { finder.partTable.insert(part, UInt32(person), merge: false) }
            var mentionsByBlock: [Int: [Range<Int>]] = [:]
            for mention in finder.personMentions { mentionsByBlock[mention.block, default: []].append(mention.start ..< mention.end) }
            for k in texts.indices {
                finder.scanAliases(texts[k].index, bytes[k], tokens[k], covered: mentionsByBlock[texts[k].index] ?? [])
            }
        }
        var analysis = finder.result()
        for k in texts.indices where texts[k].index >= 0 {
            analysis.blockBytes[texts[k].index] = bytes[k]
            analysis.blockTokens[texts[k].index] = tokens[k]
        }
        return analysis
    }

    // MARK: - Capitalized runs

    private mutating func scanBlock(_ b: Int, _ bytes: [UInt8], _ tokens: [WordToken]) {
        var claimed = [Bool](repeating: false, count: tokens.count)
        scanNumbers(b, bytes, tokens, &claimed)
        // One buffer for every run of the block: most runs are a single word, and a fresh
        // array per capitalized word was an allocation each.
        var run: [Int] = []
        var i = 0
        while i < tokens.count {
            guard !claimed[i], startsRun(bytes, tokens, i) else { i += 1; continue }
            var j = i + 1
            run.removeAll(keepingCapacity: true)
            run.append(i)
            while j < tokens.count {
                if continuesRun(bytes, tokens, j) { run.append(j); j += 1; continue }
                // `Dr. Chen`: an abbreviated title's period does not end the run.
                if bytes.token(tokens[j], is: "."), j + 1 < tokens.count, isCapitalWord(bytes, tokens[j + 1]),
                   tokens[j - 1].classes.contains(.roleHead), tokens[j - 1].end - tokens[j - 1].start <= 4 {
                    run.append(j + 1)
                    j += 2
                    continue
                }
                // `of` joins two capitalized parts (`Communist Party of China`), `’s` does not.
                if bytes.token(tokens[j], is: "of"), j + 1 < tokens.count, continuesRun(bytes, tokens, j + 1) {
                    run.append(j)
                    run.append(j + 1)
                    j += 2
                    continue
                }
                break
            }
            if run.count > 1 || Self.mayNameSomething(tokens[i]) { classifyRun(b, bytes, tokens, run[...]) }
            i = j
        }
    }

    /// Whether a run of this one word can yield anything: ``classifyRun`` takes a lone word
    /// only as an acronym, a known organization or a place (a lone role names no one), so
    /// any other is skipped before it is looked at.
    private static func mayNameSomething(_ token: WordToken) -> Bool {
        token.isAllCaps || !token.classes.isDisjoint(with: [.organizationName, .place])
    }

    private func isCapitalWord(_ bytes: [UInt8], _ token: WordToken) -> Bool {
        token.kind == .word && token.isCapitalized
    }

    private func startsRun(_ bytes: [UInt8], _ tokens: [WordToken], _ i: Int) -> Bool {
        guard isCapitalWord(bytes, tokens[i]) else { return false }
        let classes = tokens[i].classes
        return !(classes.contains(.stopCapital) && !classes.contains(.honorific))
    }

    private func continuesRun(_ bytes: [UInt8], _ tokens: [WordToken], _ j: Int) -> Bool {
        guard isCapitalWord(bytes, tokens[j]) else {
            // An abbreviation period (`Dr.`) does not end a run.
            return false
        }
        // Adjacent words only: a comma or other punctuation in between ends the run.
        let previous = tokens[j - 1]
        if previous.kind == .punctuation { return false }
        let classes = tokens[j].classes
        return !(classes.contains(.stopCapital) && !classes.contains(.roleHead))
    }

    private mutating func classifyRun(_ b: Int, _ bytes: [UInt8], _ tokens: [WordToken], _ run: ArraySlice<Int>) {
        let run = Array(run)
        let count = run.count
        func at(_ k: Int) -> WordToken { tokens[run[k]] }
        func has(_ k: Int, _ wordClass: WordClass) -> Bool { tokens[run[k]].classes.contains(wordClass) }
        // Strings only for what is kept: most runs are one capitalized word that becomes nothing.
        func word(_ k: Int) -> String { bytes.text(of: tokens[run[k]]) }
        func joined(_ range: Range<Int>) -> String { range.map(word).joined(separator: " ") }
        let lastRole = (0 ..< count).last { has($0, .roleHead) }
        // A role, then a name: `Party Secretary Li Qiang`, `Mayor Zhou`, `Dr. Chen`.
        if let roleEnd = lastRole, roleEnd + 1 < count {
            let nameStart = roleEnd + 1
            var nameEnd = count
            // A name is at most three words; stop at organization or place words.
            nameEnd = min(nameEnd, nameStart + 3)
            if let cut = (nameStart ..< nameEnd).first(where: { has($0, .organizationHead) || has($0, .place) }) {
                nameEnd = cut
            }
            if nameEnd > nameStart {
                var roleStart = 0
                while roleStart < roleEnd, has(roleStart, .place) {
                    addFound(.place, word(roleStart), b, at(roleStart).start, at(roleStart).end)
                    roleStart += 1
                }
                let roleWords = (roleStart ... roleEnd).filter { !has($0, .honorific) }.map(word)
                let role = roleWords.isEmpty ? nil : roleWords.joined(separator: " ")
                let parts = (nameStart ..< nameEnd).map(word)
                addPerson(parts.joined(separator: " "), role: role, parts: parts, b, at(nameStart).start, at(nameEnd - 1).end)
                if nameEnd < count { classifyRun(b, bytes, tokens, run[nameEnd...]) }
                return
            }
        }
        // A role without a name (`Party Secretary outlines…`) refers to someone; it is not an organization.
        if let roleEnd = lastRole, roleEnd == count - 1 { return }
        // Organizations: a head word in the run, or a known name.
        if count >= 2, (0 ..< count).contains(where: { has($0, .organizationHead) }) {
            let kind: Entity.Kind = has(count - 1, .placeSuffix) && !has(count - 1, .organizationHead) ? .place : .organization
            addFound(kind, joined(0 ..< count), b, at(0).start, at(count - 1).end)
            return
        }
        if count == 1 {
            if at(0).isAllCaps {
                if has(0, .placeAcronym) { addFound(.place, word(0), b, at(0).start, at(0).end); return }
                if !has(0, .nonOrganizationAcronym), at(0).end - at(0).start <= 6 {
                    addFound(.organization, word(0), b, at(0).start, at(0).end)
                    return
                }
            }
            if has(0, .organizationName) { addFound(.organization, word(0), b, at(0).start, at(0).end); return }
        }
        // Places: the longest gazetteer match at each position, or a name with a place suffix.
        if count >= 2, has(count - 1, .placeSuffix) {
            addFound(.place, joined(0 ..< count), b, at(0).start, at(count - 1).end)
            return
        }
        var k = 0
        var leftovers: [Range<Int>] = []
        var pending = 0
        while k < count {
            var matched = 0
            // Only the first word of a multi-word place can open one; else one word, by its bits.
            if has(k, .placeStart) {
                var length = min(Gazetteer.longestPlace, count - k)
                while length >= 2 {
                    if Gazetteer.places.contains(joined(k ..< k + length)) { matched = length; break }
                    length -= 1
                }
            }
            if matched == 0, has(k, .place) { matched = 1 }
            if matched > 0 {
                if pending < k { leftovers.append(pending ..< k) }
                addFound(.place, joined(k ..< k + matched), b, at(k).start, at(k + matched - 1).end)
                k += matched
                pending = k
            } else {
                k += 1
            }
        }
        if pending < count { leftovers.append(pending ..< count) }
        // People without a role: two or three capitalized words next to a speech verb.
        for range in leftovers where range.count >= 2 && range.count <= 3 {
            let first = run[range.lowerBound], last = run[range.upperBound - 1]
            if range.contains(where: { has($0, .organizationHead) || bytes.token(at($0), is: "of") }) { continue }
            let parts = range.map(word)
            let name = parts.joined(separator: " ")
            let role = lowercaseRole(bytes, tokens, before: first)
            if role != nil || personIndex[name] != nil || nextToSpeechVerb(bytes, tokens, first, last)
                || followedByAppositive(bytes, tokens, last) {
                addPerson(name, role: role, parts: parts, b, tokens[first].start, tokens[last].end)
            }
        }
    }

    /// A lowercase role word right before a name (`the company's director Paulo Reis`).
    private func lowercaseRole(_ bytes: [UInt8], _ tokens: [WordToken], before first: Int) -> String? {
        guard first >= 1, tokens[first - 1].kind == .word, !tokens[first - 1].isCapitalized,
              tokens[first - 1].classes.contains(.lowercaseRoleHead) else { return nil }
        return bytes.text(of: tokens[first - 1])
    }

    private func nextToSpeechVerb(_ bytes: [UInt8], _ tokens: [WordToken], _ first: Int, _ last: Int) -> Bool {
        if last + 1 < tokens.count, tokens[last + 1].classes.contains(.speechVerb) { return true }
        if first >= 1, tokens[first - 1].classes.contains(.speechVerb) { return true }
        if first >= 2, tokens[first - 1].kind == .punctuation, tokens[first - 2].classes.contains(.speechVerb) { return true }
        return false
    }

    /// `Chen Hui, a spokeswoman for …` / `Chen Hui, 45, …`
    private func followedByAppositive(_ bytes: [UInt8], _ tokens: [WordToken], _ last: Int) -> Bool {
        guard last + 2 < tokens.count, bytes.token(tokens[last + 1], is: ",") else { return false }
        let next = tokens[last + 2]
        if next.kind == .number, last + 3 < tokens.count, bytes.token(tokens[last + 3], is: ",") { return true }
        guard bytes.token(next, is: "a") || bytes.token(next, is: "an") || bytes.token(next, is: "the") else { return false }
        var k = last + 3
        while k < min(tokens.count, last + 7) {
            if !tokens[k].classes.isDisjoint(with: [.roleHead, .lowercaseRoleWord]) { return true }
            k += 1
        }
        return false
    }

    // MARK: - Numbers: dates, money, quantities

    private mutating func scanNumbers(_ b: Int, _ bytes: [UInt8], _ tokens: [WordToken], _ claimed: inout [Bool]) {
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            // Month-name dates: `May 27, 2022`, `May 2022`, `27 May 2022`.
            let length = token.end - token.start
            if token.kind == .word, token.isCapitalized, length >= 3, length <= 9, token.classes.contains(.month) {
                var j = i + 1
                var ok = false
                if j < tokens.count, tokens[j].kind == .number, let day = WordScanner.integer(bytes, tokens[j]), day >= 1, day <= 31 {
                    ok = true
                    j += 1
                    if j + 1 < tokens.count, bytes.token(tokens[j], is: ","), isYear(bytes, tokens[j + 1]) { j += 2 }
                } else if j < tokens.count, isYear(bytes, tokens[j]) {
                    ok = true
                    j += 1
                }
                if ok {
                    var start = token.start
                    if i >= 1, tokens[i - 1].kind == .number, let day = WordScanner.integer(bytes, tokens[i - 1]), day >= 1, day <= 31 {
                        start = tokens[i - 1].start
                        claimed[i - 1] = true
                    }
                    addFound(.date, String(decoding: bytes[start ..< tokens[j - 1].end], as: UTF8.self), b, start, tokens[j - 1].end)
                    for k in i ..< j { claimed[k] = true }
                    i = j
                    continue
                }
            }
            if token.kind == .word, token.isCapitalized, length >= 6, length <= 9, token.classes.contains(.weekday) {
                addFound(.date, bytes.text(of: token), b, token.start, token.end)
                claimed[i] = true
                i += 1
                continue
            }
            guard token.kind == .number else { i += 1; continue }
            // ISO dates: 2022-05-27.
            if i + 4 < tokens.count, isYear(bytes, token), bytes.token(tokens[i + 1], is: "-"), tokens[i + 2].kind == .number,
               bytes.token(tokens[i + 3], is: "-"), tokens[i + 4].kind == .number,
               tokens[i + 4].start == tokens[i + 3].end, tokens[i + 1].start == token.end {
                addFound(.date, String(decoding: bytes[token.start ..< tokens[i + 4].end], as: UTF8.self), b, token.start, tokens[i + 4].end)
                for k in i ... i + 4 { claimed[k] = true }
                i += 5
                continue
            }
            // Money and quantities: a currency sign before, scale and unit words after.
            var j = i + 1
            if j < tokens.count, tokens[j].classes.contains(.scale) { j += 1 }
            let sign = currencySign(bytes, before: token.start)
            var end = tokens[j - 1].end
            var kind: Entity.Kind?
            var start = token.start
            if sign > 0 {
                kind = .money
                start = token.start - sign
            } else if j < tokens.count, tokens[j].classes.contains(.currency) {
                kind = .money
                end = tokens[j].end
                j += 1
            } else if j < tokens.count, bytes.token(tokens[j], is: "%"), tokens[j].start == end {
                kind = .quantity
                end = tokens[j].end
                j += 1
            } else if j < tokens.count, tokens[j].classes.contains(.unit) {
                kind = .quantity
                end = tokens[j].end
                if bytes.token(tokens[j], is: "per"), j + 1 < tokens.count, bytes.token(tokens[j + 1], is: "cent") { end = tokens[j + 1].end; j += 1 }
                j += 1
            } else if isYear(bytes, token), j == i + 1 {
                kind = .date
            }
            if let kind {
                addFound(kind, String(decoding: bytes[start ..< end], as: UTF8.self), b, start, end)
                for k in i ..< j { claimed[k] = true }
            }
            i = j
        }
    }

    private func isYear(_ bytes: [UInt8], _ token: WordToken) -> Bool {
        guard token.kind == .number, token.end - token.start == 4, let value = WordScanner.integer(bytes, token) else { return false }
        return value >= 1800 && value <= 2199
    }

    /// The byte length of a currency sign right before `start` (`$`, `£`, `€`, `¥`), or 0.
    private func currencySign(_ bytes: [UInt8], before start: Int) -> Int {
        if start >= 1, bytes[start - 1] == 0x24 { return 1 }
        if start >= 2, bytes[start - 2] == 0xC2, bytes[start - 1] == 0xA3 || bytes[start - 1] == 0xA5 { return 2 }
        if start >= 3, bytes[start - 3] == 0xE2, bytes[start - 2] == 0x82, bytes[start - 1] == 0xAC { return 3 }
        return 0
    }

    // MARK: - People

    private mutating func addPerson(_ name: String, role: String?, parts: [String], _ b: Int, _ start: Int, _ end: Int) {
        let index: Int
        if let known = personIndex[name] {
            index = known
            if persons[known].role == nil, let role { persons[known].role = role }
        } else {
            // A known longer name that contains this one (`Li` after `Li Qiang`) is the same person.
            if parts.count == 1, let known = partIndex[name] {
                index = known
            } else {
                index = persons.count
                persons.append(PersonInfo(name: name, role: role, parts: parts))
                personIndex[name] = index
                for part in parts where partIndex[part] == nil { partIndex[part] = index }
            }
        }
        personMentions.append(PersonMention(block: b, start: start, end: end, person: index))
    }

    private mutating func scanAliases(_ b: Int, _ bytes: [UInt8], _ tokens: [WordToken], covered: [Range<Int>]) {
        var covered = covered
        bytes.withUnsafeBufferPointer { buffer in
            for token in tokens where token.kind == .word && token.isCapitalized {
                guard let person = partTable.value(buffer, token.start, token.end) else { continue }
                if covered.contains(where: { $0.contains(token.start) }) { continue }
                personMentions.append(PersonMention(block: b, start: token.start, end: token.end, person: Int(person)))
                covered.append(token.start ..< token.end)
            }
        }
    }

    private mutating func addFound(_ kind: Entity.Kind, _ text: String, _ b: Int, _ start: Int, _ end: Int) {
        found.append(Found(kind: kind, text: text, block: b, start: start, end: end))
    }

    /// Reading order of a mention's block: the title (-1), the dek (-2), then the body.
    static func order(_ block: Int) -> Int { block < 0 ? -3 - block : block }

    private func result() -> EntityAnalysis {
        struct Key: Hashable { var kind: Entity.Kind; var text: String }
        struct Place: Hashable { var block: Int; var start: Int; var end: Int }
        var analysis = EntityAnalysis()
        var entities: [Entity] = []
        struct ListedMention: Hashable { var entity: Int; var place: Place }
        var byKey: [Key: Int] = [:]
        // The mentions already listed, of every entity in one set (not `mentions.contains`:
        // a name repeated 20,000 times made that quadratic; not a set per entity: that was
        // an allocation per entity).
        var listed = Set<ListedMention>()
        byKey.reserveCapacity(found.count + persons.count)
        listed.reserveCapacity(found.count + personMentions.count)
        func add(_ kind: Entity.Kind, _ text: String, _ mention: Mention) {
            let key = Key(kind: kind, text: text)
            let index: Int
            if let known = byKey[key] {
                index = known
            } else {
                index = entities.count
                byKey[key] = index
                entities.append(Entity(text: text, kind: kind, mentions: []))
            }
            let place = Place(block: mention.block, start: mention.start, end: mention.end)
            if listed.insert(ListedMention(entity: index, place: place)).inserted {
                entities[index].mentions.append(mention)
            }
        }
        let mentions = personMentions.sorted { (EntityFinder.order($0.block), $0.start) < (EntityFinder.order($1.block), $1.start) }
        for mention in mentions {
            add(.person, persons[mention.person].name, Mention(block: mention.block, start: mention.start, end: mention.end))
        }
        let personStarts = Set(mentions.map { Place(block: $0.block, start: $0.start, end: 0) })
        for item in found.sorted(by: { (EntityFinder.order($0.block), $0.start) < (EntityFinder.order($1.block), $1.start) }) {
            if item.kind != .person, personStarts.contains(Place(block: item.block, start: item.start, end: 0)) { continue }
            add(item.kind, item.text, Mention(block: item.block, start: item.start, end: item.end))
        }
        analysis.entities = entities
        analysis.persons = persons
        analysis.personMentions = mentions
        return analysis
    }
}
