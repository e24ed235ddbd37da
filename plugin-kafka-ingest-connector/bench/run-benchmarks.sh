#!/usr/bin/env bash
# The performance benchmarks of plugin-kafka-ingest-connector, from the module's test classpath:
#   bench/run-benchmarks.sh [records] [freshnessSeconds] [freshnessRate]
#     throughput of one pipeline ingesting `records` (4,000,000) JSON records of 200 bytes from a topic of 8 partitions
#     into Iceberg, side by side with Apache Kafka's own ConsumerPerformance on the same topic (the ceiling); then
#     freshness (produce → visible to SELECT, p50/p99) at commit intervals 1 s and 5 s, producing `freshnessRate`
#     (5,000) records/s for `freshnessSeconds` (60).
#     Everything runs on this machine and stops by itself: a forked Apache Kafka broker and lakehouse catalog server
#     (loopback, free ports, temporary directories) and an in-process Trino with the connector. About 4 minutes here.
#     Result: target/benchmark-ingest.md (log: target/benchmark-ingest.log).
#   bench/run-benchmarks.sh jmh [JMH options]
#     BenchmarkRecordPath: one lane's CPU per record on one thread (decode; decode and map; decode, map and write
#     Parquet), without Kafka or a catalog. About 1 minute. Result: target/jmh-result.json.
# Dependencies come from the local Maven repository (install floe-testing first on a fresh checkout; the Kafka tools
# are resolved from bench/kafka-tools-pom.xml); Maven runs offline unless MAVEN_OFFLINE is set to empty.
set -euo pipefail

module_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root_dir="$(cd "${module_dir}/.." && pwd)"
# shellcheck source=SCRIPTDIR/../../bin/lib/benchmark.sh
source "${root_dir}/bin/lib/benchmark.sh"
build_benchmark_classpath plugin-kafka-ingest-connector
cd "${root_dir}"
if [[ "${1:-}" == jmh ]]; then
    run_jmh "${module_dir}/target/jmh-result.json" 'dev.floe.ingest.benchmark.BenchmarkRecordPath' "${@:2}"
    exit
fi

# Kafka's tools in a pom of their own (no parent): the trino-root BOM must not move their dependencies
# shellcheck disable=SC2086 # MAVEN_OFFLINE is empty or one option
locked "${root_dir}/mvnw" -B -q ${MAVEN_OFFLINE--o} -f "${module_dir}/bench/kafka-tools-pom.xml" dependency:build-classpath \
    -DincludeScope=runtime -Dmdep.outputFile="${module_dir}/target/kafka-tools.classpath"

cd "${module_dir}"
# the heap regions of etc/worker/jvm.config: with smaller ones the consumer's 1 MB fetch buffers are humongous objects
"${JAVA_HOME}/bin/java" -Xmx4g -XX:+UseG1GC -XX:G1HeapRegionSize=32M "${benchmark_java_options[@]}" \
    -Dfloe.bench.kafka-tools.classpath="$(cat "${module_dir}/target/kafka-tools.classpath")" \
    -cp "${benchmark_classpath}" \
    dev.floe.ingest.benchmark.BenchmarkIngest "$@" > target/benchmark-ingest.log 2>&1
cat target/benchmark-ingest.md
