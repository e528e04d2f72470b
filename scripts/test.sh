#!/usr/bin/env bash
# The README's test command: set up what is missing, then run every test
# (unit, integration against loopback sshd, end-to-end on testbed nodes).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec npm test
