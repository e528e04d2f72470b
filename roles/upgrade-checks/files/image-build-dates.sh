#!/bin/bash
# image-build-dates.sh PREFIX TAG
# For every container on this host made from a kolla-run image (label
# org.kolla-run.image), one JSON line: the container, its image and that
# image's build-date label, and the image an upgrade to TAG would run
# (PREFIX + image name + :TAG, pulled when the host lacks it) with its
# build-date, or "missing": true when it cannot be had.
set -euo pipefail
prefix="$1"
tag="$2"
label() { docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1"; }
for id in $(docker ps -q --filter label=org.kolla-run.image); do
    name="$(docker inspect -f '{{ .Name }}' "$id")"
    image="$(docker inspect -f '{{ .Config.Image }}' "$id")"
    kind="$(docker inspect -f '{{ index .Config.Labels "org.kolla-run.image" }}' "$id")"
    running="$(docker inspect -f '{{ index .Config.Labels "build-date" }}' "$id")"
    target="${prefix}${kind}:${tag}"
    if ! docker image inspect "$target" >/dev/null 2>&1 && ! docker pull -q "$target" >/dev/null 2>&1; then
        printf '{"container": "%s", "image": "%s", "target": "%s", "missing": true}\n' "${name#/}" "$image" "$target"
        continue
    fi
    printf '{"container": "%s", "image": "%s", "built": "%s", "target": "%s", "target_built": "%s"}\n' \
        "${name#/}" "$image" "${running//[^0-9]/}" "$target" "$(label "$target" build-date | tr -cd 0-9)"
done
