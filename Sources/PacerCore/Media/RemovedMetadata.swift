/// A block of metadata taken out of an image before it is stored, for the privacy lint to report
/// ("removed Exif with GPS location from chart.jpg").
public struct RemovedMetadata: Sendable, Hashable, Codable {
    /// The kind of block: `Exif`, `XMP`, `IPTC`, `comment`, `PNG text`, `PNG eXIf`, `PNG tIME`.
    public var kind: String
    /// Whether it held a location (GPS tags).
    public var hadLocation: Bool
    /// Whether it named the device (camera make, model, serial number, software).
    public var hadDevice: Bool
    public var byteCount: Int

    public init(kind: String, hadLocation: Bool, hadDevice: Bool, byteCount: Int) {
        self.kind = kind
        self.hadLocation = hadLocation
        self.hadDevice = hadDevice
        self.byteCount = byteCount
    }
}
