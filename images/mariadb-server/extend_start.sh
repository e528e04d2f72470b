# Sourced by kolla_start (as user mysql).
#
# KOLLA_BOOTSTRAP: make a new data directory (only when there is none),
#   give root the password DB_ROOT_PASSWORD (local socket and any host),
#   then stop: the real container starts the cluster afterwards.
# KOLLA_UPGRADE: start the server locally, upgrade the system tables
#   (mariadb-upgrade), stop again.
# Otherwise the command from config.json runs; extra arguments can be
# given in MARIADB_ARGS (for example --wsrep-new-cluster).

[[ -d /var/log/kolla/mariadb ]] || mkdir -p /var/log/kolla/mariadb

mariadb_local_start() {
    # No network and no cluster: only this container talks to it.
    mariadbd --user=mysql --skip-networking --wsrep-on=OFF \
        --socket=/run/mysqld/bootstrap.sock --pid-file=/run/mysqld/bootstrap.pid &
    MARIADB_LOCAL_PID=$!
    for _ in $(seq 1 120); do
        if mariadb-admin --socket=/run/mysqld/bootstrap.sock --user=root ${1:+--password="$1"} ping >/dev/null 2>&1; then
            return 0
        fi
        if ! kill -0 "$MARIADB_LOCAL_PID" 2>/dev/null; then
            echo "mariadb: the local server exited during start" >&2
            return 1
        fi
        sleep 1
    done
    echo "mariadb: the local server did not answer within 120 s" >&2
    return 1
}

mariadb_local_stop() {
    mariadb-admin --socket=/run/mysqld/bootstrap.sock --user=root ${1:+--password="$1"} shutdown
    wait "$MARIADB_LOCAL_PID" || true
}

if [[ -n "${KOLLA_BOOTSTRAP+set}" ]]; then
    if [[ -z "${DB_ROOT_PASSWORD:-}" ]]; then
        echo "mariadb bootstrap: DB_ROOT_PASSWORD is not set" >&2
        exit 1
    fi
    if [[ -d /var/lib/mysql/mysql ]]; then
        echo "mariadb bootstrap: /var/lib/mysql already holds a database; nothing to do"
        exit 0
    fi
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql --auth-root-authentication-method=normal \
        --skip-test-db > /dev/null
    mariadb_local_start ""
    password_sql=$(printf '%s' "$DB_ROOT_PASSWORD" | sed "s/\\\\/\\\\\\\\/g; s/'/\\\\'/g")
    mariadb --socket=/run/mysqld/bootstrap.sock --user=root <<SQL
ALTER USER 'root'@'localhost' IDENTIFIED BY '${password_sql}';
CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '${password_sql}';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost', '%'));
FLUSH PRIVILEGES;
SQL
    mariadb_local_stop "$DB_ROOT_PASSWORD"
    echo "mariadb bootstrap: data directory created"
    exit 0
fi

if [[ -n "${KOLLA_UPGRADE+set}" ]]; then
    mariadb_local_start "${DB_ROOT_PASSWORD:-}"
    mariadb-upgrade --socket=/run/mysqld/bootstrap.sock --user=root ${DB_ROOT_PASSWORD:+--password="$DB_ROOT_PASSWORD"}
    mariadb_local_stop "${DB_ROOT_PASSWORD:-}"
    exit 0
fi

ARGS="${ARGS}${MARIADB_ARGS:+ ${MARIADB_ARGS}}"
