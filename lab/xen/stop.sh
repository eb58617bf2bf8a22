#!/usr/bin/env bash
# Stops the QEMU that lab/xen/boot.sh started (by its pidfile only) and removes $LAB/xen.env.
set -euo pipefail
LAB=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
WORK=$LAB/xen
rm -f "$LAB/xen.env"
[[ -s $WORK/qemu.pid ]] || { echo "[xen-stop] no $WORK/qemu.pid: nothing to stop" >&2; exit 0; }
pid=$(cat "$WORK/qemu.pid")
# Only a QEMU whose command line names our overlay is ours (the pid may have been reused).
if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$WORK/dom0-overlay.qcow2"; then
    kill "$pid"
    for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "[xen-stop] stopped QEMU pid $pid" >&2
else
    echo "[xen-stop] pid $pid is not our QEMU (already gone)" >&2
fi
rm -f "$WORK/qemu.pid"
