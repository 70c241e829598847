/// Finds what looks like personal data in a post: e-mail addresses, phone numbers, IBANs
/// (mod-97 checked), card numbers (Luhn checked) and street addresses (English and German
/// forms). The patterns and heuristics are listed in `docs/cadence.md`.
public enum PrivacyLint {
    /// Every finding, in text order; where two patterns match the same characters, the first of
    /// IBAN, card number, e-mail address, phone number, street address wins.
    public static func findings(in text: String) -> [PrivacyFinding] {
        var found: [PrivacyFinding] = []
        func add(_ kind: PrivacyFinding.Kind, _ range: Range<String.Index>) {
            guard !found.contains(where: { $0.range.overlaps(range) }) else { return }
            found.append(PrivacyFinding(kind: kind, excerpt: PrivacyFinding.redact(text[range]), range: range))
        }
        // Every pattern needs ASCII digits (an IBAN 2, a card number 13, a phone number 8, a street
        // address 1) or an `@`: a text without enough of them is not searched for that pattern.
        let digits = text.utf8.count { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if digits >= 2 {
            for match in text.matches(of: Patterns.iban) where isIBAN(text[match.range]) { add(.iban, match.range) }
        }
        if digits >= 13 {
            for match in text.matches(of: Patterns.cardNumber) where isCardNumber(text[match.range]) { add(.cardNumber, match.range) }
        }
        if text.utf8.contains(UInt8(ascii: "@")) {
            for match in text.matches(of: Patterns.email) { add(.email, match.range) }
        }
        if digits >= 8 {
            for range in phoneNumbers(in: text) { add(.phone, range) }
        }
        if digits >= 1 {
            for match in text.matches(of: Patterns.englishStreet) { add(.streetAddress, match.range) }
            for match in text.matches(of: Patterns.germanStreet) { add(.streetAddress, match.range) }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// International numbers (`+49 30 1234567`, `+1 (555) 123-4567`: 8 to 15 digits after `+`),
    /// national ones with a trunk prefix (`030 1234567`, `0171-1234567`, `(030) 123 456`: 9 to
    /// 12 digits starting with 0) and North American ones (`(555) 123-4567`, `555-123-4567`).
    /// Dots only separate in the North American form, so dates, versions and decimals do not match.
    static func phoneNumbers(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        for match in text.matches(of: Patterns.internationalPhone) where (8...15).contains(digits(text[match.range])) {
            ranges.append(match.range)
        }
        for match in text.matches(of: Patterns.nationalPhone)
        where startsAlone(match.range, in: text) && (9...12).contains(digits(text[match.range])) {
            ranges.append(match.range)
        }
        for match in text.matches(of: Patterns.northAmericanPhone)
        where startsAlone(match.range, in: text) {
            ranges.append(match.range)
        }
        return ranges
    }

    /// Whether the match is not the tail of a longer number (no digit, `+`, `.` or `-` just before it).
    private static func startsAlone(_ range: Range<String.Index>, in text: String) -> Bool {
        guard range.lowerBound > text.startIndex else { return true }
        let before = text[text.index(before: range.lowerBound)]
        return !(before.isNumber || before == "+" || before == "." || before == "-")
    }

    private static func digits(_ text: Substring) -> Int { text.filter(\.isNumber).count }

    /// ISO 13616: 15 to 34 characters whose rearranged number is 1 modulo 97.
    static func isIBAN(_ text: Substring) -> Bool {
        let compact = text.filter { $0 != " " }
        guard (15...34).contains(compact.count) else { return false }
        let rearranged = compact.dropFirst(4) + compact.prefix(4)
        var remainder = 0
        for character in rearranged {
            guard let value = character.isNumber ? character.wholeNumberValue : character.asciiValue.map({ Int($0) - 55 }) else { return false }
            remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97
        }
        return remainder == 1
    }

    /// 13 to 19 digits passing the Luhn check.
    static func isCardNumber(_ text: Substring) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard (13...19).contains(digits.count) else { return false }
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let doubled = offset % 2 == 1 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return sum % 10 == 0
    }

    /// The patterns, parsed once: a regex literal evaluated in a function is parsed again at every
    /// call (a third of the time of `pacer add` before). `Regex` is not `Sendable` because it
    /// compiles its program lazily; it stores that program with an atomic initialisation, so
    /// sharing these read-only instances is safe.
    private enum Patterns {
        nonisolated(unsafe) static let iban = /\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}\b/
        nonisolated(unsafe) static let cardNumber = /\b[2-6](?:[ \-]?[0-9]){12,18}\b/
        nonisolated(unsafe) static let email = /[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}/
        nonisolated(unsafe) static let internationalPhone = /\+[1-9][0-9 \-\/()]{6,22}[0-9]/
        nonisolated(unsafe) static let nationalPhone = /\(?0[0-9]{1,5}\)?(?:[ \-\/]?[0-9]{2,8}){1,4}\b/
        nonisolated(unsafe) static let northAmericanPhone = /(?:\([2-9][0-9]{2}\) ?|\b[2-9][0-9]{2}[ \-.])[0-9]{3}[ \-.][0-9]{4}\b/
        /// `221B Baker Street`, `1600 Pennsylvania Avenue`, `10 Downing St`: a house number, one to
        /// three capitalised words and a street word.
        nonisolated(unsafe) static let englishStreet =
            /\b[0-9]{1,5}[A-Za-z]? +(?:[A-Z][a-z]+ +){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Square|Sq)\b\.?/
        /// `Hauptstraße 5`, `Goethe-Str. 12a`, `Am Lindenweg 3`: a capitalised word ending in a German
        /// street word, then a house number.
        nonisolated(unsafe) static let germanStreet =
            /\b[A-ZÄÖÜ][\p{L}\-]+(?i:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer) +[0-9]{1,4}[a-z]?\b/
    }
}
