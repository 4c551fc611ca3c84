#!/usr/bin/env sh
# Runs the benchmark suite: ./bench.sh [quick|full|comparisons] [more run options, e.g. --only memory,raw-chm]
# Needs only a JDK 17+: builds bench/target/benchmarks.jar with the Maven wrapper when it is missing or older than
# the sources, finds Redis (REDIS_URL, else 127.0.0.1:6379, else a throwaway redis-server), writes
# bench-results/<date-time>-<profile>/ and renders its report.
set -eu
cd "$(dirname "$0")"
profile="${1:-quick}"
[ $# -gt 0 ] && shift
case "$profile" in
  quick|full|comparisons) ;;
  *) echo "usage: ./bench.sh [quick|full|comparisons] [run options]; see: java -jar bench/target/benchmarks.jar run --help" >&2
     exit 2 ;;
esac
jar=bench/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find . -path ./bench-results -prune -o -path '*/target' -prune -o \
     \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources*' \) -newer "$jar" -print 2>/dev/null | head -n 1)" ]; then
  echo "building $jar ..."
  ./mvnw -q -B -pl bench -am package -DskipTests
fi
exec java -jar "$jar" run --profile "$profile" "$@"
