#!/usr/bin/env bash
# The project's test command (see README): brings up the real lab (lab/setup.sh), then builds and
# tests everything with Maven from the repository root. Exits with Maven's exit code.
# Extra arguments go to Maven (e.g. `bash lab/test.sh -o`); CI=true is passed on as -DCI=true so
# real-lab tests fail instead of skipping when the lab is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

t0=$SECONDS
rc=0
bash lab/setup.sh || rc=$?
t_setup=$((SECONDS - t0))
if ((rc != 0)); then
    printf '[lab] summary: lab/setup.sh FAILED (exit %d) after %ds; Maven not run\n' "$rc" "$t_setup" >&2
    exit "$rc"
fi

args=(-B package)
[[ -n ${CI:-} ]] && args+=("-DCI=$CI")
t1=$SECONDS
set +e
mvn "${args[@]}" "$@"
rc=$?
set -e
printf '[lab] summary: setup %ds, mvn %s %ds, exit %d\n' "$t_setup" "${args[*]} $*" "$((SECONDS - t1))" "$rc" >&2
exit "$rc"
