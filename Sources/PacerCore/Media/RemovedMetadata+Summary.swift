extension RemovedMetadata {
    /// "Exif with GPS location and device details", "XMP", "comment": for the privacy lint.
    public var summary: String {
        switch (hadLocation, hadDevice) {
        case (true, true): "\(kind) with GPS location and device details"
        case (true, false): "\(kind) with GPS location"
        case (false, true): "\(kind) with device details"
        case (false, false): kind
        }
    }

    /// A list worded for one line: "Exif with GPS location and device details, XMP, comment".
    /// Blocks of the same kind are named once, with what any of them held.
    public static func summary(of removed: [RemovedMetadata]) -> String {
        var merged: [RemovedMetadata] = []
        for block in removed {
            if let index = merged.firstIndex(where: { $0.kind == block.kind }) {
                merged[index].hadLocation = merged[index].hadLocation || block.hadLocation
                merged[index].hadDevice = merged[index].hadDevice || block.hadDevice
                merged[index].byteCount += block.byteCount
            } else {
                merged.append(block)
            }
        }
        return merged.map(\.summary).joined(separator: ", ")
    }
}
