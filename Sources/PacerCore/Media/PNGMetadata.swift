/// Which PNG chunks are metadata, and what each one held. Removed: Exif (`eXIf`), text (`tEXt`,
/// `zTXt`, `iTXt`, XMP among them) and the modification time (`tIME`); every other chunk is kept
/// verbatim, the colour profile (`iCCP`, `sRGB`, `gAMA`) and animation (`acTL`, `fcTL`, `fdAT`)
/// included. An Exif Orientation other than 1 is written back as an `eXIf` of its own.
enum PNGMetadata {
    static let xmpKeyword = Array(ascii: "XML:com.adobe.xmp")
    /// `tEXt` keywords that name the device (ExifTool writes Make and Model this way).
    static let deviceKeywords: Set<String> = ["Make", "Model"]

    /// `exif` is what an `eXIf` chunk holds (nil for other chunks).
    static func fate(ofChunk name: String, data: Range<Int>, exif: ExifSummary?, in reader: ByteReader) -> ImagePiece.Fate {
        let chunkBytes = data.count + 12
        if let exif {
            let removed = RemovedMetadata(kind: "PNG eXIf", hadLocation: exif.hasLocation, hadDevice: exif.namesDevice, byteCount: chunkBytes)
            guard let orientation = exif.orientation else { return .remove(removed) }
            let written = ExifOrientationBlock.pngChunk(orientation: orientation)
            // Already cleaned: nothing but the Orientation, exactly as Pacer writes it.
            return reader.matches(written, at: data.lowerBound - 8) && written.count == chunkBytes ? .keep : .replace(removed, with: written)
        }
        switch name {
        case "tEXt", "zTXt", "iTXt":
            let keywordEnd = reader.bytes[data].firstIndex(of: 0) ?? data.upperBound
            let keyword = String(decoding: reader.bytes[data.lowerBound..<keywordEnd], as: UTF8.self)
            let isXMP = name == "iTXt" && reader.bytes[data.lowerBound..<keywordEnd].elementsEqual(xmpKeyword)
            // Compressed text (zTXt, and iTXt with its compression flag set) cannot be read without
            // zlib; it is removed all the same.
            var removed = XMPScan.metadata(kind: isXMP ? "XMP" : "PNG text", in: name == "zTXt" ? data.lowerBound..<data.lowerBound : data, of: reader)
            removed.byteCount = chunkBytes
            removed.hadLocation = removed.hadLocation || keyword.hasPrefix("GPS")
            removed.hadDevice = removed.hadDevice || deviceKeywords.contains(keyword)
            return .remove(removed)
        case "tIME":
            return .remove(RemovedMetadata(kind: "PNG tIME", hadLocation: false, hadDevice: false, byteCount: chunkBytes))
        default:
            return .keep
        }
    }
}
