#!/bin/sh
# Cost of one libvirt list per host, native API vs virsh over SSH, against the real lab
# (lab/setup.sh first). Usage: bench/libvirt-list.sh [N] [WARMUP]   (defaults 50 and 5)
set -eu
cd "$(dirname "$0")/.."
m=drivers/libvirt
cp_file=$m/target/bench.classpath
# install: the libvirt module's tests need the core module's test-jar (helpers, lab env)
mvn -q -B -pl $m -am -DskipTests install
mvn -q -B -pl $m dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test
java -cp "$m/target/test-classes:$m/target/classes:$(cat "$cp_file")" \
    dev.virtdeck.bench.LibvirtListBenchmark "$@"
