"""twitter-text's weighted length (v3, X's counting) of each text, by the `twitter-text-parser`
package: {"texts": [...]} on standard input, {"lengths": [...]} on standard output."""
import json
import sys

from twitter_text import parse_tweet

texts = json.load(sys.stdin)["texts"]
json.dump({"lengths": [parse_tweet(text).weightedLength for text in texts]}, sys.stdout)
