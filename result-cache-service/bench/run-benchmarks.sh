#!/usr/bin/env bash
# The performance benchmark of result-cache-service, from the module's test classpath:
#   bench/run-benchmarks.sh [scale] [repeats] [directRounds]
#     copies TPC-H `scale` (sf1) into lakehouse.demo, then runs a dashboard workload (20 queries × 5 users of two
#     policy classes) `repeats` (50) times through the cache and `directRounds` (3) times directly, with the Trino
#     JDBC driver, and an uncacheable query alternately through the cache and directly (the miss overhead).
# A coordinator and a worker in one JVM, the lakehouse catalog server forked on a free port, the cache in-process.
# Result: target/benchmark-result-cache.md (log: target/benchmark-result-cache.log). Dependencies come from the local
# Maven repository (install floe-testing first on a fresh checkout); Maven runs offline unless MAVEN_OFFLINE is set to empty.
set -euo pipefail

module_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root_dir="$(cd "${module_dir}/.." && pwd)"
# shellcheck source=SCRIPTDIR/../../bin/lib/benchmark.sh
source "${root_dir}/bin/lib/benchmark.sh"
build_benchmark_classpath result-cache-service

cd "${module_dir}"
"${JAVA_HOME}/bin/java" -Xmx4g "${benchmark_java_options[@]}" \
    -cp "${benchmark_classpath}" \
    dev.floe.resultcache.benchmark.BenchmarkResultCache "$@" 2> target/benchmark-result-cache.log
