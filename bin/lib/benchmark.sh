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

# The JVM options of every benchmark JVM: Trino's native libraries, and Guice's use of sun.misc.Unsafe on JDK 24+.
# shellcheck disable=SC2034 # read by the scripts that source this file
benchmark_java_options=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)

# run_jmh RESULT_FILE DEFAULT_BENCHMARKS [JMH options]: JMH's runner on the classpath of build_benchmark_classpath,
# results as JSON in RESULT_FILE; without options it runs DEFAULT_BENCHMARKS (a pattern) with their annotations' settings.
run_jmh() {
    local result="$1" default="$2"
    shift 2
    if [[ ! -f "${benchmark_dir}/test-classes/META-INF/BenchmarkList" ]]; then
        echo "no JMH benchmark list in ${module_dir}/target/test-classes: the annotation processor did not run" >&2
        return 1
    fi
    if [[ $# -eq 0 ]]; then
        set -- "${default}"
    fi
    "${JAVA_HOME}/bin/java" -Xmx1g "${benchmark_java_options[@]}" -cp "${benchmark_classpath}" \
        org.openjdk.jmh.Main -rf json -rff "${result}" "$@"
}
