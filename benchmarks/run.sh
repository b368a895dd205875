#!/usr/bin/env bash
# Runs every benchmark group once, in sequence, and keeps the results under benchmarks/target/results/.
# Build first: ./mvnw -Pbenchmarks -pl benchmarks package -DskipTests   (see docs/benchmarks.md)
# Extra arguments go to every JMH run, e.g. `benchmarks/run.sh -f 2` for two forks each.
# JAVA_OPTS go to each JMH launcher, e.g. JAVA_OPTS=-Djmh.ignoreLock=true when another JMH run shares the machine.
set -euo pipefail
cd "$(dirname "$0")"
jar=target/benchmarks.jar
out=target/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
jmh() { # name, JMH arguments...
  local name=$1; shift
  java ${JAVA_OPTS:-} -jar "$jar" "$@" -rf json -rff "$out/$name.json" 2>&1 | tee "$out/$name.txt"
}
{ uname -a; nproc; java -version 2>&1; uptime; } > "$out/machine.txt"
jmh assertions '\.AssertionBenchmark\.' "$@"
jmh assertions-cold 'ColdAssertionBenchmark' "$@"
jmh full-shape 'FullShapeBenchmark' "$@"
java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp "$jar" dev.spanproof.benchmarks.assertions.InterleavedAssertions \
  2>&1 | tee "$out/assertions-interleaved.txt"
java -Dcold=true -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp "$jar" dev.spanproof.benchmarks.assertions.InterleavedAssertions \
  2>&1 | tee "$out/assertions-interleaved-cold.txt"
java -Xms4g -Xmx4g -Djdk.attach.allowAttachSelf=true -cp "$jar" dev.spanproof.benchmarks.assertions.RetainedMemory \
  2>&1 | tee "$out/memory.txt"
jmh mock-llm 'MockLlmBenchmark' "$@"
java -cp "$jar" dev.spanproof.benchmarks.mockllm.InterleavedLatency 2>&1 | tee "$out/interleaved.txt"
java -cp "$jar" dev.spanproof.benchmarks.mockllm.FirstChunkLatency 2>&1 | tee "$out/first-chunk.txt"
jmh extension 'ExtensionBenchmark' "$@"
uptime >> "$out/machine.txt"
echo "results in benchmarks/$out"
