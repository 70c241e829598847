"""Checks app.bsky.feed.post records as Pacer sends them, with the atproto SDK's own models.

stdin:  {"records": ["<record JSON as sent in createRecord>", ...]}
stdout: {"problems": [["<what is wrong>", ...], ...]}  (an empty list: the record is valid)

Two sources of truth, each said in its problems:
- "sdk: ...": atproto_client.models.get_or_create(record, AppBskyFeedPost.Record, strict=True,
  strict_string_format=True), i.e. the SDK's pydantic models with their string formats (datetime,
  language, DID, URI). Fields the models do not know, and facet features that fall back to a plain
  dictionary (an unknown $type), are problems too.
- "lexicon: ...": what the SDK's models leave out. Its code generator turns a lexicon's maxLength
  into pydantic's max_length, which counts code points, and drops maxGraphemes, and the package
  ships no lexicon JSON. So the bounds of lexicons/app/bsky/feed/post.json and
  lexicons/app/bsky/richtext/facet.json are written out here: text maxLength 3000 (UTF-8 bytes)
  and maxGraphemes 300; tags maxLength 8, each maxLength 640 and maxGraphemes 64; facet #tag
  maxLength 640 and maxGraphemes 64; a facet's byteSlice lies inside the text's UTF-8 bytes and
  on character boundaries. Graphemes are counted with the regex package's \\X (extended
  grapheme clusters, UAX #29), independently of Swift.
"""
import json
import sys

import regex
from atproto_client import models
from atproto_client.models.utils import get_or_create


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


def sdk_problems(raw):
    try:
        record = get_or_create(raw, models.AppBskyFeedPost.Record, strict=True, strict_string_format=True)
    except Exception as error:  # the SDK's ModelError, which wraps pydantic's ValidationError
        return ["sdk: %s" % error]
    problems = []
    if record.model_extra:
        problems.append("sdk: fields the record model does not know: %s" % sorted(record.model_extra))
    for number, facet in enumerate(record.facets or []):
        if facet.model_extra or facet.index.model_extra:
            problems.append("sdk: facet %d has unknown fields" % number)
        for feature, sent in zip(facet.features, raw["facets"][number]["features"]):
            expected = FEATURES.get(sent.get("$type"))
            if expected is None or not isinstance(feature, expected):
                problems.append("sdk: facet %d has a feature of unknown type %r" % (number, sent.get("$type")))
            elif feature.model_extra:
                problems.append("sdk: facet %d's feature has unknown fields %s" % (number, sorted(feature.model_extra)))
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
