#!/bin/sh
# Cost of one libvirt list per host, native API vs virsh over SSH, against the real lab
# (lab/setup.sh first). Usage: bench/libvirt-list.sh [N] [WARMUP]   (defaults 50 and 5)
set -eu
cd "$(dirname "$0")/.."
cp_file=drivers/target/bench.classpath
mvn -q -B -pl drivers -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test
java -cp "drivers/target/test-classes:drivers/target/classes:$(cat "$cp_file")" \
    dev.virtdeck.bench.LibvirtListBenchmark "$@"
