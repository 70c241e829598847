/// The annotated default configuration, written to `config.toml` on first start.
/// It is `Config/pacer.toml` word for word; a test keeps the two equal.
public enum DefaultConfig {
    public static let text = #"""
# Pacer configuration — ~/.config/pacer/config.toml
#
# pacerd writes this annotated default on its first start when the file is absent.
# Check an edited file, then apply it without a restart:
#   pacer config check && systemctl --user reload pacer
# A bad file is refused with its line and what is wrong; a running pacerd keeps the previous
# configuration and says so in `systemctl --user status pacer`.
#
# Durations use systemd time-span syntax: "90s", "30min", "2h", "1h 30min", "1d", "2weeks".
# Instants and days use systemd calendar syntax (`pacer calendar EXPR` shows when they elapse):
#   "Tue..Thu 08:30", "Mon..Fri 09..16:00/30", "*-12-24..26", "*-01-01".
# Unknown keys are errors: a misspelt rule is never ignored silently.

# The zone that decides what "a day" and "a week" are for the account and for every channel
# that names none. An IANA name such as "Europe/Berlin". Default: the system's zone.
# timezone = "Europe/Berlin"

# Rules over all channels together. Every key is optional; absent means no limit.
[cadence]
# At least this long between any two deliveries, whatever the channel.
# min_gap = "45min"
# At most this many deliveries per calendar day / per ISO week (Monday to Sunday), all channels.
# max_per_day = 4
# max_per_week = 12
# One post on two channels: its deliveries at least this far apart.
# cross_post_gap = "30min"
# A post alike to one queued or published within this window is refused at `pacer add`
# (unless --allow-duplicate) and checked again at publish time. Default "7d".
# duplicate_window = "7d"
# How alike counts as a near-duplicate, from 0 to 1 (see docs/cadence.md for the measure). Default 0.8.
# similarity = 0.8

# One [[channel]] block per place your posts go.
[[channel]]
# A short name you use on the command line: pacer add "…" --channel outbox
# Letters, digits, "-" and "_"; unique.
name = "outbox"

# What kind of channel this is:
#   outbox   — writes each published post as a file into `path`; needs no account.
#   command  — runs a program of yours with the text on stdin (see the examples at the end).
#   webhook  — POSTs a signed JSON body to a URL.
#   mastodon, bluesky, linkedin, x — the platforms' own APIs.
kind = "outbox"

# Used when `pacer add` names no --channel. Several channels may be default.
default = true

# Where the outbox writes. Default: $XDG_DATA_HOME/pacer/outbox (~/.local/share/pacer/outbox).
# path = "/home/me/pacer-outbox"

# The zone this channel's days and weeks are counted in. Default: the top-level `timezone`.
# timezone = "Europe/Berlin"

# Posting slots: calendar expressions; a delivery goes out only at one of their instants.
# Absent: any instant the other rules allow.
# slots = ["Tue..Thu 08:30", "Tue..Thu 12:15"]

# Days (or instants) when nothing goes out on this channel: calendar expressions.
# Slots and blackouts that leave no instant in the next year plan nothing; `pacer config check` says so.
# blackout = ["*-12-24..26", "*-01-01"]

# At least this long between two posts on this channel.
min_gap = "2h"

# At most this many posts per calendar day / per ISO week (in the channel's zone).
max_per_day = 2
# max_per_week = 10

# Spread each delivery by up to this much after its planned instant, seeded by the delivery id,
# so the plan stays the same every time it is made (and explainable).
# jitter = "10min"

# A delivery whose instant passed while pacerd was stopped: with `late = "reslot"` (the default)
# it is planned again under every rule (one may go at once, the rest keep their gaps); one later
# than `max_lateness` is held (`late = "hold"`, until `pacer release`) or skipped (`late = "skip"`).
# Nothing late is ever published in a burst.
# max_lateness = "2h"
# late = "reslot"

# The longest text this channel takes, counted as its platform counts. Default: the kind's limit.
# max_length = 3000

# E-mail addresses, phone numbers, IBANs, card numbers and street addresses in a post:
#   hold — the delivery is held until `pacer release ID` (default)
#   warn — `pacer add` warns and queues it
#   off  — no check
# privacy = "hold"

# Retryable errors (a 5xx, a refused connection): how often and how far apart to try again.
# Rate-limit waits do not use up attempts.
# retry = { attempts = 5, backoff = "1min", max_backoff = "1h" }

# ── More channels: uncomment and adapt. Secrets are never written here: `credential = "NAME"`
# names a file $CREDENTIALS_DIRECTORY/NAME (systemd LoadCredential=, see
# systemd/credentials.conf.example) or ~/.config/pacer/credentials/NAME (mode 0600, yours).
# Every channel also takes the cadence keys above (slots, min_gap, max_per_day, …), `timeout`
# (default "30s", at most "1min": the longest a call may take, all its requests and replies
# included) and `retry`. docs/channels.md has the request each one sends.
# `pacer auth NAME` signs in to a mastodon, bluesky, linkedin or x channel and stores its credential.
#
# [[channel]]
# name = "mastodon"
# kind = "mastodon"
# base_url = "https://mastodon.social"     # your instance; plain http:// only to loopback
# credential = "mastodon-token"            # a token with write:statuses write:media read:accounts read:statuses
#                                          # (the read scopes find a post whose answer was lost)
# visibility = "public"                    # public | unlisted | private | direct
# language = "en"                          # ISO 639; default: the account's
#
# [[channel]]
# name = "bluesky"
# kind = "bluesky"
# base_url = "https://bsky.social"         # default
# identifier = "me.bsky.social"            # your handle or DID
# credential = "bluesky-app-password"      # an app password, not your login password
# language = "en"
#
# [[channel]]
# name = "linkedin"
# kind = "linkedin"
# base_url = "https://api.linkedin.com"    # default
# credential = "linkedin-token"            # an OAuth 2.0 token with w_member_social (pacer auth
#                                          # linkedin writes it; it lasts 60 days, and pacerd and
#                                          # pacer doctor warn a week before it expires)
# author = "urn:li:person:abc123"          # whose post it is
# version = "202611"                       # the LinkedIn-Version header, YYYYMM: a month LinkedIn
#                                          # has released within the last year (it retires each
#                                          # version after about a year, then answers 426 to every
#                                          # post); take last month's, and update it yearly; pacerd
#                                          # warns when it is more than eleven months old
# client_id = "your-client-id"             # for pacer auth: your app's Client ID
# client_secret_credential = "linkedin-client-secret"  # for pacer auth: its Client Secret's file
#
# [[channel]]
# name = "x"
# kind = "x"
# base_url = "https://api.x.com"           # default; tokens are renewed at token_url
# credential = "x-token"                   # an OAuth 2.0 user token with tweet.read tweet.write
#                                          # users.read media.write offline.access, written by pacer auth x;
#                                          # pacerd renews it and keeps the rotated tokens in
#                                          # <state dir>/channels/x/token.json (0600)
# client_id = "your-client-id"             # for pacer auth: your app's OAuth 2.0 Client ID
# client_secret_credential = "x-client-secret"  # for pacer auth, a confidential client only
#
# [[channel]]
# name = "hook"
# kind = "webhook"
# url = "https://example.com/hooks/pacer"
# headers = { "X-Team" = "comms" }         # extra request headers
# secret = "webhook-key"                   # signs as Standard Webhooks (webhook-signature); the
#                                          # credential holds whsec_ and the base64 of at least 24
#                                          # random bytes, the same text the receiver verifies with:
#                                          # printf 'whsec_%s\n' "$(head -c 32 /dev/urandom | base64)"
# include_media = false                    # true: the body carries each image's bytes (base64,
#                                          # in `parts`); false describes them only (type, size,
#                                          # SHA-256, alt text). docs/channels.md has the body.
#
# [[channel]]
# name = "toot"
# kind = "command"
# command = ["/usr/bin/toot", "post"]      # argv, never a shell; the text on stdin, and for
#                                          # images or a thread $PACER_MANIFEST names a JSON file
# timeout = "30s"                          # exit 0 published (first stdout line: the URL),
#                                          # 75 try again later, other codes failed; once it
#                                          # exits, all it started is killed (docs/channels.md)
# A program with a JIT (node, java) needs the jit.conf drop-in of docs/systemd.md.

"""#
}
