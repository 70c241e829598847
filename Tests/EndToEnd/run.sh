#!/usr/bin/env bash
# Pacer's end-to-end suite: pacerd as a real systemd user service, logging to a real journald.
#
#   sudo Tests/EndToEnd/run.sh BIN_DIR        # BIN_DIR holds the built pacerd and pacer
#
# Starts systemd-journald (unless one runs) and a `systemd --user` manager on a temporary HOME and
# XDG tree (see lib.sh), installs the binaries to $HOME/.local/bin and systemd/pacer.service
# unchanged to $XDG_CONFIG_HOME/systemd/user, and checks the service's life: start (active only
# after READY=1), STATUS= in `systemctl --user status`, a post published on time, its journal
# entries and fields, a clean stop. First it checks the harness itself on a transient Type=notify
# unit, so that a broken environment is told apart from a broken pacerd.
#
# Prints one line per check and last exactly "N passed, N failed"; exits 1 on any failure.
# Everything it started is stopped, and its files removed, however it ends.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

if [ $# -ne 1 ] || [ ! -x "$1/pacerd" ] || [ ! -x "$1/pacer" ]; then
    echo "usage: $0 BIN_DIR   (a directory with the built pacerd and pacer)" >&2
    exit 2
fi
bin_dir=$(cd "$1" && pwd)
if [ "$(id -u)" -ne 0 ]; then echo "$0: must run as root (it starts journald and a user manager)" >&2; exit 2; fi

trap 'e2e_cleanup' EXIT
trap 'exit 130' INT TERM

e2e_make_tree
e2e_start_journald || { fail "systemd-journald runs"; e2e_summary; exit 1; }
e2e_start_user_manager || { fail "systemd --user runs"; e2e_summary; exit 1; }
since="@$(date +%s)"

# json FILTER: evaluate a Python expression on the JSON document on stdin (bound to `j`).
# Prints nothing when the input is not such JSON (the check that uses it then fails).
json() { python3 -c 'import json, sys; j = json.load(sys.stdin); v = eval(sys.argv[1]); print("" if v is None else v)' "$1" 2>/dev/null; }

# journal_entries UNIT MATCH…: this run's entries of the user unit, one JSON object per line.
journal_entries() {
    local unit=$1; shift
    journalctl --no-pager --since "$since" --user-unit="$unit" -o json "$@" 2>/dev/null
}

# ---------------------------------------------------------------------------------------------
# The harness itself: a transient Type=notify unit that notifies with systemd-notify.
probe=pacer-e2e-probe
check "harness: a Type=notify unit starts under the user manager" \
    systemd-run --user --quiet --unit="$probe" -p Type=notify -p NotifyAccess=all \
    sh -c 'echo probe-started; systemd-notify --ready --status="probe ready"; exec sleep 60'
check_eq "harness: it reports its STATUS=" "probe ready" "$(systemctl --user show -p StatusText --value "$probe")"
poll 5 sh -c "journalctl --no-pager --since '$since' --user-unit=$probe.service -o cat | grep -qx probe-started"
check "harness: journalctl --user-unit finds its output" \
    sh -c "journalctl --no-pager --since '$since' --user-unit=$probe.service -o cat | grep -qx probe-started"
systemctl --user stop "$probe" >/dev/null 2>&1

# ---------------------------------------------------------------------------------------------
# Install as `make install` does: binaries to ~/.local/bin, the unit file unchanged.
install -m 0755 "$bin_dir/pacerd" "$bin_dir/pacer" "$HOME/.local/bin/"
install -m 0644 "$repo/systemd/pacer.service" "$XDG_CONFIG_HOME/systemd/user/pacer.service"
check "install: daemon-reload" systemctl --user daemon-reload
check_eq "install: the unit is Type=notify with NotifyAccess=main" "notify main" \
    "$(systemctl --user show -p Type --value pacer) $(systemctl --user show -p NotifyAccess --value pacer)"
pacer=$HOME/.local/bin/pacer

# Start: Type=notify makes `start` return only after READY=1, which pacerd sends once the
# control socket listens, so the CLI must answer at once, without retrying.
check "start: systemctl --user start pacer" timeout 30 systemctl --user start pacer
check_eq "start: pacer.service is active (running)" "active running" \
    "$(systemctl --user show -p ActiveState --value pacer) $(systemctl --user show -p SubState --value pacer)"
check "start: the control socket answers as soon as start returns" "$pacer" status --json
check "start: the default config was written" test -f "$XDG_CONFIG_HOME/pacer/config.toml"

status_text=$(systemctl --user show -p StatusText --value pacer)
check_match "status: STATUS= is the one-line summary" '^[0-9]+ queued · next .+ · today [0-9]+/[0-9]+$' "$status_text"
check "status: systemctl --user status shows it" \
    sh -c "systemctl --user status pacer --no-pager | grep -F 'Status: \"$status_text\"'"

# A post queued two seconds ahead is published by the timer, without polling by the daemon.
added=$("$pacer" add "e2e hello" --at +2s --json)
post_id=$(json 'j["id"]' <<<"$added")
check_match "add: pacer add prints the post id" '^[0-9]+$' "$post_id"
check_eq "add: one queued delivery on outbox" "queued outbox" \
    "$(json 'j["deliveries"][0]["state"] + " " + j["deliveries"][0]["channel"]' <<<"$added")"
published() { [ "$("$pacer" show "$post_id" --json | json 'j["deliveries"][0]["state"]')" = published ]; }
if [ -n "$post_id" ] && poll 20 published; then pass "publish: the delivery is published within 20 s"; else
    fail "publish: the delivery is published within 20 s" "$("$pacer" show "$post_id" --json 2>&1)"; fi
check "publish: the outbox file holds the text" \
    sh -c "grep -rqF 'e2e hello' '$XDG_DATA_HOME/pacer/outbox/'"
check_match "publish: STATUS= is updated" '^0 queued · ' "$(systemctl --user show -p StatusText --value pacer)"

# Journal: runtime storage keeps user units' entries in the system journal, so they are found
# with `journalctl --user-unit=` as root; `journalctl --user -u` (the user's own files) works on
# desktops with persistent storage only (SYSTEMD-IN-CI.md §3).
[ -n "$post_id" ] && poll 5 sh -c "journalctl --no-pager --since '$since' --user-unit=pacer.service POST_ID=$post_id -o json | grep -q MESSAGE_ID"
entries=$(journal_entries pacer.service POST_ID="$post_id")
check_match "journal: entries for POST_ID=$post_id exist" '.' "$entries"
fields=$(python3 -c '
import json, re, sys
entries = [json.loads(line) for line in sys.stdin if line.strip()]
ok = lambda e: (e.get("SYSLOG_IDENTIFIER") == "pacerd" and e.get("CHANNEL") == "outbox"
                and re.fullmatch("[0-9a-f]{32}", e.get("MESSAGE_ID", "")) and "DELIVERY_ID" in e
                and "EVENT" in e and "PRIORITY" in e and "CODE_FILE" in e)
print(sum(1 for e in entries if ok(e)), len(entries))' <<<"$entries")
check_match "journal: entries carry POST_ID, DELIVERY_ID, CHANNEL=outbox, EVENT, a MESSAGE_ID" '^[1-9][0-9]* [1-9]' "$fields"
check_match "journal: one of them is the publish event" 'publish' \
    "$(journal_entries pacer.service POST_ID="$post_id" -o cat --output-fields=EVENT | tr '\n' ' ')"

# Stop: SIGTERM, STOPPING=1, exit 0.
check "stop: systemctl --user stop pacer" timeout 30 systemctl --user stop pacer
check_eq "stop: inactive, exited with status 0" "inactive success 0" \
    "$(systemctl --user show -p ActiveState --value pacer) $(systemctl --user show -p Result --value pacer) $(systemctl --user show -p ExecMainStatus --value pacer)"

e2e_summary
