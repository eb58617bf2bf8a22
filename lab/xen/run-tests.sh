#!/usr/bin/env bash
# Runs the JUnit tests tagged "xen" (driver modules + tui) against the Xen host in $LAB/xen.env, and FAILS
# if none ran: the parent pom excludes the tag by default (virtdeck.excludedGroups=xen), so a
# wrong property would otherwise pass silently with "Tests run: 0". Extra arguments go to Maven.
set -uo pipefail
cd "$(dirname "$0")/../.."
LAB=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
args=(-B -pl drivers/core,drivers/libvirt,drivers/xen,drivers/vbox,tui -am test -Dgroups=xen -Dvirtdeck.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false)
[[ -n ${CI:-} ]] && args+=("-DCI=$CI")
marker=$(mktemp)
mvn "${args[@]}" "$@"
rc=$?
# Count the test cases of the reports this run wrote.
ran=$(find drivers/*/target/surefire-reports tui/target/surefire-reports -name 'TEST-*.xml' -newer "$marker" \
          -exec cat {} + 2>/dev/null | grep -c '<testcase' || true)
rm -f "$marker"
echo "[xen] mvn ${args[*]} $*: exit $rc, $ran xen test case(s) ran" >&2
if ((rc == 0 && ran == 0)); then
    echo "[xen] FAIL: no test tagged \"xen\" ran (check the groups/excludedGroups settings)" >&2
    exit 1
fi
exit "$rc"
