#!/usr/bin/env bash
# Stops the bare test host of lab/bare/up.sh and forgets what was installed on it (the overlay's upper
# layer). Killing its pid namespace's first process ends everything inside it. Idempotent.
set -uo pipefail
LAB=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
STATE=$LAB/bare
NS=vdbare
if [[ -s $STATE/pid ]]; then
    pid=$(cat "$STATE/pid")
    # the process tree: setsid -> ip netns exec -> unshare -> (pid ns) sshd
    pkill -KILL -s "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$STATE/pid"
fi
# processes left in the namespace (a daemon that escaped the session)
for p in $(ip netns pids "$NS" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
sleep 0.5
ip netns del "$NS" 2>/dev/null || true
ip link del vdbare0 2>/dev/null || true
umount -l "$STATE/merged" 2>/dev/null || true
rm -rf "$STATE/upper" "$STATE/work" "$STATE/bare.env"
exit 0
