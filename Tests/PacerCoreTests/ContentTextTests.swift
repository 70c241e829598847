import Foundation
import Testing
@testable import PacerCore

/// Length as each platform counts it, with real text: emoji sequences, flags, CJK, combining marks, links.
struct ContentLengthTests {
    static let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦"

    @Test(arguments: [
        ("Hello", 5),
        ("こんにちは", 10),  // CJK weighs 2 each
        (family, 2),  // one ZWJ sequence weighs 2
        ("🇩🇪🇫🇷", 4),  // two flags
        ("👍🏽", 2),  // emoji with a skin tone modifier
        ("❤️", 2),  // text-default heart with the emoji variation selector
        ("e\u{301}te\u{301}", 3),  // NFC composes é: 1 each
        ("Read https://example.com/a/very/long/path?utm_source=x now", 32),  // a link weighs 23
        ("see www.example.org.", 28),
        ("“quotes” — and…", 16),  // quotes and dash weigh 1, the ellipsis (outside the light ranges) 2
    ])
    func xCountsWeightedCharacters(text: String, expected: Int) {
        #expect(PlatformText.length(of: text, on: .x) == expected)
    }

    @Test func blueskyCountsGraphemes() {
        #expect(PlatformText.length(of: Self.family + "🇩🇪" + "e\u{301}" + "漢字", on: .bluesky) == 5)
        #expect(PlatformText.length(of: "https://example.com/" + String(repeating: "a", count: 40), on: .bluesky) == 60)
    }

    @Test func mastodonCountsEveryLinkAs23AndRemoteMentionsWithoutTheirDomain() {
        #expect(PlatformText.length(of: "New post: https://example.com/" + String(repeating: "x", count: 200), on: .mastodon) == 33)
        #expect(PlatformText.length(of: "@alice@example.social hi", on: .mastodon) == 9)
        #expect(PlatformText.length(of: "mail bob@example.com", on: .mastodon) == 20)
        #expect(PlatformText.length(of: Self.family, on: .mastodon) == 1)
    }

    @Test func linkedinCountsUTF16CodeUnits() {
        #expect(PlatformText.length(of: Self.family, on: .linkedin) == 11)
        #expect(PlatformText.length(of: "Grüße", on: .linkedin) == 5)
    }

    @Test func aTooLongPostIsReportedWithCountLimitAndChannel() {
        let finding = ContentLimit.check(String(repeating: "漢", count: 156), kind: "x")
        #expect(finding?.count == 312)
        #expect(finding?.limit == 280)
        #expect(finding?.message == "312/280 weighted characters on x; shorten it by 32")
    }

    @Test func aPostThatFitsHasNoFinding() {
        #expect(ContentLimit.check(String(repeating: "a", count: 280), kind: "x") == nil)
        #expect(ContentLimit.check(String(repeating: "🙂", count: 300), kind: "bluesky") == nil)
        #expect(ContentLimit.check(String(repeating: "a", count: 3_000), kind: "linkedin") == nil)
    }

    @Test func maxLengthOverridesThePlatformLimit() {
        let finding = ContentLimit.check(String(repeating: "a", count: 501), kind: "mastodon", maxLength: 500, channel: "fosstodon")
        #expect(finding?.message == "501/500 characters on fosstodon; shorten it by 1")
        #expect(ContentLimit.check(String(repeating: "a", count: 600), kind: "mastodon", maxLength: 1_000) == nil)
    }

    @Test func channelsWithoutAPlatformHaveNoLimitUnlessConfigured() {
        #expect(ContentLimit.check(String(repeating: "a", count: 10_000), kind: "outbox") == nil)
        #expect(ContentLimit.check(String(repeating: "a", count: 11), kind: "webhook", maxLength: 10)?.platform == nil)
    }
}

/// The near-duplicate measure on normalised text.
struct ContentNearDuplicateTests {
    @Test func normalisationIgnoresCasePunctuationWhitespaceAndTrackingParameters() {
        #expect(TextNormalizer.normalize("Our NEW release is out!!  https://www.Example.com/r/?utm_source=li&id=3&fbclid=xy#top")
            == "our new release is out example.com/r?id=3")
    }

    @Test func fullWidthLettersAreTheirPlainForms() {
        #expect(TextNormalizer.normalize("ＦＵＬＬ Width") == "full width")
    }

    @Test func theSamePostWithOtherTrackingIsAnExactDuplicate() {
        let first = "Our new release is out: https://example.com/r?utm_source=linkedin"
        let second = "our new release is out — https://example.com/r?utm_source=mastodon&gclid=9"
        #expect(NearDuplicate.similarity(first, second) == 1)
    }

    @Test func aSmallEditIsStillANearDuplicate() {
        let score = NearDuplicate.similarity(
            "Pacer 1.2 is out: slots, blackouts and a heatmap of your week.",
            "Pacer 1.2 is out: slots, blackouts and a heat map of your week!")
        #expect(score > 0.8 && score < 1)
    }

    @Test func differentPostsScoreLow() {
        #expect(NearDuplicate.similarity("Pacer 1.2 is out with slots.", "We are hiring a Swift engineer in Berlin.") < 0.2)
        #expect(NearDuplicate.similarity("東京で会いましょう", "東京で会いましょう！") == 1)
    }

    @Test func findNamesTheMostSimilarPostAboveTheThreshold() {
        let others: [(PostID, String)] = [(3, "Something else entirely"), (7, "Pacer 1.2 is out: slots and blackouts"), (9, "Pacer 1.2 is out: slots & blackouts")]
        let match = NearDuplicate.find("pacer 1.2 is out — slots and blackouts", among: others, threshold: 0.8)
        #expect(match?.postID == 7)
        #expect(match?.score == 1)
        #expect(NearDuplicate.find("Completely new text about gardening", among: others, threshold: 0.8) == nil)
    }
}

/// The privacy lint on real sentences, and what it must not flag.
struct ContentPrivacyLintTests {
    func kinds(_ text: String) -> [PrivacyFinding.Kind] { PrivacyLint.findings(in: text).map(\.kind) }

    @Test func eMailAddressesAreFoundAndRedacted() throws {
        let text = "Write to jane.doe@example.com for the slides."
        let finding = try #require(PrivacyLint.findings(in: text).first)
        #expect(finding.kind == .email)
        #expect(text[finding.range] == "jane.doe@example.com")
        #expect(finding.excerpt.hasPrefix("ja") && finding.excerpt.hasSuffix("om"))
        #expect(!finding.excerpt.contains("doe") && !finding.excerpt.contains("example"))
    }

    @Test(arguments: ["Call +49 30 1234567 today", "Ruf an: 030 1234567", "mobil 0171-1234567", "US office (555) 123-4567", "or 555-123-4567", "+1 (555) 123-4567"])
    func phoneNumbersAreFound(text: String) {
        #expect(kinds(text) == [.phone])
    }

    @Test(arguments: [
        "Released 2026-12-01 at 09:30", "version 1.2.3 and 10.15.7", "pi is 3.14159265", "We grew 25% to 1,234,567 users",
        "Tickets 12.12.2026", "ISBN 978-3-16-148410-0",
    ])
    func datesVersionsAndNumbersAreNotFlagged(text: String) {
        #expect(kinds(text) == [])
    }

    @Test func ibansAreFoundOnlyWithAValidCheckSum() {
        #expect(kinds("Spenden an DE89 3704 0044 0532 0130 00, danke!") == [.iban])
        #expect(kinds("IBAN GB82WEST12345698765432") == [.iban])
        #expect(!kinds("DE89 3704 0044 0532 0130 01").contains(.iban))
    }

    @Test func cardNumbersAreFoundOnlyWhenTheLuhnCheckPasses() {
        #expect(kinds("card 4111 1111 1111 1111 exp 12/29") == [.cardNumber])
        #expect(kinds("card 5500-0000-0000-0004") == [.cardNumber])
        #expect(!kinds("order 4111 1111 1111 1112").contains(.cardNumber))
    }

    @Test(arguments: ["Meet me at 221B Baker Street.", "Our office: 1600 Pennsylvania Avenue", "Neue Adresse: Hauptstraße 5, Berlin", "im Büro Goethe-Str. 12a", "Am Lindenweg 3"])
    func streetAddressesAreFound(text: String) {
        #expect(kinds(text) == [.streetAddress])
    }

    @Test func ordinaryProseIsClean() {
        #expect(kinds("We shipped 3 New Features this week. Straßenbahn lines 5 and 6 run late; see https://example.com/a?b=1 🚋") == [])
    }
}

/// What the linear scanners must find and leave alone, beyond the shapes the regular expressions had.
struct ContentPrivacyScannerTests {
    func kinds(_ text: String) -> [PrivacyFinding.Kind] { PrivacyLint.findings(in: text).map(\.kind) }

    @Test(arguments: ["Follow @someone@mastodon.social for more", "cc @ada@hachyderm.io and @bob@fosstodon.org"])
    func fediverseHandlesAreNotEMailAddresses(text: String) {
        #expect(kinds(text) == [])
    }

    @Test func findingsComeInTextOrderWithTheirOwnCharacters() {
        let text = "Mail a.b@example.org, call +49 30 1234567, visit 10 Downing St. or Hauptstraße 5."
        let findings = PrivacyLint.findings(in: text)
        #expect(findings.map(\.kind) == [.email, .phone, .streetAddress, .streetAddress])
        #expect(findings.map { String(text[$0.range]) } == ["a.b@example.org", "+49 30 1234567", "10 Downing St.", "Hauptstraße 5"])
    }

    @Test func aDomainStopsBeforeAnEmptyLabelOrATrailingDot() {
        let text = "see jane@mail.example.com. or joe@example..com"
        #expect(PrivacyLint.findings(in: text).map { String(text[$0.range]) } == ["jane@mail.example.com"])
    }

    @Test func aNumberTooLongToBeAPhoneIsNotOne() {
        #expect(kinds("order 0301234567890123 shipped") == [])
        #expect(kinds("call (030) 123 4567 now") == [.phone])
    }
}
