# Sourced by bench/e2e.sh, bench/transports.sh and bench/startup.sh: the plumbing they share. Each script sets
# `name` (its file name without .sh) and `quick_args` (what --quick means to its driver), then:
#
#   . "$root/bench/driver.sh"
#   bench_parse "$@"                 --quick, --no-build, --no-write, -h; the rest goes to the driver (args)
#   bench_setup                      temporary directory $tmp, the cleanup trap, benchmarks.jar built ($jar)
#   bench_drive HEAP CLASS ARGS...   runs the Java driver (io.jvde.bench.e2e.CLASS) writing $tmp/$name.md
#   bench_write HEADING              prints the report (--no-write) or puts it between the markers in BENCHMARKS.md
#
# The driver records every process it starts in $tmp/children.pids; whatever the exit, the trap stops the
# driver, then any child still alive and still ours (its command line names $tmp), by PID.

bench_parse() {
    build=1
    write=1
    args=()
    for a in "$@"; do
        case $a in
            --quick) args+=("${quick_args[@]}") ;;
            --no-build) build=0 ;;
            --no-write) write=0 ;;
            -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
            *) args+=("$a") ;;
        esac
    done
    command_line="bench/$name.sh $*"
}

bench_cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "${driver:-}" ] && kill -0 "$driver" 2>/dev/null; then
        kill -TERM "$driver" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$driver" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$driver" 2>/dev/null || true
    fi
    if [ -f "$tmp/children.pids" ]; then
        while read -r pid; do
            if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$tmp"; then
                kill -TERM "$pid" 2>/dev/null || true
                sleep 0.5
                kill -KILL "$pid" 2>/dev/null || true
            fi
        done <"$tmp/children.pids"
    fi
    rm -rf "$tmp"
    exit $rc
}

bench_setup() {
    command -v java >/dev/null || { echo "$name.sh: java not found" >&2; exit 2; }
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/jvde-$name.XXXXXX")
    driver=
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
    if [ "$build" = 1 ]; then
        echo "$name.sh: building bench/target/benchmarks.jar" >&2
        (cd "$root" && mvn -B -q -Pbenchmarks -pl bench -am package -DskipTests) >&2
    fi
    jar=$root/bench/target/benchmarks.jar
    [ -f "$jar" ] || { echo "$name.sh: $jar is missing (run without --no-build)" >&2; exit 2; }
    report=$tmp/$name.md
}

bench_drive() {
    local heap=$1 class=$2 # heap: JVM options of the driver, word-split
    shift 2
    java $heap -cp "$jar" "io.jvde.bench.e2e.$class" --tmp "$tmp" --out "$report" --command-line "$command_line" \
        "$@" &
    driver=$!
    wait "$driver"
    driver=
}

bench_write() {
    if [ "$write" = 0 ]; then
        cat "$report"
        return 0
    fi
    . "$root/bench/sections.sh"
    write_section "$root/BENCHMARKS.md" "$name" "$1" "$report" "$tmp"
    echo "$name.sh: report written to $root/BENCHMARKS.md" >&2
}
