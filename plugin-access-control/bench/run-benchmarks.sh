#!/usr/bin/env bash
# The performance benchmarks of plugin-access-control, from the module's test classpath.
#   jmh [JMH options]   JMH micro-benchmarks (default: all of dev.floe.access.benchmark):
#                         BenchmarkDecisionLatency  checkCanSelectFromColumns / getColumnMasks on a warm cache,
#                                                   p50/p99/p99.9, Floe vs file-based vs allow-all
#                         BenchmarkBulkMetadata     filterTables over 10,000 tables, filterColumns / getColumnMasks
#                                                   of a 1,000-column table, 5,000-rule policy, warm
#                         BenchmarkPolicyReload     the same right after a policy reload (cold), and the load itself
#   e2e [warmups] [runs] [tpch,metadata]
#                       BenchmarkEndToEnd: the 22 TPC-H queries and metadata queries on a 10,000-table catalog,
#                       in-process query runner, per access control (defaults: 2 warm-ups, 5 runs, both)
#   (no argument)       what the README's figures come from: the short JMH settings, then e2e 3 9
# Results: target/jmh-result*.json and target/benchmark-e2e.md; the engine's log of e2e in target/benchmark-e2e.log.
# The modules it depends on (floe-testing, plugin-masking-functions) come from the local Maven repository, as for
# `./mvnw test -pl plugin-access-control`; install them first on a fresh checkout. Maven runs offline (-o) unless
# MAVEN_OFFLINE is set (MAVEN_OFFLINE= lets it download); see bin/lib/benchmark.sh.
set -euo pipefail

module_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root_dir="$(cd "${module_dir}/.." && pwd)"
# shellcheck source=SCRIPTDIR/../../bin/lib/benchmark.sh
source "${root_dir}/bin/lib/benchmark.sh"
build_benchmark_classpath plugin-access-control

# jmh RESULT_FILE [JMH options]
jmh() {
    run_jmh "$1" 'dev.floe.access.benchmark' "${@:2}"
}

e2e() {
    "${JAVA_HOME}/bin/java" -Xmx8g "${benchmark_java_options[@]}" -cp "${benchmark_classpath}" \
        dev.floe.access.benchmark.BenchmarkEndToEnd "$@" \
        2> "${module_dir}/target/benchmark-e2e.log" | tee "${module_dir}/target/benchmark-e2e.md"
}

case "${1:-}" in
    jmh) shift; jmh "${module_dir}/target/jmh-result.json" "$@" ;;
    e2e) shift; e2e "$@" ;;
    "")
        echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown)"
        jmh "${module_dir}/target/jmh-result-warm.json" 'BenchmarkDecisionLatency|BenchmarkBulkMetadata' -f 1 -wi 3 -w 1s -i 5 -r 2s
        jmh "${module_dir}/target/jmh-result-cold.json" BenchmarkPolicyReload -f 1 -wi 5 -i 20
        e2e 3 9
        echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown)"
        ;;
    *) echo "usage: $0 [jmh [JMH options] | e2e [warmups] [runs] [tpch,metadata]]" >&2; exit 2 ;;
esac
