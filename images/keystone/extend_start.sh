# Sourced by kolla_start (as user keystone).
#
# KOLLA_BOOTSTRAP: create or migrate the database schema (db_sync), then
#   stop. With KEYSTONE_ADMIN_PASSWORD set, also run `keystone-manage
#   bootstrap` (admin user, project, role, region and endpoints from
#   KEYSTONE_BOOTSTRAP_* variables); it is idempotent.
# KOLLA_UPGRADE: db_sync in three steps (expand, migrate, contract) when
#   KEYSTONE_UPGRADE_STEP is not set, or only the step it names.
[[ -d /var/log/kolla/keystone ]] || mkdir -p /var/log/kolla/keystone

# Token and credential keys: a deployment gives every node the same secret
# (config.json puts /etc/keystone/fernet-secret in place) and each derives
# the same keys from it (kolla_fernet_keys); a lone node without a secret
# makes random ones of its own.
keystone_ensure_keys() {
    if [[ -s /etc/keystone/fernet-secret ]]; then
        kolla_fernet_keys --once
        return
    fi
    if [[ -z "$(ls -A /etc/keystone/fernet-keys 2>/dev/null)" ]]; then
        keystone-manage fernet_setup --keystone-user keystone --keystone-group keystone
    fi
    if [[ -z "$(ls -A /etc/keystone/credential-keys 2>/dev/null)" ]]; then
        keystone-manage credential_setup --keystone-user keystone --keystone-group keystone
    fi
}

if [[ -n "${KOLLA_BOOTSTRAP+set}" ]]; then
    keystone-manage db_sync
    keystone_ensure_keys
    if [[ -n "${KEYSTONE_ADMIN_PASSWORD:-}" ]]; then
        keystone-manage bootstrap \
            --bootstrap-password "$KEYSTONE_ADMIN_PASSWORD" \
            --bootstrap-username "${KEYSTONE_BOOTSTRAP_USERNAME:-admin}" \
            --bootstrap-project-name "${KEYSTONE_BOOTSTRAP_PROJECT:-admin}" \
            --bootstrap-role-name "${KEYSTONE_BOOTSTRAP_ROLE:-admin}" \
            --bootstrap-region-id "${KEYSTONE_BOOTSTRAP_REGION:-RegionOne}" \
            ${KEYSTONE_BOOTSTRAP_ADMIN_URL:+--bootstrap-admin-url "$KEYSTONE_BOOTSTRAP_ADMIN_URL"} \
            ${KEYSTONE_BOOTSTRAP_INTERNAL_URL:+--bootstrap-internal-url "$KEYSTONE_BOOTSTRAP_INTERNAL_URL"} \
            ${KEYSTONE_BOOTSTRAP_PUBLIC_URL:+--bootstrap-public-url "$KEYSTONE_BOOTSTRAP_PUBLIC_URL"}
    fi
    exit 0
fi

if [[ -n "${KOLLA_UPGRADE+set}" ]]; then
    if [[ -n "${KEYSTONE_UPGRADE_STEP:-}" ]]; then
        keystone-manage db_sync "--${KEYSTONE_UPGRADE_STEP}"
    else
        keystone-manage db_sync --expand
        keystone-manage db_sync --migrate
        keystone-manage db_sync --contract
    fi
    exit 0
fi

# config.json starts Apache itself, not apache2ctl (which runs it without exec,
# so docker stop killed it): read the variables apache2ctl would have read.
# The run directory may be missing on a fresh tmpfs.
# shellcheck source=/dev/null
. /etc/apache2/envvars
[[ -d "${APACHE_RUN_DIR}" ]] || mkdir -p "${APACHE_RUN_DIR}"
keystone_ensure_keys
