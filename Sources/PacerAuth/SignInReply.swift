/// Turns a platform's unwelcome reply into the failure `pacer auth` reports.
enum SignInReply {
    /// `what` went wrong according to `reply`: a 4xx is a refusal (77), a 5xx a failure worth
    /// retrying (75), and a 2xx without the expected fields an unusable answer (70).
    static func refusal(_ reply: PlatformHTTP.Reply, _ what: String, fix: String) -> AuthFailure {
        switch reply.status {
        case 500...:
            AuthFailure(AuthFailure.temporaryFailure, "\(what): HTTP \(reply.status) (\(reply.message)); try again later")
        case 400..<500:
            AuthFailure(AuthFailure.permissionDenied, "\(what): HTTP \(reply.status) (\(reply.message)); \(fix)")
        default:
            AuthFailure(AuthFailure.failed, "\(what): HTTP \(reply.status) without the expected fields (\(reply.message)); \(fix)")
        }
    }
}
