import PacerCore

/// A committed change the engine can apply to its own copies of the queue and the history (the
/// last plan's), instead of reading both back from the store: the two changes that come by the
/// hundred, publications and adds. Every other change re-plans from the store.
enum KnownChange {
    /// A delivery went out: it leaves the queue and joins the history.
    case published(PastDelivery)
    /// Posts were added: their queued deliveries join the queue.
    case added([PendingDelivery])
}
