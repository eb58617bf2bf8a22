#!/usr/bin/env bash
# 1,000 simulated hosts (issue 13): one JVM serves HOSTS libvirt/KVM sim hosts with VMS VMs each
# (dev.virtdeck.sim.SimFleetMain: one MINA SSH server, one port per host), another JVM runs
# `./virtdeck -i INV list` over them. Reports per run: wall and CPU of the client, VMs and hosts
# listed (from -o json), when each host got its list command (spread from the client's start: no
# host starves) and the client's heap (peak heap before a GC from -Xlog:gc, max RSS), then the
# same under an -Xmx cap (CAP, default 256m) to show the heap stays bounded.
# Usage: bench/fleet-sim.sh [HOSTS] [VMS] [PARALLEL...]   (defaults 1000 20, then --parallel 32 and 128)
# Env: CAP=256m (the capped run's -Xmx), ONLY_CAP=1 (only the capped run), SHOW_COMMANDS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
hosts=${1:-1000}
vms=${2:-20}
shift $(( $# > 2 ? 2 : $# ))
pars=("$@"); ((${#pars[@]})) || pars=(32 128)
cap=${CAP:-256m}
[[ -f tui/target/virtdeck.jar ]] || { echo "fleet-sim: build the jar first: mvn -q -o package -DskipTests" >&2; exit 2; }
mvn -q -B -o -pl sim package -DskipTests dependency:build-classpath -Dmdep.outputFile="$PWD/sim/target/bench.classpath"

tmp=$(mktemp -d /tmp/vd-fleetsim.XXXXXX)
simpid=""
cleanup() {
    set +e
    exec 8>&- 2>/dev/null
    if [[ -n $simpid ]]; then
        for _ in $(seq 1 50); do kill -0 "$simpid" 2>/dev/null || break; sleep 0.1; done
        kill "$simpid" 2>/dev/null; wait "$simpid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
ssh-keygen -q -t ed25519 -N '' -f "$tmp/id" -C vd-fleetsim
mkfifo "$tmp/in"
java -cp "sim/target/classes:$(cat sim/target/bench.classpath)" dev.virtdeck.sim.SimFleetMain \
    "$hosts" "$vms" "$tmp" "$tmp/id.pub" "$tmp/id" <"$tmp/in" >"$tmp/sim.out" 2>"$tmp/sim.err" &
simpid=$!
exec 8>"$tmp/in"
t0=$(date +%s)
until grep -q '^ready' "$tmp/sim.out"; do
    kill -0 "$simpid" 2>/dev/null || { echo "fleet-sim: the sim died:" >&2; tail -5 "$tmp/sim.err" >&2; exit 1; }
    sleep 0.2
done
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(java -version 2>&1 | head -1)"
echo "sim: $hosts hosts x $vms VMs in one JVM (pid $simpid), ready in $(( $(date +%s) - t0 )) s, RSS $(awk '/VmRSS/ {print $2 / 1024 " MiB"}' "/proc/$simpid/status")"

run() { # run LABEL JAVA_OPTS ARGS...
    local label=$1 opts=$2; shift 2
    local start; start=$(date +%s%3N)
    local rc=0
    VIRTDECK_JAVA_OPTS="$opts -Xlog:gc:file=$tmp/gc.log" /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" \
        ./virtdeck -i "$tmp/inventory.yaml" "$@" -o json list >"$tmp/out.json" 2>"$tmp/err" || rc=$?
    echo dump >&8
    until [[ $(grep -c '^dumped' "$tmp/sim.out") -gt ${dumps:-0} ]]; do sleep 0.1; done
    dumps=$(( ${dumps:-0} + 1 ))
    # /usr/bin/time puts "Command exited with non-zero status N" first when the client fails
    read -r wall u s rss < <(tail -1 "$tmp/time") || true
    python3 - "$tmp/out.json" "$tmp/exec-times.txt" "$start" "$tmp/gc.log" "$label" "$rc" "$wall" "$u" "$s" "$rss" <<'PY'
import json, re, statistics, sys
out, times, start, gc, label, rc, wall, u, s, rss = sys.argv[1:]
try:
    d = json.load(open(out)); vms = len(d["vms"]); ok = sum(1 for h in d["hosts"] if h["ok"]); nh = len(d["hosts"])
except Exception as e:
    vms = ok = nh = 0
lines = [l.split() for l in open(times)]
ts = [int(l[1]) for l in lines]
cmds = [int(l[2]) for l in lines]
try:
    prev = {l.split()[0]: int(l.split()[1]) for l in open(times + ".prev")}
except FileNotFoundError:
    prev = {}
per_list = [int(l[2]) - prev.get(l[0], 0) for l in lines]
open(times + ".prev", "w").write("".join(f"{l[0]} {l[2]}\n" for l in lines))
got = [t - int(start) for t in ts if t >= int(start)]
before = [int(m) for m in re.findall(r'(\d+)M->\d+M', open(gc).read())]
gcs = len(before)
print(f"{label}: exit {rc}, wall {wall} s, CPU {float(u) + float(s):.2f} s, VMs {vms}, hosts ok {ok}/{nh}, "
      f"hosts that got the list command {len(got)}/{len(ts)}; per host, from the client's start: "
      + (f"first {min(got)} ms, median {int(statistics.median(got))} ms, slowest {max(got)} ms; " if got else "")
      + f"command lines per host for this run: {min(per_list)}-{max(per_list)}; "
      + f"heap: peak before GC {max(before) if before else 'no GC'} MiB over {gcs} GCs, max RSS {int(rss) // 1024} MiB")
PY
    if ((rc != 0)); then echo "client stderr (last lines):"; tail -5 "$tmp/err"; fi
    if [[ -n ${SHOW_COMMANDS:-} ]]; then echo "first host's commands so far:"; sed 's/^/  /' "$tmp/first-host-commands.txt"; fi
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -z ${ONLY_CAP:-} ]]; then    # ONLY_CAP=1: just the capped run
    for p in "${pars[@]}"; do
        run "--parallel $p" "" --parallel "$p"
    done
fi
run "--parallel ${pars[0]}, -Xmx$cap" "-Xmx$cap" --parallel "${pars[0]}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sim after the runs: RSS $(awk '/VmRSS/ {print $2 / 1024 " MiB"}' "/proc/$simpid/status")"
