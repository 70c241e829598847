/// LinkedIn's "little" text format, the syntax of a post's `commentary`: the characters
/// `\ | { } @ [ ] ( ) < > # * _ ~` are reserved and must be escaped with a backslash to be plain
/// text; unescaped, LinkedIn may cut the post at the first one. A `#` that begins a hashtag of
/// letters and digits stays as it is, so the hashtag stays a hashtag.
enum LittleText {
    static let reserved: Set<Character> = ["\\", "|", "{", "}", "@", "[", "]", "(", ")", "<", ">", "#", "*", "_", "~"]

    static func escape(_ text: String) -> String {
        var hashtagStarts = Set<Int>()
        for entity in TextEntities.scan(text) {
            guard case .hashtag(let tag) = entity.kind, tag.allSatisfy({ $0.isLetter || $0.isNumber }) else { continue }
            hashtagStarts.insert(entity.utf8Range.lowerBound)
        }
        var result = ""
        var offset = 0
        for character in text {
            if reserved.contains(character), !(character == "#" && hashtagStarts.contains(offset)) {
                result.append("\\")
            }
            result.append(character)
            offset += character.utf8.count
        }
        return result
    }
}
