#!/usr/bin/env bash
# The class path of the benchmark drivers and of what they launch (JMH forks, the OTLP receiver, the span driver):
# the benchmark classes and only the libraries they need — never Argus's own modules, so that the measured JVMs see
# the agents only through -javaagent.
set -euo pipefail
cd "$(dirname "$0")"
cp="$PWD/target/classes"
for lib in jmh-core jopt-simple commons-math3 h2 protobuf-java opentelemetry-proto; do
  jar=$(ls "$PWD"/target/lib/"$lib"-[0-9]*.jar 2>/dev/null | head -1)
  [ -n "$jar" ] || { echo "benchmarks/target/lib/$lib-*.jar missing: run mvn -B -DskipTests -pl benchmarks -am package" >&2; exit 1; }
  cp="$cp:$jar"
done
echo "$cp"
