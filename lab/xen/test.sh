#!/usr/bin/env bash
# One command for the real-Xen tests alone: brings the Xen host up (lab/xen/up.sh: build from the
# cache or from scratch, boot, wait) and runs only the JUnit tests tagged "xen" against it.
# Extra arguments go to Maven (e.g. `bash lab/xen/test.sh -o`). The Xen host is left running
# (lab/xen/stop.sh stops it; a second run then reuses it and starts in seconds).
set -euo pipefail
cd "$(dirname "$0")/../.."
LAB=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
t0=$SECONDS
bash lab/xen/up.sh
t_up=$((SECONDS - t0))
t1=$SECONDS
set +e
bash lab/xen/run-tests.sh "$@"
rc=$?
set -e
printf '[xen] summary: xen stage %ds, xen tests %ds, exit %d\n' "$t_up" "$((SECONDS - t1))" "$rc" >&2
exit "$rc"
