/// The JSON document a command program finds at `PACER_MANIFEST` when the post has images or is a
/// thread (keys sorted): every part in order, each with its text and its images' stored files.
///
/// ```json
/// {"parts":[{"images":[{"alt":"A rising line","bytes":48213,"height":800,"path":"/home/ada/.local/state/pacer/images/3f….png",
///   "sha256":"3f…","type":"image/png","width":1200}],"text":"Part one"},{"images":[],"text":"Part two"}]}
/// ```
struct CommandManifest: Encodable {
    let parts: [PartJSON]

    init(_ publication: Publication) {
        parts = publication.parts.map { part in
            PartJSON(text: part.text, images: part.images.map { ImageJSON(image: $0, path: $0.path) })
        }
    }
}
