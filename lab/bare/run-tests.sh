#!/usr/bin/env bash
# Runs the tests tagged "bare" (host-setup on a fresh Debian host, lab/bare/up.sh) and fails when none ran.
# lab/test.sh calls it after its Maven stage; by then the bare host's rootfs is built (background stage).
set -uo pipefail
cd "$(dirname "$0")/../.."
args=(-B -pl drivers/core,tui -am test -Dgroups=bare -Dvirtdeck.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false)
[[ -n ${CI:-} ]] && args+=("-DCI=$CI")
marker=$(mktemp)
mvn "${args[@]}" "$@"
rc=$?
ran=$(find tui/target/surefire-reports -name 'TEST-*.xml' -newer "$marker" -exec cat {} + 2>/dev/null | grep -c '<testcase' || true)
rm -f "$marker"
echo "[bare] mvn ${args[*]} $*: exit $rc, $ran bare test case(s) ran" >&2
bash lab/bare/down.sh || true
if ((rc == 0 && ran == 0)); then
    echo "[bare] FAIL: no test tagged \"bare\" ran" >&2
    exit 1
fi
exit "$rc"
