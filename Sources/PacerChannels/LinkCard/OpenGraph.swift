/// What a web page says about itself for previews: its Open Graph tags (`og:title`,
/// `og:description`, `og:image`), else the `twitter:` ones, else `<title>` and
/// `<meta name="description">`. Values are entity-decoded, their white space collapsed, and cut to
/// ``maxTitleCharacters`` and ``maxDescriptionCharacters``.
///
/// It reads HTML the forgiving way a browser does, without building a document: tags are found
/// by `<name`, attributes may be quoted either way or not at all, comments and the insides of
/// `<script>` and `<style>` are skipped (a tag written in a script's string is not the page's).
struct OpenGraph: Sendable, Hashable {
    var title: String?
    var description: String?
    /// The preview image's URL as written, possibly relative to the page.
    var image: String?

    static let maxTitleCharacters = 300
    static let maxDescriptionCharacters = 1_000

    /// The tags of `html` (UTF-8; invalid bytes read as U+FFFD).
    static func parse(_ html: [UInt8]) -> OpenGraph {
        var found: [String: String] = [:]
        var documentTitle: String?
        var scanner = TagScanner(bytes: html)
        while let tag = scanner.nextTag() {
            switch tag.name {
            case "meta":
                guard let key = (tag.attributes["property"] ?? tag.attributes["name"])?.lowercased(),
                      let content = tag.attributes["content"], found[key] == nil
                else { continue }
                found[key] = content
            case "title" where documentTitle == nil:
                documentTitle = scanner.text(until: "title")
            case "script", "style", "textarea":
                _ = scanner.text(until: tag.name)
            default:
                continue
            }
        }
        let title = [found["og:title"], found["twitter:title"], documentTitle].lazy.compactMap { cleaned($0, limit: maxTitleCharacters) }.first
        let description = [found["og:description"], found["twitter:description"], found["description"]].lazy
            .compactMap { cleaned($0, limit: maxDescriptionCharacters) }.first
        let image = [found["og:image"], found["og:image:url"], found["og:image:secure_url"], found["twitter:image"]].lazy
            .compactMap { cleaned($0, limit: 8_000) }.first
        return OpenGraph(title: title, description: description, image: image)
    }

    /// `raw` decoded, on one line, cut to `limit` characters (the last one `…` when cut); nil when empty.
    static func cleaned(_ raw: String?, limit: Int) -> String? {
        guard let raw else { return nil }
        let words = HTMLEntities.decode(raw).split { $0.isWhitespace || $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } }
        let text = words.joined(separator: " ")
        guard !text.isEmpty else { return nil }
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }
}

/// Finds the start tags of an HTML document one after another.
private struct TagScanner {
    struct Tag {
        /// Lower-cased.
        var name: String
        /// Names lower-cased, values as written (not yet entity-decoded); the first of a name wins.
        var attributes: [String: String]
    }

    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The next start tag; end tags, comments, doctypes and processing instructions are passed over.
    mutating func nextTag() -> Tag? {
        while let open = index(of: UInt8(ascii: "<"), from: position) {
            position = open + 1
            if starts(with: "!--", at: position) {
                position = range(of: "-->", from: position + 3)?.upperBound ?? bytes.count
                continue
            }
            let nameStart = position
            while position < bytes.count, Self.isNameByte(bytes[position]) { position += 1 }
            guard position > nameStart, Self.isLetter(bytes[nameStart]) else { continue }
            let name = String(decoding: bytes[nameStart..<position], as: UTF8.self).lowercased()
            return Tag(name: name, attributes: attributes())
        }
        position = bytes.count
        return nil
    }

    /// The text from here to the end tag `</name`, and the position moved past that tag.
    mutating func text(until name: String) -> String {
        let start = position
        var search = position
        while let close = range(of: "</", from: search) {
            if startsIgnoringCase(with: name, at: close.upperBound) {
                position = index(of: UInt8(ascii: ">"), from: close.upperBound).map { $0 + 1 } ?? bytes.count
                return String(decoding: bytes[start..<close.lowerBound], as: UTF8.self)
            }
            search = close.upperBound
        }
        position = bytes.count
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    /// The attributes up to the tag's `>`, which it moves past.
    private mutating func attributes() -> [String: String] {
        var result: [String: String] = [:]
        while position < bytes.count {
            skip { Self.isSpace($0) || $0 == UInt8(ascii: "/") }
            guard position < bytes.count, bytes[position] != UInt8(ascii: ">") else { break }
            let nameStart = position
            skip { !Self.isSpace($0) && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "/") }
            let name = String(decoding: bytes[nameStart..<position], as: UTF8.self).lowercased()
            skip(Self.isSpace)
            var value = ""
            if position < bytes.count, bytes[position] == UInt8(ascii: "=") {
                position += 1
                skip(Self.isSpace)
                if position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") {
                    let quote = bytes[position]
                    let valueStart = position + 1
                    let valueEnd = index(of: quote, from: valueStart) ?? bytes.count
                    value = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
                    position = min(valueEnd + 1, bytes.count)
                } else {
                    let valueStart = position
                    skip { !Self.isSpace($0) && $0 != UInt8(ascii: ">") }
                    value = String(decoding: bytes[valueStart..<position], as: UTF8.self)
                }
            }
            if !name.isEmpty, result[name] == nil { result[name] = value }
        }
        position = min(position + 1, bytes.count)
        return result
    }

    private mutating func skip(_ predicate: (UInt8) -> Bool) {
        while position < bytes.count, predicate(bytes[position]) { position += 1 }
    }

    private func index(of byte: UInt8, from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes[start...].firstIndex(of: byte)
    }

    private func range(of text: String, from start: Int) -> Range<Int>? {
        let needle = Array(text.utf8)
        var at = start
        while let first = index(of: needle[0], from: at) {
            if starts(with: text, at: first) { return first..<first + needle.count }
            at = first + 1
        }
        return nil
    }

    private func starts(with text: String, at offset: Int) -> Bool {
        let needle = Array(text.utf8)
        return offset + needle.count <= bytes.count && bytes[offset..<offset + needle.count].elementsEqual(needle)
    }

    private func startsIgnoringCase(with text: String, at offset: Int) -> Bool {
        let needle = Array(text.utf8)
        guard offset + needle.count <= bytes.count else { return false }
        let matches = zip(bytes[offset..<offset + needle.count], needle).allSatisfy { Self.lowered($0) == $1 }
        // `</titles` is not the end of `<title>`.
        return matches && (offset + needle.count == bytes.count || !Self.isNameByte(bytes[offset + needle.count]))
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }
    private static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
    private static func isNameByte(_ byte: UInt8) -> Bool { Self.isLetter(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") }
    private static func isSpace(_ byte: UInt8) -> Bool { [0x20, 0x09, 0x0A, 0x0C, 0x0D].contains(byte) }
}
