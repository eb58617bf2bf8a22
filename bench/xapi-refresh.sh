#!/bin/sh
# Wall time and XAPI calls of one XenServer/XCP-ng list (a refresh) against the simulated pool over
# real SSH on loopback, through a proxy adding DELAY ms each way (this kernel has no netem):
# event.from against the bulk calls (no lab, no real XAPI needed).
# Usage: bench/xapi-refresh.sh [VMS] [LISTS] [DELAY_MS_EACH_WAY]   (defaults 50, 20, 0)
set -eu
cd "$(dirname "$0")/.."
m=drivers/xapi
cp_file=$m/target/bench.classpath
# package in the reactor (never install), as the other benches
mvn -q -B -o -pl $m -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test
java -cp "$m/target/test-classes:$m/target/classes:$(cat "$cp_file")" \
    dev.virtdeck.bench.XapiRefreshBenchmark "$@" 2>/dev/null
