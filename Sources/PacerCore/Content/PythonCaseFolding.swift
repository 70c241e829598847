/// Code points as Python's case-insensitive regular expressions compare them, for matching
/// twitter-text's X patterns (which its Python port compiles with `re.IGNORECASE`) case-sensitively
/// in lower case: each code point becomes the lower case of its upper case, one code point for
/// one (so `İ` is `i`, `ſ` is `s`, `K` is `k`, but `ß` stays `ß`, not `ss` as ICU would fold it).
enum PythonCaseFolding {
    /// `text` folded code point by code point; every code point keeps its UTF-16 length, so
    /// offsets into the folded text are offsets into `text`.
    static func folded(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(folded(scalar)) }
        return String(result)
    }

    private static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let upper = scalar.properties.uppercaseMapping.unicodeScalars
        let base = upper.count == 1 ? upper.first! : scalar
        guard let lower = base.properties.lowercaseMapping.unicodeScalars.first, lower.utf16.count == scalar.utf16.count else { return scalar }
        return lower
    }
}
