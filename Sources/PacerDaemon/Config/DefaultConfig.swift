/// The annotated default configuration, written to `config.toml` on first start.
/// It is `Config/pacer.toml` word for word; a test keeps the two equal.
public enum DefaultConfig {
    public static let text = #"""
# Pacer configuration — ~/.config/pacer/config.toml
#
# pacerd writes this annotated default on its first start when the file is absent.
# After editing, check and apply it:   systemctl --user restart pacer
# (A bad file is refused with its line and what is wrong; the running daemon is not affected
#  until it restarts.)
#
# Durations use systemd time-span syntax: "90s", "30min", "2h", "1h 30min", "1d", "2weeks".

# The zone that decides what "a day" is for every channel that names none.
# An IANA name such as "Europe/Berlin". Default: the system's zone.
# timezone = "Europe/Berlin"

# One [[channel]] block per place your posts go.
[[channel]]
# A short name you use on the command line: pacer add "…" --channel outbox
# Letters, digits, "-" and "_"; unique.
name = "outbox"

# What kind of channel this is. This version supports:
#   outbox — writes each published post as a file into `path`; needs no account.
kind = "outbox"

# Used when `pacer add` names no --channel. Several channels may be default.
default = true

# Where the outbox writes. Default: $XDG_DATA_HOME/pacer/outbox (~/.local/share/pacer/outbox).
# path = "/home/me/pacer-outbox"

# The zone this channel's days are counted in. Default: the top-level `timezone`.
# timezone = "Europe/Berlin"

# At least this long between two posts on this channel.
min_gap = "2h"

# At most this many posts per calendar day (in the channel's zone).
max_per_day = 2

"""#
}
