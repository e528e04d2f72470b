#!/usr/bin/env bash
# Sets up a fresh machine (Debian 12, Node 20, root) for kolla-run: the
# Debian packages it needs, the npm dependencies, the build, and a running
# Docker engine. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*" >&2; }

# Debian packages: the Docker engine and debootstrap (testbed), OpenSSH
# (client for the testbed key, server for loopback test hosts), sudo (become
# tests), ansible-core and Jinja2 (the oracle of the differential tests),
# git, openssl and curl (the git, openssl/x509 and uri modules' unit tests run
# the real tools on this machine), procps (pgrep in the connection tests).
packages=(docker.io debootstrap openssh-client openssh-server sudo ansible-core ansible python3-passlib python3-jinja2 python3-yaml iproute2 git openssl curl procps)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "missing packages: ${missing[*]} (run as root, or install them)"; exit 1
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm dependencies exactly as locked; skipped when node_modules matches the lockfile.
if ! cmp -s package-lock.json node_modules/.kolla-run-installed-lock 2>/dev/null; then
  log "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.kolla-run-installed-lock
fi

log "building"
npm run -s build

# A Docker engine: CI and fresh machines have only the client and no systemd.
if ! docker info >/dev/null 2>&1; then
  log "starting the Docker engine"
  nohup dockerd >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { log "the Docker engine did not start; see /var/log/dockerd.log"; exit 1; }
fi
log "ready"
