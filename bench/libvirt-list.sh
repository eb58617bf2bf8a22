#!/bin/sh
# Cost of one libvirt list per host, native API vs virsh over SSH, against the real lab
# (lab/setup.sh first). Usage: bench/libvirt-list.sh [N] [WARMUP]   (defaults 50 and 5)
set -eu
cd "$(dirname "$0")/.."
m=drivers/libvirt
cp_file=$m/target/bench.classpath
# package in the reactor (never install): the core module's test-jar (helpers, lab env) resolves
# from its target/ like the rest, so nothing lands in ~/.m2 and parallel builds cannot race on it
mvn -q -B -pl $m -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test
java -cp "$m/target/test-classes:$m/target/classes:$(cat "$cp_file")" \
    dev.virtdeck.bench.LibvirtListBenchmark "$@"
