import Foundation

/// A domain's ASCII form as twitter-text needs it to accept a link (IDNA 2003 `ToASCII`, as
/// Python's `idna` codec does it): ASCII labels as they are, other labels mapped (`nameprep`)
/// and written in Punycode with `xn--`; nil when a label is empty, over 63 characters or holds a
/// character `nameprep` prohibits.
///
/// `nameprep` is followed closely where a domain twitter-text finds can be affected: the
/// characters mapped to nothing, case folding, NFKC, the prohibited characters that can occur in
/// a domain, and its right-to-left rule with Hebrew, Arabic, Syriac and Thaana as the
/// right-to-left letters and every other letter as a left-to-right one.
enum IDNA {
    static func toASCII(_ domain: String) -> String? {
        if domain.utf8.allSatisfy({ $0 < 0x80 }) {
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.dropLast().allSatisfy({ (1...63).contains($0.count) }), labels.last!.count < 64 else { return nil }
            return domain
        }
        // Split by code point: a dot followed by a joiner is one Character but two labels' border.
        var labels = domain.unicodeScalars.split(omittingEmptySubsequences: false) { "\u{2E}\u{3002}\u{FF0E}\u{FF61}".unicodeScalars.contains($0) }
        let trailingDot = labels.last?.isEmpty == true && labels.count > 1
        if trailingDot { labels.removeLast() }
        var result: [String] = []
        for label in labels {
            guard let ascii = labelToASCII(String(String.UnicodeScalarView(label))) else { return nil }
            result.append(ascii)
        }
        return result.joined(separator: ".") + (trailingDot ? "." : "")
    }

    private static func labelToASCII(_ label: String) -> String? {
        if label.utf8.allSatisfy({ $0 < 0x80 }) { return (1...63).contains(label.utf8.count) ? label : nil }
        guard let prepared = nameprep(label) else { return nil }
        if prepared.utf8.allSatisfy({ $0 < 0x80 }) { return (1...63).contains(prepared.utf8.count) ? prepared : nil }
        guard !prepared.lowercased().hasPrefix("xn--"), let encoded = punycode(Array(prepared.unicodeScalars)) else { return nil }
        let ascii = "xn--" + encoded
        return ascii.utf8.count < 64 ? ascii : nil
    }

    private static func nameprep(_ label: String) -> String? {
        var mapped = String.UnicodeScalarView()
        for scalar in label.unicodeScalars where !mappedToNothing(scalar) { mapped.append(scalar) }
        // Case folding (table B.2, `ß` to `ss`) and NFKC, twice: B.2 also folds what NFKC makes (`™` → `TM` → `tm`).
        var prepared = String(mapped)
        for _ in 0..<2 { prepared = prepared.folding(options: [.caseInsensitive], locale: nil).precomposedStringWithCompatibilityMapping }
        let scalars = Array(prepared.unicodeScalars)
        if scalars.contains(where: isProhibited) { return nil }
        if scalars.contains(where: isRightToLeft) {
            guard !scalars.contains(where: isLeftToRight), isRightToLeft(scalars.first!), isRightToLeft(scalars.last!) else { return nil }
        }
        return prepared
    }

    /// RFC 3454 table B.1.
    private static func mappedToNothing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xAD, 0x34F, 0x1806, 0x180B...0x180D, 0x200B...0x200D, 0x2060, 0xFE00...0xFE0F, 0xFEFF: true
        default: false
        }
    }

    /// RFC 3454 tables C.1.2 to C.9, for what a domain twitter-text finds can hold.
    private static func isProhibited(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x80...0x9F, 0x6DD, 0x70F, 0x180E, 0x200C, 0x200D, 0x2028, 0x2029, 0x2060...0x2063, 0x206A...0x206F,
             0xFEFF, 0xFFF9...0xFFFD, 0x1D173...0x1D17A,  // C.2.2 and C.6
             0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD,  // C.3
             0xFDD0...0xFDEF, 0xFFFE, 0xFFFF,  // C.4
             0xD800...0xDFFF,  // C.5
             0x2FF0...0x2FFB,  // C.7
             0x340, 0x341, 0x200E, 0x200F, 0x202A...0x202E,  // C.8
             0xE0001, 0xE0020...0xE007F:  // C.9
            true
        default:
            scalar.value & 0xFFFE == 0xFFFE || scalar.properties.generalCategory == .spaceSeparator && scalar.value > 0x7F
        }
    }

    private static func isRightToLeft(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x5BE, 0x5C0, 0x5C3, 0x5D0...0x5F4, 0x608, 0x60B, 0x60D, 0x61B...0x64A, 0x66D...0x66F, 0x671...0x6D5,
             0x6E5, 0x6E6, 0x6EE...0x6EF, 0x6FA...0x70D, 0x710, 0x712...0x72F, 0x74D...0x7A5, 0x7B1, 0xFB1D, 0xFB1F...0xFB28,
             0xFB2A...0xFDFC, 0xFE70...0xFEFC:
            scalar.properties.generalCategory != .nonspacingMark
        default:
            false
        }
    }

    private static func isLeftToRight(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic && !isRightToLeft(scalar) && scalar.properties.generalCategory != .nonspacingMark
    }

    /// RFC 3492 Punycode of `scalars`, without the `xn--`.
    private static func punycode(_ scalars: [Unicode.Scalar]) -> String? {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        func digit(_ value: Int) -> Character { Character(Unicode.Scalar(UInt8(value < 26 ? value + 97 : value + 22))) }
        func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / count
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }
        let values = scalars.map { Int($0.value) }
        var output = String(String.UnicodeScalarView(scalars.filter(\.isASCII)))
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = 128, delta = 0, bias = 72
        while handled < values.count {
            guard let next = values.filter({ $0 >= n }).min() else { return nil }
            delta += (next - n) * (handled + 1)
            n = next
            for value in values {
                if value < n { delta += 1 }
                guard value == n else { continue }
                var q = delta, k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, handled + 1, handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return output
    }
}
