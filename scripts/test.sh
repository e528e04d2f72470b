#!/usr/bin/env bash
# The README's test command: set up what is missing, then run every test
# (unit, integration against loopback sshd, end-to-end on testbed nodes).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# The full TAP stream is long; a failing run ends with its failures again,
# so whoever reads only the end of the output still sees what failed.
# npm test runs the unit files in bundled groups side by side (test:unit-groups),
# then every other test folder one file at a time (test:hosts: those files share
# the testbeds). --test-timeout bounds each file (40 min): a file whose process
# hangs (an after hook that failed before closing its SSH connections keeps it
# alive) fails with its name instead of eating the CI's time. Not
# --test-force-exit: with it, node 20's runner can drop the last verdicts of a
# file from the report and still exit 0 (nodejs/node#64833).
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
npm test 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ]; then
  printf '\n# failures (exit %s):\n' "$rc"
  grep -E -A 25 '^ *not ok ' "$log" | head -n 160
fi
exit "$rc"
