#!/usr/bin/env bash
# The performance benchmark of plugin-event-listener, from the module's test classpath:
#   BenchmarkHistory [latencyRuns] [queries]
#     SELECT 1 latency without and with the history listener (p50/p99), the engine-thread cost of one completion
#     callback, and the sustained rate of real created/completed event pairs committed to Iceberg (defaults 2000, 200000).
# Result: target/benchmark-history.md. The lakehouse catalog is the real Iceberg REST catalog server, forked.
# Dependencies come from the local Maven repository (install floe-testing first on a fresh checkout); Maven runs
# offline unless MAVEN_OFFLINE is set to empty.
set -euo pipefail

module_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root_dir="$(cd "${module_dir}/.." && pwd)"
# shellcheck source=SCRIPTDIR/../../bin/lib/benchmark.sh
source "${root_dir}/bin/lib/benchmark.sh"
build_benchmark_classpath plugin-event-listener

cd "${module_dir}"
"${JAVA_HOME}/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "${benchmark_classpath}" \
    dev.floe.history.benchmark.BenchmarkHistory "$@" 2> target/benchmark-history.log
