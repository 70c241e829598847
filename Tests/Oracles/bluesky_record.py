"""Checks app.bsky.feed.post records as Pacer sends them, with the atproto SDK's own models.

stdin:  {"records": ["<record JSON as sent in createRecord>", ...]}
stdout: {"problems": [["<what is wrong>", ...], ...]}  (an empty list: the record is valid)

Two sources of truth, each said in its problems:
- "sdk: ...": atproto_client.models.get_or_create(record, AppBskyFeedPost.Record, strict=True,
  strict_string_format=True), i.e. the SDK's pydantic models with their string formats (datetime,
  language, DID, URI, AT-URI, CID). Fields the models do not know, anywhere in the record, and facet
  features or embeds that fall back to a plain dictionary (an unknown $type), are problems too.
  The embed must be the SDK's app.bsky.embed.images or app.bsky.embed.external model, each blob
  a BlobRef whose ref the SDK's CID class decodes (codec raw), and a reply's root and parent
  strong references whose CIDs it decodes (codec dag-cbor).
- "lexicon: ...": what the SDK's models leave out. Its code generator turns a lexicon's maxLength
  into pydantic's max_length, which counts code points, and drops maxGraphemes, and the package
  ships no lexicon JSON. So the bounds of lexicons/app/bsky/feed/post.json and
  lexicons/app/bsky/richtext/facet.json are written out here: text maxLength 3000 (UTF-8 bytes)
  and maxGraphemes 300; tags maxLength 8, each maxLength 640 and maxGraphemes 64; facet #tag
  maxLength 640 and maxGraphemes 64; a facet's byteSlice lies inside the text's UTF-8 bytes and
  on character boundaries; a blob's mimeType is image/* and its size at most maxSize (2,000,000
  bytes for app.bsky.embed.images, 1,000,000 for app.bsky.embed.external's thumb; the SDK keeps
  neither bound). Graphemes are counted with the regex package's \\X (extended
  grapheme clusters, UAX #29), independently of Swift.
"""
import json
import sys

import regex
from atproto_client import models
from atproto_client.models.blob_ref import BlobRef
from atproto_client.models.utils import get_or_create
from atproto_core.cid import CID
from pydantic import BaseModel

RAW_CODEC = 0x55
DAG_CBOR_CODEC = 0x71
IMAGE_MAX_SIZE = 2000000
THUMB_MAX_SIZE = 1000000


def graphemes(text):
    return len(regex.findall(r"\X", text))


def utf8(text):
    return len(text.encode("utf-8"))


def bounded(label, text, max_bytes, max_graphemes):
    problems = []
    if utf8(text) > max_bytes:
        problems.append("lexicon: %s is %d UTF-8 bytes, maxLength %d" % (label, utf8(text), max_bytes))
    if graphemes(text) > max_graphemes:
        problems.append("lexicon: %s is %d graphemes, maxGraphemes %d" % (label, graphemes(text), max_graphemes))
    return problems


FEATURES = {
    "app.bsky.richtext.facet#link": models.AppBskyRichtextFacet.Link,
    "app.bsky.richtext.facet#mention": models.AppBskyRichtextFacet.Mention,
    "app.bsky.richtext.facet#tag": models.AppBskyRichtextFacet.Tag,
}


def unknown_fields(model, path):
    """Every field, at any depth, that the SDK's models took in without knowing it."""
    problems = []
    # A blob's ref is an IpldLink ({"$link": ...}); its model allows extra fields by design.
    if model.model_extra and not isinstance(model, BlobRef):
        problems.append("sdk: fields %s does not know: %s" % (path, sorted(model.model_extra)))
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for number, item in enumerate(items):
            where = "%s.%s" % (path, name) + ("[%d]" % number if isinstance(value, list) else "")
            if isinstance(item, BaseModel) and not isinstance(item, BlobRef):
                problems += unknown_fields(item, where)
    return problems


def cid_problems(text, codec, what):
    try:
        cid = CID.decode(text)
    except Exception as error:
        return ["sdk: %s %r is not a CID: %s" % (what, text, error)]
    if cid.codec != codec:
        return ["sdk: %s %r has codec 0x%x, expected 0x%x" % (what, text, cid.codec, codec)]
    return []


def blob_problems(blob, max_size, what):
    if not isinstance(blob, BlobRef):
        return ["sdk: %s is not a blob: %r" % (what, blob)]
    if not blob.is_json_representation:
        return ["sdk: %s's ref is not {\"$link\": ...}" % what]
    problems = cid_problems(blob.ref.link, RAW_CODEC, "%s's ref" % what)
    if blob.ref.model_extra:
        problems.append("sdk: %s's ref has unknown fields %s" % (what, sorted(blob.ref.model_extra)))
    if blob.model_extra:
        problems.append("sdk: %s has unknown fields %s" % (what, sorted(blob.model_extra)))
    if not blob.mime_type.startswith("image/"):
        problems.append("lexicon: %s's mimeType %r is not image/*" % (what, blob.mime_type))
    if not 0 < blob.size <= max_size:
        problems.append("lexicon: %s's size %d is not within 1..%d" % (what, blob.size, max_size))
    return problems


def embed_problems(record, raw):
    embed = record.embed
    if embed is None:
        return ["sdk: the record's embed was dropped"] if "embed" in raw else []
    if isinstance(embed, models.AppBskyEmbedImages.Main):
        problems = []
        for number, image in enumerate(embed.images):
            problems += blob_problems(image.image, IMAGE_MAX_SIZE, "image %d" % number)
        return problems
    if isinstance(embed, models.AppBskyEmbedExternal.Main):
        if embed.external.thumb is None:
            return ["sdk: the card's thumb was dropped"] if "thumb" in raw["embed"]["external"] else []
        return blob_problems(embed.external.thumb, THUMB_MAX_SIZE, "the card's thumb")
    return ["sdk: the embed is not app.bsky.embed.images or app.bsky.embed.external: %r" % (embed,)]


def reply_problems(record, raw):
    reply = record.reply
    if reply is None:
        return ["sdk: the record's reply was dropped"] if "reply" in raw else []
    problems = []
    for role, ref in (("root", reply.root), ("parent", reply.parent)):
        problems += cid_problems(ref.cid, DAG_CBOR_CODEC, "reply %s's cid" % role)
        if "/app.bsky.feed.post/" not in ref.uri:
            problems.append("sdk: reply %s's uri %r is not a post" % (role, ref.uri))
    return problems


def sdk_problems(raw):
    try:
        record = get_or_create(raw, models.AppBskyFeedPost.Record, strict=True, strict_string_format=True)
    except Exception as error:  # the SDK's ModelError, which wraps pydantic's ValidationError
        return ["sdk: %s" % error]
    problems = unknown_fields(record, "record") + embed_problems(record, raw) + reply_problems(record, raw)
    for number, facet in enumerate(record.facets or []):
        for feature, sent in zip(facet.features, raw["facets"][number]["features"]):
            expected = FEATURES.get(sent.get("$type"))
            if expected is None or not isinstance(feature, expected):
                problems.append("sdk: facet %d has a feature of unknown type %r" % (number, sent.get("$type")))
    return problems


def lexicon_problems(raw):
    text = raw.get("text", "")
    encoded = text.encode("utf-8")
    problems = bounded("text", text, 3000, 300)
    tags = raw.get("tags") or []
    if len(tags) > 8:
        problems.append("lexicon: tags has %d items, maxLength 8" % len(tags))
    for number, tag in enumerate(tags):
        problems += bounded("tag %d" % number, tag, 640, 64)
    for number, facet in enumerate(raw.get("facets") or []):
        start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
        if not 0 <= start < end <= len(encoded):
            problems.append("lexicon: facet %d's bytes %d..%d are outside the text's %d" % (number, start, end, len(encoded)))
            continue
        try:
            encoded[start:end].decode("utf-8")
        except UnicodeDecodeError:
            problems.append("lexicon: facet %d's bytes %d..%d cut a character" % (number, start, end))
        for feature in facet["features"]:
            if feature.get("$type") == "app.bsky.richtext.facet#tag":
                problems += bounded("facet %d's tag" % number, feature.get("tag", ""), 640, 64)
    return problems


request = json.load(sys.stdin)
answers = []
for text in request["records"]:
    raw = json.loads(text)
    answers.append(sdk_problems(raw) + lexicon_problems(raw))
json.dump({"problems": answers}, sys.stdout)
