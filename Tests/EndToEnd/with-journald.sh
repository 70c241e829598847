#!/usr/bin/env bash
# Runs a command (the Swift test suite) with a real systemd-journald answering on
# /run/systemd/journal/socket, so that the journal tests run instead of being skipped.
#
#   Tests/EndToEnd/with-journald.sh swift test --skip-build
#
# When no journald answers and we are root, starts a standalone one (SYSTEMD-IN-CI.md §1) and stops
# it afterwards; otherwise runs the command as it is. Exits with the command's status.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

if [ "$(id -u)" -eq 0 ]; then
    E2E_ROOT=$(mktemp -d /tmp/pacer-journald.XXXXXX)
    trap 'e2e_cleanup' EXIT
    e2e_start_journald || e2e_log "no journald: the journal tests will be skipped"
elif ! e2e_journal_reachable; then
    e2e_log "no journald and not root: the journal tests will be skipped"
fi
"$@"
