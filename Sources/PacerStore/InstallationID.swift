/// The random id of one store (`installation.id`), part of every idempotency key the store's
/// deliveries are sent with: 16 lower-case hex digits, 64 random bits.
enum InstallationID {
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
