/// Why bytes are not an image Pacer can publish. The description says what is wrong and how to fix
/// it, without the file's name: the caller, who knows the name, puts it first.
public struct ImageError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
