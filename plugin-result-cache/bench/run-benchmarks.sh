#!/usr/bin/env bash
# The performance benchmark of plugin-result-cache, from the module's test classpath:
#   bench/run-benchmarks.sh [scale] [readRuns] [rounds]
#     copies TPC-H `scale` (sf1) into lakehouse.demo, then: a dashboard query run directly and read from a fresh
#     cached view (`readRuns`, 20, interleaved runs each; also the view's storage table, the same rows in a memory
#     table and SELECT 1, for reference); refresh time incremental against full after appending 1%
#     of new orders and line items (`rounds`, 3), for a view scanning lineitem and for the dashboard.
# A coordinator and a worker in one JVM, the lakehouse catalog server forked on a free port; everything stops by itself.
# Result: target/benchmark-cached-views.md (log: target/benchmark-cached-views.log). Dependencies come from the local
# Maven repository (install floe-testing first on a fresh checkout); Maven runs offline unless MAVEN_OFFLINE is set to empty.
set -euo pipefail

module_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root_dir="$(cd "${module_dir}/.." && pwd)"
# shellcheck source=SCRIPTDIR/../../bin/lib/benchmark.sh
source "${root_dir}/bin/lib/benchmark.sh"
build_benchmark_classpath plugin-result-cache

cd "${module_dir}"
"${JAVA_HOME}/bin/java" -Xmx4g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "${benchmark_classpath}" \
    dev.floe.cache.benchmark.BenchmarkCachedViews "$@" 2> target/benchmark-cached-views.log
