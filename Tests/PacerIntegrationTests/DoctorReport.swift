/// What `pacer doctor --json` prints (docs/json.md).
struct DoctorReport: Decodable {
    struct Check: Decodable {
        var name: String
        var status: String
        var detail: String
        var fix: String?
    }

    var ok: Bool
    var checks: [Check]
}
