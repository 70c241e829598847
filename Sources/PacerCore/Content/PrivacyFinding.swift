/// Something in a post that looks like personal data.
public struct PrivacyFinding: Sendable, Hashable {
    /// What it looks like.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case email = "e-mail address"
        case phone = "phone number"
        case iban = "IBAN"
        case cardNumber = "card number"
        case streetAddress = "street address"
    }

    public var kind: Kind
    /// The match with its letters and digits masked except the first two and the last two, fit
    /// for logs and the journal: `ja••.•••@•••••••.•om`.
    public var excerpt: String
    /// Where it is in the text.
    public var range: Range<String.Index>

    /// `e-mail address ja••.•••@•••••••.•om`.
    public var message: String { "\(kind.rawValue) \(excerpt)" }

    /// The redacted form of `text`.
    static func redact(_ text: Substring) -> String {
        let characters = Array(text)
        return String(characters.enumerated().map { offset, character in
            offset < 2 || offset >= characters.count - 2 || !(character.isLetter || character.isNumber) ? character : "•"
        })
    }
}
