# Sourced by kolla_start (as user ansible). Nothing to bootstrap.
[[ -d /var/log/kolla/ansible ]] || mkdir -p /var/log/kolla/ansible
if [[ -n "${KOLLA_BOOTSTRAP+set}" || -n "${KOLLA_UPGRADE+set}" ]]; then
    exit 0
fi
