# Sourced by the scripts: find_java prints a Java 25 (or newer) binary; the machine's default java may be older.
# SECKILL_JAVA (or BENCH_JAVA, the benchmark's older name) names one outright.
find_java() {
    local chosen=${SECKILL_JAVA:-${BENCH_JAVA:-}}
    if [[ -n $chosen ]]; then echo "$chosen"; return; fi
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
        [[ -n $candidate && -x $candidate/bin/java ]] || continue
        local version
        version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
        if [[ ${version%%.*} =~ ^[0-9]+$ ]] && ((${version%%.*} >= 25)); then
            echo "$candidate/bin/java"
            return
        fi
    done
    echo "$(basename "$0"): no Java 25 found under /usr/lib/jvm (set SECKILL_JAVA)" >&2
    exit 2
}
