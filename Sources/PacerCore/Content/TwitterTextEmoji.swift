/// Finds emoji the way twitter-text's emoji parser does: the longest sequence of its list
/// (``TwitterTextTables/emojiSequences``) at each place, scanning from the start, each match
/// ending where the next search begins. X counts every match as 2, whatever its length.
enum TwitterTextEmoji {
    /// The sequences of the list, by their first code point, longest first.
    private static let sequencesByFirst: [UInt32: [[UInt32]]] = {
        var table: [UInt32: [[UInt32]]] = [:]
        for sequence in TwitterTextTables.emojiSequences.split(separator: ";") {
            let scalars = sequence.split(separator: " ").compactMap { UInt32($0, radix: 16) }
            table[scalars[0], default: []].append(scalars)
        }
        return table.mapValues { $0.sorted { $0.count > $1.count } }
    }()

    /// The emoji in `scalars`: the length in code points of each, by where it starts.
    static func matches(in scalars: [UInt32]) -> [Int: Int] {
        var found: [Int: Int] = [:]
        var index = 0
        while index < scalars.count {
            if let length = match(in: scalars, at: index) {
                found[index] = length
                index += length
            } else {
                index += 1
            }
        }
        return found
    }

    private static func match(in scalars: [UInt32], at index: Int) -> Int? {
        guard let candidates = sequencesByFirst[scalars[index]] else { return nil }
        for sequence in candidates where index + sequence.count <= scalars.count {
            if scalars[index..<(index + sequence.count)].elementsEqual(sequence) { return sequence.count }
        }
        return nil
    }
}
