#!/usr/bin/env bash
# Pacer's end-to-end suite: pacerd as a real systemd user service, logging to a real journald.
#
#   sudo Tests/EndToEnd/run.sh BIN_DIR        # BIN_DIR holds the built pacerd and pacer
#
# Starts systemd-journald (unless one runs) and a `systemd --user` manager on a temporary HOME and
# XDG tree (see lib.sh), installs the binaries to $HOME/.local/bin and systemd/pacer.service and
# pacer.socket unchanged to $XDG_CONFIG_HOME/systemd/user, and checks the service's life: socket
# activation by the first `pacer` call (active only after READY=1), STATUS=, a post published on
# time, its journal entries (shared POST_ID, catalogued MESSAGE_IDs) and `pacer logs`, the
# catalog, reload with a good and a bad configuration, `pacer doctor` on a healthy and on broken
# installs, the watchdog restarting a stalled pacerd, and a stop that leaves no claimed delivery.
# First it checks the harness itself on a transient Type=notify unit, so that a broken
# environment is told apart from a broken pacerd.
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
# Install as `make install` does: binaries to ~/.local/bin, both units unchanged, both enabled;
# the socket listens, the service waits for its first connection.
install -m 0755 "$bin_dir/pacerd" "$bin_dir/pacer" "$HOME/.local/bin/"
unit_dir=$XDG_CONFIG_HOME/systemd/user
install -m 0644 "$repo/systemd/pacer.service" "$repo/systemd/pacer.socket" "$unit_dir/"
check "install: daemon-reload" systemctl --user daemon-reload
check "install: enable pacer.socket and pacer.service" systemctl --user enable pacer.socket pacer.service
check "install: start pacer.socket" systemctl --user start pacer.socket
check_eq "install: the unit is Type=notify with NotifyAccess=main" "notify main" \
    "$(systemctl --user show -p Type --value pacer) $(systemctl --user show -p NotifyAccess --value pacer)"
pacer=$HOME/.local/bin/pacer
state() { systemctl --user show -p ActiveState --value "${1:-pacer}"; }
main_pid() { systemctl --user show -p MainPID --value pacer; }
socket_path=$XDG_RUNTIME_DIR/pacer/control.sock

# Socket activation: the socket exists (0600 in a 0700 directory) before pacerd runs; the first
# `pacer` call starts the service, which takes the socket over and answers at once.
check_eq "socket: pacer.socket listens, pacer.service is not running" "active inactive" "$(state pacer.socket) $(state)"
check_eq "socket: the socket is 0600 in a 0700 directory" "600 700" "$(stat -c %a "$socket_path") $(stat -c %a "${socket_path%/*}")"
check "socket: the first pacer call is answered" timeout 30 "$pacer" status --json
check_eq "socket: that call started pacer.service (active running)" "active running" \
    "$(state) $(systemctl --user show -p SubState --value pacer)"
check_match "socket: the service was triggered by pacer.socket" 'pacer\.socket' "$(systemctl --user show -p TriggeredBy --value pacer)"
check "start: the default config was written" test -f "$XDG_CONFIG_HOME/pacer/config.toml"
pid=$(main_pid)
journal_started() { journal_entries pacer.service _PID="$pid" EVENT=started -o cat --output-fields=SOCKET | grep -qxF "$socket_path"; }
poll 5 journal_started
check "socket: pacerd's started entry names the socket it was given" journal_started

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
check_match "publish: STATUS= is updated" '^0 queued · .* today 1/2' "$(systemctl --user show -p StatusText --value pacer)"
# A person's narrow window (60 columns, as tried in tmux for issue 23): the tables fit.
"$pacer" add "e2e a longer post that waits for tomorrow in the queue" --at +1d >/dev/null
wide_rows=$(for command in "list" "show $post_id"; do COLUMNS=60 "$pacer" $command; done |
    python3 -c 'import sys; print("\n".join(l for l in sys.stdin.read().splitlines() if len(l) > 60))')
check_eq "narrow: the tables of list and show fit 60 columns" "" "$wide_rows"

# Journal: runtime storage keeps user units' entries in the system journal, so they are found
# with `journalctl --user-unit=` as root; `journalctl --user -u` (the user's own files) works on
# desktops with persistent storage only (SYSTEMD-IN-CI.md §3). _PID= keeps other runs' post ids out.
[ -n "$post_id" ] && poll 5 sh -c "journalctl --no-pager --since '$since' --user-unit=pacer.service _PID=$pid POST_ID=$post_id EVENT=published -o cat | grep -q ."
entries=$(journal_entries pacer.service _PID="$pid" POST_ID="$post_id")
check_match "journal: entries for POST_ID=$post_id exist" '.' "$entries"
fields=$(python3 -c '
import json, re, sys
entries = [json.loads(line) for line in sys.stdin if line.strip()]
ok = lambda e: (e.get("SYSLOG_IDENTIFIER") == "pacerd" and e.get("CHANNEL") == "outbox"
                and re.fullmatch("[0-9a-f]{32}", e.get("MESSAGE_ID", "")) and "DELIVERY_ID" in e
                and "EVENT" in e and "PRIORITY" in e and "CODE_FILE" in e)
print(sum(1 for e in entries if ok(e)), len(entries))' <<<"$entries")
check_match "journal: entries carry POST_ID, DELIVERY_ID, CHANNEL=outbox, EVENT, a MESSAGE_ID" '^([1-9][0-9]*) \1$' "$fields"
check_match "journal: the post's life (queued … published) shares its POST_ID" '^(claimed )?published queued$' \
    "$(journal_entries pacer.service _PID="$pid" POST_ID="$post_id" -o cat --output-fields=EVENT | sort -u | tr '\n' ' ' | sed 's/ $//')"
catalogued=$(sed -n 's/^-- \([0-9a-f]\{32\}\)$/\1/p' "$repo/systemd/pacer.catalog" | sort)
uncatalogued=$(journal_entries pacer.service _PID="$pid" -o cat --output-fields=MESSAGE_ID | sort -u | comm -23 - <(echo "$catalogued"))
check_eq "journal: every MESSAGE_ID pacerd wrote is in systemd/pacer.catalog" "" "$uncatalogued"

# pacer logs: journalctl with the post's match, through whichever scope reaches the entries.
check_match "logs: pacer logs --post picks the scope that reaches the entries" \
    "journalctl (--user --unit=pacer\.service|--user-unit=pacer\.service) .*POST_ID=$post_id$" \
    "$("$pacer" logs --post "$post_id" --since "$since" --print-command)"
logs=$("$pacer" logs --post "$post_id" --since "$since" --no-pager -o cat 2>&1)
check_match "logs: pacer logs --post prints the post's queued and published entries" \
    "queued post $post_id on outbox.*published post $post_id on outbox" "$(tr '\n' ' ' <<<"$logs")"

# The catalog: journalctl compiles it and lists every entry.
catalog_root=$E2E_ROOT/catalog-root
mkdir -p "$catalog_root/usr/lib/systemd/catalog"
cp "$repo/systemd/pacer.catalog" "$catalog_root/usr/lib/systemd/catalog/"
check "catalog: journalctl --update-catalog accepts it" journalctl --update-catalog --root="$catalog_root"
check_eq "catalog: journalctl --list-catalog shows every entry" "$catalogued" \
    "$(journalctl --root="$catalog_root" --list-catalog 2>/dev/null | awk '$2 == "pacer:" {print $1}' | sort)"

# Reload: a good file is applied (RELOADING=1 … READY=1, same process); a bad one is refused,
# pacerd keeps running on the previous one and says why in STATUS=.
config=$XDG_CONFIG_HOME/pacer/config.toml
cp "$config" "$E2E_ROOT/config.orig"
sed -i -e 's/^max_per_day = 2$/max_per_day = 5/' -e 's/^min_gap = "2h"$/min_gap = "1s"/' "$config"
cp "$config" "$E2E_ROOT/config.good"
check "reload: systemctl --user reload pacer (good config)" timeout 30 systemctl --user reload pacer
check_match "reload: the new rules are in force (STATUS= today 1/5)" ' · today 1/5$' "$(systemctl --user show -p StatusText --value pacer)"
check_eq "reload: same pacerd, still active" "$pid active" "$(main_pid) $(state)"
printf 'this is = = not toml\n' >>"$config"
check "reload: systemctl --user reload pacer (bad config) succeeds" timeout 30 systemctl --user reload pacer
check_eq "reload: pacerd keeps running on the previous config" "$pid active" "$(main_pid) $(state)"
check_match "reload: systemctl --user status shows the config error with file and line" \
    "config error \(running on the previous config\): .*config\.toml:[0-9]+" "$(systemctl --user status pacer --no-pager)"
check_match "reload: the previous rules stay in force" ' · today 1/5 · ' "$(systemctl --user show -p StatusText --value pacer)"

# doctor on a broken install: an invalid config.
doctor=$("$pacer" doctor 2>&1); doctor_status=$?
check_eq "doctor: exits 1 with an invalid config" 1 "$doctor_status"
check_match "doctor: names the invalid config, its line, and the fix" \
    "FAIL +config-valid +.*config\.toml:[0-9]+.*fix: edit" "$(tr '\n' ' ' <<<"$doctor")"
cp "$E2E_ROOT/config.good" "$config"
check "reload: a fixed config is applied again" timeout 30 systemctl --user reload pacer
check_match "reload: the error is gone from STATUS=" '^[0-9]+ queued · next [^·]+ · today 1/5$' "$(systemctl --user show -p StatusText --value pacer)"

# doctor on the healthy install.
doctor=$("$pacer" doctor 2>&1); doctor_status=$?
if [ "$doctor_status" -eq 0 ]; then pass "doctor: passes on the healthy install"; else fail "doctor: passes on the healthy install" "$doctor"; fi
check_eq "doctor: --json reports ok and every check" "True 10" \
    "$("$pacer" doctor --json | json 'str(j["ok"]) + " " + str(len(j["checks"]))')"

# doctor on a broken install: a credential that group and others can read.
mkdir -p "$XDG_CONFIG_HOME/pacer/credentials"
credential=$XDG_CONFIG_HOME/pacer/credentials/e2e-token
printf 'not-a-real-token\n' >"$credential"
chmod 0644 "$credential"
printf '\n[[channel]]\nname = "social"\nkind = "mastodon"\nbase_url = "https://example.invalid"\ncredential = "e2e-token"\n' >>"$config"
credential_check() { "$pacer" doctor --json | json '[c["status"] + " " + c["detail"] + " | " + (c.get("fix") or "") for c in j["checks"] if c["name"] == "credentials-private"][0]'; }
check_match "doctor: names a world-readable credential and the chmod that fixes it" \
    "^fail e2e-token: $credential has mode 0644.* \| chmod 600 $credential" "$(credential_check)"
chmod 0600 "$credential"
check_match "doctor: the same credential passes once private" "^pass e2e-token \($credential\)" "$(credential_check)"
cp "$E2E_ROOT/config.good" "$config"

# doctor on a broken install: a unit file missing.
mv "$unit_dir/pacer.socket" "$E2E_ROOT/pacer.socket.moved"
systemctl --user daemon-reload
doctor=$("$pacer" doctor 2>&1); doctor_status=$?
check_eq "doctor: exits 1 with pacer.socket missing" 1 "$doctor_status"
check_match "doctor: names the missing unit and how to install it" \
    "FAIL +units-installed +pacer\.socket.*fix: make install" "$(tr '\n' ' ' <<<"$doctor")"
mv "$E2E_ROOT/pacer.socket.moved" "$unit_dir/pacer.socket"
systemctl --user daemon-reload

# Watchdog: with PACER_TEST_HOOKS=stall, SIGUSR2 blocks the engine's queue for good; the pings
# stop, systemd kills pacerd after WatchdogSec= and Restart=on-failure starts a new one.
mkdir -p "$unit_dir/pacer.service.d"
printf '[Service]\nEnvironment=PACER_TEST_HOOKS=stall\nWatchdogSec=2s\n' >"$unit_dir/pacer.service.d/e2e-watchdog.conf"
systemctl --user daemon-reload
check "watchdog: restart with a 2 s watchdog and the stall hook" timeout 30 systemctl --user restart pacer
stalled=$(main_pid)
sleep 3
check_eq "watchdog: a healthy pacerd keeps pinging (same pid after 3 s)" "$stalled active" "$(main_pid) $(state)"
kill -USR2 "$stalled"
restarted() { local now; now=$(main_pid); [ "$now" != 0 ] && [ "$now" != "$stalled" ] && [ "$(state)" = active ]; }
if poll 20 restarted; then pass "watchdog: a stalled pacerd is killed and restarted (new MainPID)"; else
    fail "watchdog: a stalled pacerd is killed and restarted (new MainPID)" "MainPID $(main_pid), $(state), result $(systemctl --user show -p Result --value pacer)"; fi
check_match "watchdog: systemd counted the restart" '^[1-9]' "$(systemctl --user show -p NRestarts --value pacer)"
check "watchdog: the new pacerd answers" "$pacer" status --json
rm -r "$unit_dir/pacer.service.d"
systemctl --user daemon-reload
check "watchdog: back to the installed unit" timeout 30 systemctl --user restart pacer

# Stop: SIGTERM while a delivery is due; STOPPING=1, the delivery finishes or is never claimed,
# exit 0. Nothing may stay `claimed` (it would become `unknown` on the next start).
"$pacer" add "e2e stop" --at +1s >/dev/null
sleep 1
check "stop: systemctl --user stop pacer.socket pacer" timeout 30 systemctl --user stop pacer.socket pacer
check_eq "stop: inactive, exited with status 0" "inactive success 0" \
    "$(state) $(systemctl --user show -p Result --value pacer) $(systemctl --user show -p ExecMainStatus --value pacer)"
check_eq "stop: no delivery is left claimed" 0 \
    "$(sqlite3 "$XDG_STATE_HOME/pacer/pacer.sqlite" "SELECT count(*) FROM delivery WHERE state='claimed'" 2>&1)"

e2e_summary
