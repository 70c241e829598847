/// Every kind of event pacerd writes to the journal, each with a fixed `MESSAGE_ID`
/// (documented in `systemd/pacer.catalog` and `docs/journal.md`).
public enum DaemonEvent: String, CaseIterable, Sendable {
    /// pacerd started: store open, plan made, socket listening.
    case started
    /// pacerd is stopping (SIGTERM/SIGINT).
    case stopping
    /// A post was queued (one entry per delivery).
    case queued
    /// A delivery was claimed: committed as going out, its channel about to be called.
    case claimed
    /// A delivery was published (for a thread: its last part).
    case published
    /// A part of a thread, before its last, was published; the next part follows.
    case partPublished = "part_published"
    /// A delivery failed for good.
    case failed
    /// A delivery hit a retryable error (or a rate limit) and is queued again for later.
    case retrying
    /// A delivery's outcome is unknown (interrupted mid-call); it waits for a person.
    case unknown
    /// An interrupted delivery was resolved by its channel's proof after a restart.
    case reconciled
    /// A post's pending deliveries were cancelled.
    case cancelled
    /// A post was edited (`pacer edit`); one entry per delivery.
    case edited
    /// A post was moved in the queue (`pacer move`).
    case moved
    /// A post's queued deliveries were held (by `pacer hold` or a privacy finding).
    case held
    /// A post's held deliveries were released to the queue.
    case released
    /// A channel, or the whole queue, was paused.
    case paused
    /// A channel, or the whole queue, was resumed.
    case resumed
    /// The configuration was reloaded (SIGHUP), or a reload was refused.
    case reloaded
    /// A control request was refused (malformed, too large, wrong version, another user).
    case requestRefused = "request_refused"
    /// The configuration could not be used.
    case configInvalid = "config_invalid"
    /// A channel will soon stop publishing unless someone acts: an old LinkedIn API version, an
    /// access token about to expire (at start and at each reload).
    case configWarning = "config_warning"
    /// The store failed (for example, a full disk); the daemon keeps running.
    case storeError = "store_error"

    /// The journal's `MESSAGE_ID` of this event kind.
    public var messageID: String {
        switch self {
        case .started: "3b18b9ddd9fd4e45a3bd67c17ef1a92d"
        case .stopping: "b3ad1c4827964463b4cd411899f13557"
        case .queued: "264fbf0026cf4468bdccad464bdfceee"
        case .claimed: "d4a0f9b5d50d4cc39344d6c84b1a575b"
        case .published: "6ff9b333d51c45cea60e8a3b3402db1f"
        case .partPublished: "e17377f7422e4538a65dc3de759f02de"
        case .failed: "ba9c5fce0fac49d389319859f8acc7d3"
        case .retrying: "66f7e8bd660f4766b65732e0784bc857"
        case .unknown: "1e46dace17624d4b945be533a255eb47"
        case .reconciled: "a8b37f6f2d634b7987ee2f3fc29d44e2"
        case .cancelled: "881c0e0073b544399ef98ae52d038387"
        case .edited: "6449515434f84e83946b7cd019c32e12"
        case .moved: "f35bd6ab99d44cd9a46e9f5583861192"
        case .held: "4e88bd1e3030430181fcc388e7802363"
        case .released: "ad3714c370534b169728c4c046845f52"
        case .paused: "e2c4f6cbffaa4261b85f85e3de57ccf9"
        case .resumed: "3a7526b05fb04c26af074f7aed6174a5"
        case .reloaded: "0b9d3e4802ef4d229f394ac3e8758fe0"
        case .requestRefused: "92683c3693d446c09ba73ef018e53f83"
        case .configInvalid: "8dad702e6c1341b689fba769c985695f"
        case .configWarning: "c31e0e3a912845679fd72fb73c7e58a6"
        case .storeError: "d8f5a5a8ccc746699eacda1718d31645"
        }
    }
}
