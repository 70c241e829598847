/// Identifies a post. Assigned by the store, never reused.
public typealias PostID = Int64

/// Identifies a delivery (one post on one channel). Assigned by the store, never reused.
public typealias DeliveryID = Int64
