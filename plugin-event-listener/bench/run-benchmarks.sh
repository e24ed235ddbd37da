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
if [[ -z "${JAVA_HOME:-}" ]]; then
    JAVA_HOME="$("${root_dir}/bin/floe" java-home)"
fi
export JAVA_HOME

locked() {
    if command -v flock > /dev/null; then
        flock /tmp/floe-maven.lock "$@"
    else
        "$@"
    fi
}

cd "${root_dir}"
locked "${root_dir}/mvnw" -B -q ${MAVEN_OFFLINE--o} test-compile dependency:build-classpath -pl plugin-event-listener \
    -Dmdep.includeScope=test -Dmdep.outputFile="${module_dir}/target/benchmark.classpath"
run_dir="$(mktemp -d -t floe-history-benchmark.XXXXXX)"
trap 'rm -rf "${run_dir}"' EXIT
locked cp -r "${module_dir}/target/classes" "${module_dir}/target/test-classes" "${module_dir}/target/benchmark.classpath" "${run_dir}/"

cd "${module_dir}"
"${JAVA_HOME}/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "${run_dir}/test-classes:${run_dir}/classes:$(cat "${run_dir}/benchmark.classpath")" \
    dev.floe.history.benchmark.BenchmarkHistory "$@" 2> target/benchmark-history.log
