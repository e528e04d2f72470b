#!/usr/bin/env bash
# The README's first command: set up what is missing, start (or reuse) the
# local test hosts, and run kolla-run against them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
bin/kolla-run testbed up --nodes "${NODES:-3}"
inventory=.testbed/kolla-run/inventory
bin/kolla-run adhoc all -i "$inventory" -m ping
bin/kolla-run adhoc all -i "$inventory" -m shell -a 'echo "$(hostname) $(hostname -I | tr " " "\n" | grep -v "^$" | tail -n 1)"; docker info --format "engine {{.ServerVersion}}, {{.Containers}} containers"'
