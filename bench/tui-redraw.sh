#!/bin/sh
# Keystroke-to-redraw time of the TUI with in-process fake VMs on a 200x60 virtual terminal
# (j, page down, filter keystrokes; median/p95; target < 50 ms).
# Usage: bench/tui-redraw.sh [N] [WARMUP] [HOSTS] [PER_HOST]   (defaults 300 200 10 100: 1,000 VMs;
# issue 13's 20,000 VMs: bench/tui-redraw.sh 300 200 1000 20). Not a test: nothing fails when the target is missed.
set -eu
cd "$(dirname "$0")/.."
cp_file=tui/target/bench.classpath
mvn -q -B -o -pl tui -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test
java -cp "tui/target/test-classes:tui/target/classes:$(cat "$cp_file")" \
    dev.virtdeck.tui.bench.RedrawBenchmark "$@"
