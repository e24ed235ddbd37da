#!/usr/bin/env bash
# Runs the JMH benchmark of the masking functions against their builtin equivalents.
# Usage: plugin-masking-functions/bench/run-jmh.sh [JMH options, e.g. -p expression=floe_mask_email,builtin_mask_email]
set -euo pipefail

module_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root_dir="$(cd "${module_dir}/.." && pwd)"
JAVA_HOME="$("${root_dir}/bin/floe" java-home)"
export JAVA_HOME

cd "${root_dir}"
./mvnw -B -q install -DskipTests -pl plugin-masking-functions -am
# incremental compilation can keep test classes compiled before the JMH generator ran; start them afresh then
[[ -f "${module_dir}/target/test-classes/META-INF/BenchmarkList" ]] || rm -rf "${module_dir}/target/test-classes"
./mvnw -B -q test-compile dependency:build-classpath -pl plugin-masking-functions \
    -Dmdep.includeScope=test -Dmdep.outputFile="${module_dir}/target/benchmark.classpath"

exec "${JAVA_HOME}/bin/java" -Xmx6g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "${module_dir}/target/test-classes:${module_dir}/target/classes:$(cat "${module_dir}/target/benchmark.classpath")" \
    org.openjdk.jmh.Main BenchmarkMaskingFunctions -rf json -rff "${module_dir}/target/jmh-result.json" "$@"
