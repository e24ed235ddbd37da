# shellcheck shell=bash
# Shared by the modules' bench/run-benchmarks.sh, which source it after setting module_dir and root_dir: a JDK
# Trino runs on, Maven under the lock several builds of this tree share, and a module's test classpath.
# Maven runs offline (-o) unless MAVEN_OFFLINE is set (MAVEN_OFFLINE= lets it download).

: "${root_dir:?set root_dir before sourcing bin/lib/benchmark.sh}" "${module_dir:?set module_dir before sourcing bin/lib/benchmark.sh}"

if [[ -z "${JAVA_HOME:-}" ]]; then
    JAVA_HOME="$("${root_dir}/bin/floe" java-home)"
fi
export JAVA_HOME

# locked COMMAND...: runs it under the shared Maven lock where there is one
locked() {
    if command -v flock > /dev/null; then
        flock /tmp/floe-maven.lock "$@"
    else
        "$@"
    fi
}

# build_benchmark_classpath MODULE: compiles the module's test classes, resolves their test classpath and copies
# the classes, under the lock, to benchmark_dir (removed on exit): another build recompiling the module cannot pull
# them away during a run. Sets benchmark_dir and benchmark_classpath (a java -cp value).
build_benchmark_classpath() {
    local module="$1"
    # shellcheck disable=SC2086 # MAVEN_OFFLINE is empty or one option
    (cd "${root_dir}" && locked "${root_dir}/mvnw" -B -q ${MAVEN_OFFLINE--o} test-compile dependency:build-classpath -pl "${module}" \
        -Dmdep.includeScope=test -Dmdep.outputFile="${module_dir}/target/benchmark.classpath")
    benchmark_dir="$(mktemp -d -t "floe-${module}-benchmark.XXXXXX")"
    trap 'rm -rf "${benchmark_dir}"' EXIT
    locked cp -r "${module_dir}/target/classes" "${module_dir}/target/test-classes" "${module_dir}/target/benchmark.classpath" "${benchmark_dir}/"
    # shellcheck disable=SC2034 # read by the script that sources this file
    benchmark_classpath="${benchmark_dir}/test-classes:${benchmark_dir}/classes:$(cat "${benchmark_dir}/benchmark.classpath")"
}
