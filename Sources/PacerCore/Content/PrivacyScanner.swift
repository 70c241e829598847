/// The privacy lint's patterns as scanners that never backtrack: each looks at a bounded stretch
/// from each place a match can start, or walks a run of characters once, so the work grows
/// linearly with the text whatever it holds (a backtracking regex took 31 s on `"a"` × 40,000 +
/// `"@"`). Positions are character offsets; every character read is counted in ``reads`` so that
/// tests can show the linear growth without a clock.
///
/// The shapes are those `docs/cadence.md` lists; each scanner returns its matches in text order,
/// never overlapping one another, and a match rejected by its check (a checksum, a digit count)
/// still consumes its characters, as a regex search would.
struct PrivacyScanner {
    let characters: [Character]
    /// The character's ASCII code, 0 when it is not ASCII.
    private let codes: [UInt8]
    /// Whether the character is a letter (any script).
    private let letters: [Bool]
    /// Whether the character is a digit or number (any script): with letters and `_`, a word character.
    private let numbers: [Bool]
    private(set) var reads = 0

    init(_ text: String) {
        characters = Array(text)
        codes = characters.map { $0.asciiValue ?? 0 }
        letters = characters.map(\.isLetter)
        numbers = characters.map(\.isNumber)
        reads = characters.count
    }

    var count: Int { characters.count }

    // MARK: - Reading

    /// The ASCII code at `i`, 0 outside the text or for a non-ASCII character.
    private mutating func code(_ i: Int) -> UInt8 {
        reads += 1
        return i >= 0 && i < codes.count ? codes[i] : 0
    }

    /// Whether `i` holds a word character (letter, number, `_`); false outside the text.
    private mutating func isWord(_ i: Int) -> Bool {
        reads += 1
        return i >= 0 && i < codes.count && (letters[i] || numbers[i] || codes[i] == UInt8(ascii: "_"))
    }

    private mutating func isLetter(_ i: Int) -> Bool {
        reads += 1
        return i >= 0 && i < letters.count && letters[i]
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private static func isUpper(_ c: UInt8) -> Bool { c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") }
    private static func isLower(_ c: UInt8) -> Bool { c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") }
    private static func isAlpha(_ c: UInt8) -> Bool { isUpper(c) || isLower(c) }
    private static func isOneOf(_ c: UInt8, _ set: String) -> Bool { c != 0 && set.utf8.contains(c) }

    /// The matches of `match`, tried at every position in turn: it returns the end of a match
    /// starting there, or nil; after a match the search goes on at its end.
    private mutating func matches(_ match: (inout PrivacyScanner, Int) -> Int?) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var position = 0
        while position < count {
            if let end = match(&self, position) {
                found.append(position..<end)
                position = max(end, position + 1)
            } else {
                position += 1
            }
        }
        return found
    }

    /// The end of the run of ASCII digits starting at `i`, read no further than `limit`.
    private mutating func digitRunEnd(from i: Int, limit: Int) -> Int {
        var end = i
        while end < limit, Self.isDigit(code(end)) { end += 1 }
        return end
    }

    // MARK: - E-mail addresses

    /// `local@domain.tld`: a run of `[A-Za-z0-9._%+-]`, `@`, labels of `[A-Za-z0-9-]` joined by
    /// single dots, ending in a dot and two or more letters. A run preceded by `@` is a fediverse
    /// handle (`@someone@mastodon.social`), not an address.
    mutating func emails() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var runStart = 0
        var position = 0
        while position < count {
            let c = code(position)
            if c == UInt8(ascii: "@") {
                if runStart < position, code(runStart - 1) != UInt8(ascii: "@"), let end = domainEnd(after: position) {
                    found.append(runStart..<end)
                    runStart = end
                    position = end
                    continue
                }
                runStart = position + 1
            } else if !(Self.isAlpha(c) || Self.isDigit(c) || Self.isOneOf(c, "._%+-")) {
                runStart = position + 1
            }
            position += 1
        }
        return found
    }

    /// The end of the longest domain that starts after the `@` at `at`, if any.
    private mutating func domainEnd(after at: Int) -> Int? {
        var best: Int?
        var afterDot = true  // a label cannot be empty: no dot first, none twice in a row
        var sawDot = false
        var lettersSinceDot = 0  // -1 once the last label has a character that is not a letter
        var i = at + 1
        while i < count {
            let c = code(i)
            if c == UInt8(ascii: ".") {
                if afterDot { break }
                afterDot = true
                sawDot = true
                lettersSinceDot = 0
            } else if Self.isAlpha(c) || Self.isDigit(c) || c == UInt8(ascii: "-") {
                afterDot = false
                if lettersSinceDot >= 0 { lettersSinceDot = Self.isAlpha(c) ? lettersSinceDot + 1 : -1 }
                if sawDot && lettersSinceDot >= 2 { best = i + 1 }
            } else {
                break
            }
            i += 1
        }
        return best
    }

    // MARK: - Phone numbers

    /// `+` and a digit 1-9, then 6 to 22 of `[0-9 -/()]`, ending with a digit (the lint keeps
    /// those with 8 to 15 digits in all).
    mutating func internationalPhones() -> [Range<Int>] {
        matches { scanner, plus in
            guard scanner.code(plus) == UInt8(ascii: "+") else { return nil }
            let first = scanner.code(plus + 1)
            guard first >= UInt8(ascii: "1"), Self.isDigit(first) else { return nil }
            // The longest run of the class (at most 23: 22 in the middle and the last digit), cut
            // back to its last digit.
            var end: Int?
            var i = plus + 2
            while i < min(scanner.count, plus + 2 + 23) {
                let c = scanner.code(i)
                guard Self.isDigit(c) || Self.isOneOf(c, " -/()") else { break }
                if Self.isDigit(c) && i - (plus + 2) >= 6 { end = i + 1 }
                i += 1
            }
            return end
        }
    }

    /// A trunk `0` (the area code may be in parentheses), then groups of digits joined by single
    /// spaces, hyphens or slashes: at most five groups, every group after the first at least two
    /// digits, 9 to 12 digits in all, and then neither a letter nor a digit. The longest such
    /// prefix of the groups wins.
    mutating func nationalPhones() -> [Range<Int>] {
        matches { scanner, start in
            let opened = scanner.code(start) == UInt8(ascii: "(")
            let first = opened ? start + 1 : start
            guard scanner.code(first) == UInt8(ascii: "0"), scanner.startsAlone(start) else { return nil }
            var best: Int?
            var digitCount = 0
            var groups = 0
            var groupStart = first
            while groups < 5 {
                let groupEnd = scanner.digitRunEnd(from: groupStart, limit: min(scanner.count, groupStart + 13))
                guard groupEnd - groupStart >= 2, !Self.isDigit(scanner.code(groupEnd)) else { break }
                digitCount += groupEnd - groupStart
                groups += 1
                guard digitCount <= 12 else { break }
                if digitCount >= 9 && !scanner.isWord(groupEnd) { best = groupEnd }
                // What may join the next group: `)` after a parenthesised first group, then one of ` -/`.
                var next = groupEnd
                if groups == 1 && opened && scanner.code(next) == UInt8(ascii: ")") { next += 1 }
                if Self.isOneOf(scanner.code(next), " -/") { next += 1 }
                guard Self.isDigit(scanner.code(next)) else { break }
                groupStart = next
            }
            return best
        }
    }

    /// `(555) 123-4567`, `(555)123-4567`, `555-123-4567`, `555.123.4567`, `555 123 4567`: the area
    /// code starting 2-9, then neither a letter nor a digit.
    mutating func northAmericanPhones() -> [Range<Int>] {
        matches { scanner, start in
            guard scanner.startsAlone(start) else { return nil }
            var i = start
            if scanner.code(i) == UInt8(ascii: "(") {
                guard scanner.areaCode(at: i + 1), scanner.code(i + 4) == UInt8(ascii: ")") else { return nil }
                i += 5
                if scanner.code(i) == UInt8(ascii: " ") { i += 1 }
            } else {
                guard !scanner.isWord(start - 1), scanner.areaCode(at: i), Self.isOneOf(scanner.code(i + 3), " -.") else { return nil }
                i += 4
            }
            guard scanner.digitRunEnd(from: i, limit: i + 3) == i + 3, Self.isOneOf(scanner.code(i + 3), " -."),
                  scanner.digitRunEnd(from: i + 4, limit: i + 8) == i + 8, !scanner.isWord(i + 8) else { return nil }
            return i + 8
        }
    }

    private mutating func areaCode(at i: Int) -> Bool {
        code(i) >= UInt8(ascii: "2") && digitRunEnd(from: i, limit: i + 3) == i + 3
    }

    /// Whether a number starting at `i` is not the tail of a longer one (no digit, `+`, `.` or `-` before it).
    private mutating func startsAlone(_ i: Int) -> Bool {
        let before = code(i - 1)
        return !(Self.isDigit(before) || Self.isOneOf(before, "+.-")) && !(i > 0 && numbers[i - 1])
    }

    // MARK: - Bank and card numbers

    /// At the start of a word: two capital letters, two digits, then 11 to 30 capital letters or
    /// digits, each optionally after one space, ending before a character that is not a word's.
    mutating func ibanCandidates() -> [Range<Int>] {
        groupedCandidates(
            lead: { scanner, start in
                Self.isUpper(scanner.code(start)) && Self.isUpper(scanner.code(start + 1))
                    && Self.isDigit(scanner.code(start + 2)) && Self.isDigit(scanner.code(start + 3)) ? start + 4 : nil
            },
            item: { c in Self.isUpper(c) || Self.isDigit(c) }, separators: " ", range: 11...30)
    }

    /// At the start of a word: a digit 2-6, then 12 to 18 digits, each optionally after one space or
    /// hyphen, ending before a character that is not a word's.
    mutating func cardCandidates() -> [Range<Int>] {
        groupedCandidates(
            lead: { scanner, start in
                let first = scanner.code(start)
                return first >= UInt8(ascii: "2") && first <= UInt8(ascii: "6") ? start + 1 : nil
            },
            item: { c in Self.isDigit(c) }, separators: " -", range: 12...18)
    }

    /// Matches of a lead (`lead` gives where its items begin) followed by as many items as `range`
    /// allows, each optionally after one of `separators`; the longest count that ends at a word's end.
    private mutating func groupedCandidates(
        lead: (inout PrivacyScanner, Int) -> Int?, item: (UInt8) -> Bool, separators: String, range: ClosedRange<Int>
    ) -> [Range<Int>] {
        matches { scanner, start in
            guard !scanner.isWord(start - 1), let itemsStart = lead(&scanner, start) else { return nil }
            var best: Int?
            var i = itemsStart
            for taken in 1...range.upperBound {
                if item(scanner.code(i)) {
                    i += 1
                } else if Self.isOneOf(scanner.code(i), separators), item(scanner.code(i + 1)) {
                    i += 2
                } else {
                    break
                }
                if taken >= range.lowerBound && !scanner.isWord(i) { best = i }
            }
            return best
        }
    }

    // MARK: - Street addresses

    private static let streetWords: [[UInt8]] = [
        "Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive", "Dr",
        "Court", "Ct", "Way", "Place", "Pl", "Terrace", "Square", "Sq",
    ].map { Array($0.utf8) }

    /// `221B Baker Street`: at the start of a word, a house number of one to five digits and an
    /// optional letter, spaces, one to three capitalised words each followed by spaces, then a
    /// street word ending a word (and an optional `.`). The most words that fit win.
    mutating func englishStreets() -> [Range<Int>] {
        matches { scanner, start in
            guard Self.isDigit(scanner.code(start)), !scanner.isWord(start - 1) else { return nil }
            var i = scanner.digitRunEnd(from: start, limit: start + 6)
            guard i - start <= 5, !Self.isDigit(scanner.code(i)) else { return nil }
            if Self.isAlpha(scanner.code(i)) { i += 1 }
            guard scanner.code(i) == UInt8(ascii: " ") else { return nil }
            while scanner.code(i) == UInt8(ascii: " ") { i += 1 }
            // The starts of up to four capitalised words, the first three followed by spaces.
            var wordStarts = [i]
            while wordStarts.count < 4 {
                guard Self.isUpper(scanner.code(i)), Self.isLower(scanner.code(i + 1)) else { break }
                i += 2
                while Self.isLower(scanner.code(i)) { i += 1 }
                guard scanner.code(i) == UInt8(ascii: " ") else { break }
                while scanner.code(i) == UInt8(ascii: " ") { i += 1 }
                wordStarts.append(i)
            }
            for words in stride(from: wordStarts.count - 1, through: 1, by: -1) {
                if let streetEnd = scanner.streetWordEnd(at: wordStarts[words]) {
                    return scanner.code(streetEnd) == UInt8(ascii: ".") ? streetEnd + 1 : streetEnd
                }
            }
            return nil
        }
    }

    /// The end of the street word at `i` that ends a word there, if one does.
    private mutating func streetWordEnd(at i: Int) -> Int? {
        for word in Self.streetWords {
            var matches = true
            for (offset, c) in word.enumerated() where code(i + offset) != c {
                matches = false
                break
            }
            if matches && !isWord(i + word.count) { return i + word.count }
        }
        return nil
    }

    private static let germanStreetEndings: [[Character]] = ["straße", "strasse", "weg", "gasse", "allee", "platz", "ring", "damm", "ufer"].map(Array.init)

    /// `Hauptstraße 5`, `Goethe-Str. 12a`: a word of letters and hyphens, starting with a capital
    /// (A-Z, Ä, Ö, Ü) at the start of a word and ending in a German street word (`straße`,
    /// `strasse`, `str.`, `weg`, …, any case), spaces, a house number of one to four digits and an
    /// optional lowercase letter, ending a word. Each run of letters and hyphens is read once.
    mutating func germanStreets() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var runStart = 0
        while runStart < count {
            guard isLetter(runStart) || code(runStart) == UInt8(ascii: "-") else {
                runStart += 1
                continue
            }
            var runEnd = runStart
            while isLetter(runEnd) || code(runEnd) == UInt8(ascii: "-") { runEnd += 1 }
            let run = runStart..<runEnd
            runStart = runEnd
            guard let ending = germanEnding(ofRun: run), let end = houseNumberEnd(after: ending.end) else { continue }
            // The first capital at the start of a word, with at least one character before the ending.
            var start = run.lowerBound
            while start + 1 < ending.start, !(isGermanCapital(start) && !isWord(start - 1)) { start += 1 }
            guard start + 1 < ending.start else { continue }
            found.append(start..<end)
            runStart = end
        }
        return found
    }

    /// Where the street word ending `run` starts, and where it ends (after the `.` of `str.`).
    private mutating func germanEnding(ofRun run: Range<Int>) -> (start: Int, end: Int)? {
        func endsWith(_ ending: [Character], at end: Int) -> Bool {
            guard end - ending.count >= run.lowerBound else { return false }
            for (offset, character) in ending.enumerated() {
                reads += 1
                guard characters[end - ending.count + offset].lowercased() == String(character) else { return false }
            }
            return true
        }
        for ending in Self.germanStreetEndings where endsWith(ending, at: run.upperBound) {
            return (run.upperBound - ending.count, run.upperBound)
        }
        if code(run.upperBound) == UInt8(ascii: "."), endsWith(Array("str"), at: run.upperBound) {
            return (run.upperBound - 3, run.upperBound + 1)
        }
        return nil
    }

    /// Spaces, one to four digits and an optional lowercase letter, ending a word: its end.
    private mutating func houseNumberEnd(after i: Int) -> Int? {
        guard code(i) == UInt8(ascii: " ") else { return nil }
        var j = i
        while code(j) == UInt8(ascii: " ") { j += 1 }
        let digitsEnd = digitRunEnd(from: j, limit: j + 5)
        guard (1...4).contains(digitsEnd - j) else { return nil }
        let end = Self.isLower(code(digitsEnd)) ? digitsEnd + 1 : digitsEnd
        return isWord(end) ? nil : end
    }

    private mutating func isGermanCapital(_ i: Int) -> Bool {
        reads += 1
        return Self.isUpper(codes[i]) || ["Ä", "Ö", "Ü"].contains(characters[i])
    }
}
