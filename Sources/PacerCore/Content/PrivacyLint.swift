/// Finds what looks like personal data in a post: e-mail addresses, phone numbers, IBANs
/// (mod-97 checked), card numbers (Luhn checked) and street addresses (English and German
/// forms). The patterns and heuristics are listed in `docs/cadence.md`.
public enum PrivacyLint {
    /// Every finding, in text order; where two patterns match the same characters, the first of
    /// IBAN, card number, e-mail address, phone number, street address wins. The work grows
    /// linearly with the text (``PrivacyScanner``).
    public static func findings(in text: String) -> [PrivacyFinding] {
        scan(text).findings
    }

    /// The findings, and how many characters the scanners read to find them (for the tests that
    /// show the work is linear).
    static func scan(_ text: String) -> (findings: [PrivacyFinding], reads: Int) {
        var scanner = PrivacyScanner(text)
        let characters = scanner.characters
        var indices = Array(text.indices)
        indices.append(text.endIndex)
        var taken = [Bool](repeating: false, count: characters.count)
        var found: [(kind: PrivacyFinding.Kind, range: Range<Int>)] = []
        func add(_ kind: PrivacyFinding.Kind, _ matches: [Range<Int>], where check: (String) -> Bool = { _ in true }) {
            for range in matches where !range.contains(where: { taken[$0] }) && check(String(characters[range])) {
                range.forEach { taken[$0] = true }
                found.append((kind, range))
            }
        }
        add(.iban, scanner.ibanCandidates(), where: isIBAN)
        add(.cardNumber, scanner.cardCandidates(), where: isCardNumber)
        add(.email, scanner.emails())
        add(.phone, scanner.internationalPhones(), where: { text in (8...15).contains(text.count { $0.isASCII && $0.isNumber }) })
        add(.phone, scanner.nationalPhones())
        add(.phone, scanner.northAmericanPhones())
        add(.streetAddress, scanner.englishStreets())
        add(.streetAddress, scanner.germanStreets())
        let findings = found.sorted { $0.range.lowerBound < $1.range.lowerBound }.map { kind, range in
            let textRange = indices[range.lowerBound]..<indices[range.upperBound]
            return PrivacyFinding(kind: kind, excerpt: PrivacyFinding.redact(text[textRange]), range: textRange)
        }
        return (findings, scanner.reads)
    }

    /// ISO 13616: 15 to 34 characters whose rearranged number is 1 modulo 97.
    static func isIBAN(_ text: String) -> Bool {
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
    static func isCardNumber(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard (13...19).contains(digits.count) else { return false }
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let doubled = offset % 2 == 1 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return sum % 10 == 0
    }
}
