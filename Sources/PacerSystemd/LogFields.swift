import Logging

/// One log event as journal fields: the shared model of ``JournalLogHandler`` and
/// ``StderrLogHandler``.
///
/// Metadata is merged as swift-log's own handlers do: the handler's metadata, then its metadata
/// provider's, then the call's own, each overriding the keys before it; an error attached to the
/// event adds `error.message` and `error.type`. Every key is turned into a field name with
/// ``JournalFieldName/sanitize(_:)``; keys with no usable name are dropped. Values are flattened:
///
/// - a string or string-convertible value is one field;
/// - a dictionary gives one field per entry, named `KEY_SUBKEY` (recursively);
/// - an array repeats the field once per element (journald stores every value, and
///   `journalctl FIELD=value` matches any of them); an empty array or dictionary gives no field.
///
/// Metadata whose name would be one of the fields the handler writes itself
/// (``LogFields/handlerFields``) gets the prefix `X_`, so `message` becomes `X_MESSAGE` and never
/// doubles the entry's `MESSAGE`.
struct LogFields {
    /// Field names the handlers write themselves.
    static let handlerFields: Set<String> = [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
    ]

    /// The metadata as `(name, value)` pairs in key order; a repeated name holds array elements.
    let metadata: [(name: String, value: String)]

    /// Builds the metadata fields of `event` for a handler with `handlerMetadata` and `provider`.
    init(event: LogEvent, handlerMetadata: Logger.Metadata, provider: Logger.MetadataProvider?) {
        var merged = handlerMetadata
        if let provided = provider?.get() {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, explicit in explicit }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var fields: [(name: String, value: String)] = []
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            Self.flatten(key: key, value: value, into: &fields)
        }
        self.metadata = fields.map { field in
            Self.handlerFields.contains(field.name) ? (JournalFieldName.escapePrefix + field.name, field.value) : field
        }
    }

    private static func flatten(
        key: String, value: Logger.Metadata.Value, into fields: inout [(name: String, value: String)]
    ) {
        switch value {
        case .string(let string):
            if let name = JournalFieldName.sanitize(key) { fields.append((name, string)) }
        case .stringConvertible(let convertible):
            if let name = JournalFieldName.sanitize(key) { fields.append((name, convertible.description)) }
        case .dictionary(let dictionary):
            for (subkey, subvalue) in dictionary.sorted(by: { $0.key < $1.key }) {
                flatten(key: key + "_" + subkey, value: subvalue, into: &fields)
            }
        case .array(let elements):
            for element in elements {
                flatten(key: key, value: element, into: &fields)
            }
        }
    }
}
