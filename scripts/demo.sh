#!/usr/bin/env bash
# The README's first command: set up what is missing, start (or reuse) the
# local test hosts, build Kolla's images and push them to the testbed's
# registry, then deploy Kolla's control plane on the hosts as an operator
# does: genpwd, prechecks, site.yaml, post-deploy. A second run changes
# nothing.
#
# NODES=1 deploys all-in-one on one host. The operator's config folder is
# KOLLA_CONFIG_PATH, by default the testbed's own (.testbed/kolla-run/kolla-config),
# so the demo never touches this machine's /etc/kolla.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
nodes="${NODES:-3}"
bin/kolla-run testbed up --nodes "$nodes"
export KOLLA_CONFIG_PATH="${KOLLA_CONFIG_PATH:-$PWD/.testbed/kolla-run/kolla-config}"
inventory=.testbed/kolla-run/multinode
[ "$nodes" = 1 ] && inventory=.testbed/kolla-run/all-in-one
bin/kolla-run build --push '^(rsyslog|kolla-toolbox|cron|haproxy|keepalived|mariadb-server|rabbitmq|memcached|keystone)$'
bin/kolla-run genpwd
bin/kolla-run playbooks/prechecks.yaml -i "$inventory"
bin/kolla-run playbooks/site.yaml -i "$inventory"
bin/kolla-run playbooks/post-deploy.yaml -i "$inventory"
bin/kolla-run status -i "$inventory"
echo "Keystone answers on the virtual address: . $KOLLA_CONFIG_PATH/admin-openrc.sh (or clouds.yaml, cloud kolla-admin)"
