#!/bin/sh
# Keystroke-to-redraw time of the TUI with 1,000 in-process fake VMs on a 200x60 virtual terminal
# (j, page down, filter keystrokes; median/p95; target < 50 ms). Usage: bench/tui-redraw.sh [N] [WARMUP]
# (defaults 300 and 200). Not a test: nothing fails when the target is missed.
set -eu
cd "$(dirname "$0")/.."
cp_file=tui/target/bench.classpath
mvn -q -B -pl tui -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test
java -cp "tui/target/test-classes:tui/target/classes:$(cat "$cp_file")" \
    dev.virtdeck.tui.bench.RedrawBenchmark "$@"
