#!/usr/bin/env bash
# Static checks of Pacer's systemd units, without a running manager:
#
#   Tests/EndToEnd/verify-units.sh [PACERD]     # PACERD: the binary ExecStart= should name
#
# 1. `systemd-analyze --user verify` of pacer.service (with systemd/hardening.conf and
#    systemd/credentials.conf.example as drop-ins) and pacer.socket passes and prints nothing:
#    an unknown key or a bad value only warns, so any output counts as a failure. The copies name
#    PACERD (default /bin/true) in ExecStart=, since %h/.local/bin/pacerd need not exist here.
#    The man pages Documentation= names are checked too when PACER_MANDIR names where
#    `make install` put pacerd(1) and pacer(1) (.ci/run does, after make install).
# 2. `systemd-analyze security --user --offline=yes` of pacer.service scores at most the exposure
#    docs/systemd.md states (SECURITY_THRESHOLD, in tenths: 63 = 6.3).
#
# Exits 1 when either fails.
set -uo pipefail
SECURITY_THRESHOLD=63
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
units=$(cd "$here/../../systemd" && pwd)
pacerd=${1:-/bin/true}

work=$(mktemp -d /tmp/pacer-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
# systemd-analyze --user wants a runtime directory, even offline.
install -d -m 0700 "$work/runtime" "$work/units/pacer.service.d"
export XDG_RUNTIME_DIR=$work/runtime
sed "s|^ExecStart=.*|ExecStart=$pacerd|" "$units/pacer.service" >"$work/units/pacer.service"
cp "$units/pacer.socket" "$work/units/"
cp "$units/hardening.conf" "$work/units/pacer.service.d/hardening.conf"
cp "$units/credentials.conf.example" "$work/units/pacer.service.d/credentials.conf"

status=0
man=(--man=no)
if [ -n "${PACER_MANDIR:-}" ]; then
    man=(--man=yes)
    export MANPATH="$PACER_MANDIR:"
fi
if output=$(cd "$work/units" && systemd-analyze --user verify "${man[@]}" pacer.service pacer.socket 2>&1) && [ -z "$output" ]; then
    echo "ok   systemd-analyze verify ${man[*]}: pacer.service (with hardening.conf, credentials.conf), pacer.socket"
else
    echo "FAIL systemd-analyze verify"; printf '     %s\n' "$output"; status=1
fi

# The score of the unit as installed (without the optional drop-ins).
rm -r "$work/units/pacer.service.d"
report=$(systemd-analyze security --user --offline=yes --threshold="$SECURITY_THRESHOLD" "$work/units/pacer.service" 2>&1)
verdict=$?
score=$(sed -n 's/.*Overall exposure level for pacer.service: \([0-9.]*\).*/\1/p' <<<"$report")
if [ "$verdict" -eq 0 ] && [ -n "$score" ]; then
    echo "ok   systemd-analyze security: exposure $score, threshold $((SECURITY_THRESHOLD / 10)).$((SECURITY_THRESHOLD % 10))"
else
    echo "FAIL systemd-analyze security: exposure ${score:-unknown} above $((SECURITY_THRESHOLD / 10)).$((SECURITY_THRESHOLD % 10))"
    grep '✗' <<<"$report" | sed 's/^/     /'
    status=1
fi
exit "$status"
