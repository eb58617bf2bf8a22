#!/usr/bin/env bash
# Cold vs warm CLI (issue 13, item 4): median wall time of N runs of `./virtdeck --version` and
# `./virtdeck list` on an inventory (default: the lab's), cold (new JVM, fresh SSH connections;
# with and without the class-data sharing archive) and warm (through an agent holding the
# connections). Usage: bash bench/warm-cli.sh [N] [INVENTORY]. Needs tui/target/virtdeck.jar.
set -euo pipefail
n=${1:-10}
inv=${2:-/var/tmp/virtdeck-lab/inventory.yaml}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
vd=$repo/virtdeck
export VIRTDECK_AGENT_SOCKET
VIRTDECK_AGENT_SOCKET=$(mktemp -d "${TMPDIR:-/tmp}/vd-bench.XXXXXX")/agent.sock
trap '"$vd" agent stop >/dev/null 2>&1 || true; rm -rf "$(dirname "$VIRTDECK_AGENT_SOCKET")"' EXIT

# median wall ms of n runs of the command (output discarded), with min and max
med() {
    local a=() i s
    for ((i = 0; i < n; i++)); do
        s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; a+=($((($(date +%s%N) - s) / 1000000)))
    done
    printf '%s\n' "${a[@]}" | sort -n | awk '{v[NR]=$1} END {printf "%5d ms (min %d, max %d)", v[int((NR+1)/2)], v[1], v[NR]}'
}
row() { printf '| %-38s | %s |\n' "$1" "$(shift; med "$@")"; }

"$vd" --version >/dev/null 2>&1      # builds the CDS archive once if the jar is new
echo "| run ($n each, median) | wall |"
echo "|---|---|"
VIRTDECK_AGENT=off VIRTDECK_CDS=off row "cold --version, no CDS" "$vd" --version
VIRTDECK_AGENT=off row "cold --version, CDS" "$vd" --version
VIRTDECK_AGENT=off VIRTDECK_CDS=off row "cold list, no CDS" "$vd" -i "$inv" list
VIRTDECK_AGENT=off row "cold list, CDS" "$vd" -i "$inv" list
"$vd" agent start --idle 5m >/dev/null
"$vd" -i "$inv" list >/dev/null 2>&1 || true    # the agent connects the hosts once
VIRTDECK_CDS=off row "warm --version (agent), no CDS" "$vd" --version
row "warm --version (agent), CDS" "$vd" --version
VIRTDECK_CDS=off row "warm list (agent), no CDS" "$vd" -i "$inv" list
row "warm list (agent), CDS" "$vd" -i "$inv" list
"$vd" agent status | sed -n '3p'
