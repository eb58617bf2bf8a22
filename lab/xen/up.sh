#!/usr/bin/env bash
# The Xen stage: lab/xen/build.sh (cached artefacts, rebuilt only when stale) then
# lab/xen/boot.sh (bounded, polling). Writes the measured seconds to $LAB/xen-times.env and one
# summary line to stderr. Exit: 0 when $LAB/xen.env is written, else the failing step's code.
# Env: as for build.sh and boot.sh.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LAB=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
mkdir -p "$LAB"
rm -f "$LAB/xen-times.env"
t0=$SECONDS
bash "$HERE/build.sh"; rc=$?
t_build=$((SECONDS - t0))
cached=$(sed -n 's/^XEN_BUILD_CACHED=//p' "$LAB/xen-build-times.env" 2>/dev/null)
if ((rc != 0)); then
    printf 'XEN_STAGE_FAILED=build\nXEN_T_BUILD=%s\n' "$t_build" >"$LAB/xen-times.env"
    echo "[xen] summary: build FAILED (exit $rc) after ${t_build}s" >&2
    exit "$rc"
fi
t1=$SECONDS
bash "$HERE/boot.sh"; rc=$?
t_boot=$((SECONDS - t1))
{
    grep -v '^XEN_T_BUILD=' "$LAB/xen-build-times.env" 2>/dev/null
    echo "XEN_T_BUILD=$t_build"
    echo "XEN_T_BOOT=$t_boot"
    ((rc == 0)) || echo "XEN_STAGE_FAILED=boot"
} >"$LAB/xen-times.env"
if ((rc != 0)); then
    echo "[xen] summary: build ${t_build}s (cached=${cached:-?}), boot FAILED (exit $rc) after ${t_boot}s" >&2
    exit "$rc"
fi
echo "[xen] summary: build ${t_build}s (cached=${cached:-?}), boot ${t_boot}s; host in $LAB/xen.env" >&2
