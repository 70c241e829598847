extension ImageFacts {
    /// The size as the image is displayed: an Exif Orientation of 5-8 turns it a quarter, so a
    /// phone's portrait photo, stored 4032×3024, is 3024×4032 (what a platform's aspect ratio
    /// and `pacer show` need).
    func turned(by orientation: Int?) -> ImageFacts {
        guard let orientation, (5...8).contains(orientation) else { return self }
        return ImageFacts(format: format, width: height, height: width)
    }
}
