#!/usr/bin/env bash
# bench/run.sh: measure mi-lint (with no cache, with the result cache warm,
# and with only the five core rules) against the yaml.v3 parse floor and
# against conftest running an equivalent policy for the five core rules,
# side by side, and print a Markdown table (median wall time, peak RSS, ratios,
# growth from 1,000 to 10,000 files).
#
# usage: bench/run.sh [--scale] [--runs N]
#   --scale    also run the 10,000-file corpus (slower); or BENCH_SCALE=1
#   --runs N   timed runs per command (default 5; BENCH_RUNS); the scale run
#              uses BENCH_SCALE_RUNS (default 3)
#
# Needs go, python3 and ../shared/bench/gen_corpus.py (the corpus generator
# beside the repository; BENCH_GEN overrides its path), and /usr/bin/time
# (Debian package time): every timed run of a corpus runs under
# /usr/bin/time -v, so its wall time and peak RSS come from the same runs.
# The commands compared run alternately (one run of each in turn, RUNS
# rounds), so that a change in the machine's load touches them alike;
# /usr/bin/time is installed with apt-get when missing and running as root.
# Everything it makes lives in bench/.cache (gitignored): corpora,
# binaries, conftest (CONFTEST_VERSION, installed once with go install),
# reports and raw timings. Re-running reuses the corpora and conftest and
# rebuilds mi-lint and the floor from the working tree.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=$ROOT/bench/.cache
BIN=$CACHE/bin
OUT=$CACHE/out
GEN=${BENCH_GEN:-$ROOT/../shared/bench/gen_corpus.py}
CONFTEST_VERSION=${CONFTEST_VERSION:-v0.71.1}
POLICY=$ROOT/bench/conftest/policy
RUNS=${BENCH_RUNS:-5}
SCALE_RUNS=${BENCH_SCALE_RUNS:-3}
SCALE=${BENCH_SCALE:-0}
FUNCS=12
SEED=1

while [ $# -gt 0 ]; do
	case $1 in
	--scale) SCALE=1 ;;
	--runs)
		RUNS=$2
		shift
		;;
	-h | --help)
		sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "run.sh: unknown argument $1" >&2
		exit 2
		;;
	esac
	shift
done

log() { echo "run.sh: $*" >&2; }

for tool in go python3; do
	command -v "$tool" >/dev/null || {
		log "$tool is required"
		exit 2
	}
done
[ -f "$GEN" ] || {
	log "corpus generator not found at $GEN (set BENCH_GEN)"
	exit 2
}
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		log "installing time with apt-get"
		apt-get install -y -qq time >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq time >/dev/null 2>&1; } || true
	fi
fi
[ -x /usr/bin/time ] || {
	log "/usr/bin/time is required for peak memory (Debian package time)"
	exit 2
}

mkdir -p "$BIN" "$OUT"

# corpus DIR COUNT FUNCS: generate once; a marker records the parameters.
corpus() {
	local dir=$1 count=$2 funcs=$3 marker="$1.done" want gen
	gen=$(sha256sum "$GEN" | cut -c1-16)
	want="$count $funcs $SEED $gen"
	if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
		return
	fi
	log "generating $dir ($count services x $funcs functions)"
	rm -rf "$dir" "$marker"
	python3 "$GEN" "$dir" "$count" "$funcs" "$SEED"
	echo "$want" >"$marker"
}

log "building mi-lint and the floor"
go build -trimpath -o "$BIN/mi-lint" ./cmd/mi-lint
go build -trimpath -o "$BIN/floor" ./bench/floor

# go install stamps no version into conftest; a marker records it.
if [ ! -x "$BIN/conftest" ] || [ "$(cat "$BIN/conftest.version" 2>/dev/null)" != "$CONFTEST_VERSION" ]; then
	log "installing conftest $CONFTEST_VERSION (once; takes minutes)"
	GOBIN=$BIN go install "github.com/open-policy-agent/conftest@$CONFTEST_VERSION"
	echo "$CONFTEST_VERSION" >"$BIN/conftest.version"
fi

SMALL=$CACHE/corpus-small
corpus "$SMALL" 1 1
SMALL_FILE=$SMALL/svc-00000/serverless.yml
corpus "$CACHE/corpus-1000" 1000 $FUNCS
SIZES=(1000)
if [ "$SCALE" = 1 ]; then
	corpus "$CACHE/corpus-10000" 10000 $FUNCS
	SIZES+=(10000)
fi

# The commands. mi-lint exits 1 on findings and conftest on failures: the
# first timed run of each keeps its output and must exit 0 or 1.
q() { printf '%q ' "$@"; }
# mi-lint runs three ways: cold (--no-cache: every file linted), warm (the
# result cache primed by an earlier run over the same files, as when a
# hook or CI job runs again on an unchanged tree), and cold with only the
# five core rules conftest's policy has (the others turned off in a
# configuration), for a like-for-like comparison.
milint_cmd() { q "$BIN/mi-lint" --no-cache --fail-level none -f sarif -o "$OUT/mi-lint-$2.sarif" "$1"; }
milint_warm_cmd() { q "$BIN/mi-lint" --cache-dir "$WARM_CACHE" --fail-level none -f sarif -o "$OUT/mi-lint-warm-$2.sarif" "$1"; }
milint_core_cmd() { q "$BIN/mi-lint" --no-cache --config "$CORE_CONFIG" --fail-level none -f sarif -o "$OUT/mi-lint-core-$2.sarif" "$1"; }
floor_cmd() { q "$BIN/floor" "$1"; }
conftest_cmd() { q "$BIN/conftest" test --no-color -p "$POLICY" "$1"; }

WARM_CACHE=$CACHE/mi-lint-cache
rm -rf "$WARM_CACHE"
# The configuration that keeps only the five core rules.
CORE_CONFIG=$CACHE/core-rules.mi-lint.yaml
"$BIN/mi-lint" rules --format json | python3 -c '
import json, sys
core = {"MI001", "MI002", "MI003", "MI101", "MI201"}
print("rules:")
for r in json.load(sys.stdin):
    if r["id"] not in core:
        print("  %s: off" % r["id"])' >"$CORE_CONFIG"

median() { python3 -c 'import statistics,sys; print(statistics.median(float(l) for l in open(sys.argv[1]) if l.strip()))' "$1"; }

# once NAME I CMD: run I of CMD under /usr/bin/time -v, so that wall time,
# CPU time (user + system) and peak RSS come from the same run; the first
# run keeps its output. The corpus files are in the page cache already
# (generated or read just before), so no warm-up run is spent on them.
once() {
	local name=$1 i=$2 cmd=$3 t0 t1 rc=0
	if [ "$i" = 1 ]; then
		: >"$OUT/$name.times"
		: >"$OUT/$name.cpus"
		: >"$OUT/$name.rsss"
	fi
	t0=$(date +%s%N)
	if [ "$i" = 1 ]; then
		/usr/bin/time -v -o "$OUT/$name.timev" bash -c "exec $cmd" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" || rc=$?
	else
		/usr/bin/time -v -o "$OUT/$name.timev" bash -c "exec $cmd >/dev/null 2>&1" || rc=$?
	fi
	t1=$(date +%s%N)
	if [ $rc -gt 1 ]; then
		log "$name failed (exit $rc): $cmd"
		tail -5 "$OUT/$name.stderr" >&2
		exit 1
	fi
	echo "$(((t1 - t0) / 1000))e-6" >>"$OUT/$name.times"
	awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$OUT/$name.timev" >>"$OUT/$name.cpus"
	awk -F': ' '/Maximum resident set size/ {print $2 / 1024}' "$OUT/$name.timev" >>"$OUT/$name.rsss"
}

# alternate RUNS NAME CMD [NAME CMD...]: RUNS rounds, each running every
# command once in turn, so that a change in the machine's load touches
# every command alike; medians into NAME.time (s), NAME.cpu (s) and
# NAME.rss (MB).
alternate() {
	local runs=$1 i j
	shift
	local -a args=("$@")
	log "measuring ${args[*]//\/*/} alternately ($runs rounds)"
	for i in $(seq "$runs"); do
		for ((j = 0; j < ${#args[@]}; j += 2)); do
			once "${args[j]}" "$i" "${args[j + 1]}"
		done
	done
	for ((j = 0; j < ${#args[@]}; j += 2)); do
		median "$OUT/${args[j]}.times" >"$OUT/${args[j]}.time"
		median "$OUT/${args[j]}.cpus" >"$OUT/${args[j]}.cpu"
		median "$OUT/${args[j]}.rsss" >"$OUT/${args[j]}.rss"
	done
}

# prime CMD: one untimed run that fills the result cache for a warm run.
prime() {
	bash -c "exec $1 >/dev/null 2>&1" || [ $? = 1 ]
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for n in "${SIZES[@]}"; do
	runs=$RUNS
	[ "$n" = 1000 ] || runs=$SCALE_RUNS
	dir=$CACHE/corpus-$n
	prime "$(milint_warm_cmd "$dir" "$n")"
	alternate "$runs" \
		"mi-lint-$n" "$(milint_cmd "$dir" "$n")" \
		"mi-lint-warm-$n" "$(milint_warm_cmd "$dir" "$n")" \
		"mi-lint-core-$n" "$(milint_core_cmd "$dir" "$n")" \
		"floor-$n" "$(floor_cmd "$dir")" \
		"conftest-$n" "$(conftest_cmd "$dir")"
done
prime "$(milint_warm_cmd "$SMALL_FILE" small)"
alternate $((RUNS * 4)) \
	mi-lint-small "$(milint_cmd "$SMALL_FILE" small)" \
	mi-lint-warm-small "$(milint_warm_cmd "$SMALL_FILE" small)" \
	conftest-small "$(conftest_cmd "$SMALL_FILE")"

# Findings each tool reported on the 1,000-file corpus, as a sanity check
# that both did the work.
MI_FINDINGS=$(python3 -c '
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
core = [r for r in results if r["ruleId"] in ("MI001", "MI002", "MI003", "MI101", "MI201")]
print(f"{len(results)} (all rules), {len(core)} of the five core rules")' "$OUT/mi-lint-1000.sarif")
CT_FAILURES=$(grep -c '^FAIL' "$OUT/conftest-1000.stdout" || true)
# A warm run must report exactly what a cold one does.
if cmp -s "$OUT/mi-lint-1000.sarif" "$OUT/mi-lint-warm-1000.sarif"; then
	MI_FINDINGS="$MI_FINDINGS; the warm run's SARIF is byte-identical to the cold run's"
else
	MI_FINDINGS="$MI_FINDINGS; the warm run's SARIF DIFFERS from the cold run's"
fi

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$OUT" "$SCALE" "$RUNS" "$SCALE_RUNS" "$MI_FINDINGS" "$CT_FAILURES" "$(nproc)" "$LOAD_BEFORE" "$LOAD_AFTER" <<'EOF'
import os, sys
out, scale, runs, scale_runs, mi_findings, ct_failures, cores, load_before, load_after = sys.argv[1:]
scale = scale == "1"

def get(name, kind):
    with open(os.path.join(out, f"{name}.{kind}")) as f:
        return float(f.read())

def t(name): return get(name, "time")
def m(name): return get(name, "rss")
def c(name): return get(name, "cpu")

def size_rows(n, label):
    return [(f"mi-lint, {label} files, every rule, no cache", f"mi-lint-{n}"),
            (f"mi-lint, {label} files, every rule, cache warm", f"mi-lint-warm-{n}"),
            (f"mi-lint, {label} files, five core rules, no cache", f"mi-lint-core-{n}"),
            (f"parse floor, {label} files", f"floor-{n}"),
            (f"conftest, {label} files, five core rules", f"conftest-{n}")]
rows = size_rows(1000, "1,000")
if scale:
    rows += size_rows(10000, "10,000")
rows += [("mi-lint, one small file, no cache", "mi-lint-small"),
         ("mi-lint, one small file, cache warm", "mi-lint-warm-small"),
         ("conftest, one small file", "conftest-small")]

print(f"Medians of {runs} runs ({scale_runs} for 10,000 files, {int(runs) * 4} for one file); "
      f"the commands of each table part run alternately; wall time, CPU time and peak RSS from /usr/bin/time -v runs; "
      f"{cores} cores; load average (1, 5, 15 min) {load_before} before, {load_after} after.\n")
print("| run | median wall | CPU (user+sys) | peak RSS |")
print("|---|---:|---:|---:|")
for label, name in rows:
    print(f"| {label} | {t(name):.3f} s | {c(name):.2f} s | {m(name):.0f} MB |")

def verdict(ok): return "met" if ok else "NOT met"

print("\n| ratio | wall | CPU | target (wall) |")
print("|---|---:|---:|---|")
def ratio(label, a, b, limit=None):
    r = t(a) / t(b)
    target = f"at most {limit}: {verdict(r <= limit)}" if limit else ""
    print(f"| {label} | {r:.2f} | {c(a) / c(b):.2f} | {target} |")
# Cold (no cache, every rule): the first run on a tree, and a hook's run
# on the changed files; warm: a run again on an unchanged tree.
for mode, suffix, limits in (("cold", "", (1.0, 5.0, 1.0)), ("warm", "warm-", (0.25, 2.5, 0.5))):
    ratio(f"mi-lint ({mode}) / conftest, 1,000 files", f"mi-lint-{suffix}1000", "conftest-1000", limits[0])
    ratio(f"mi-lint ({mode}) / floor, 1,000 files", f"mi-lint-{suffix}1000", "floor-1000", limits[1])
    ratio(f"mi-lint ({mode}) / conftest, one small file", f"mi-lint-{suffix}small", "conftest-small", limits[2])
ratio("mi-lint, five core rules, no cache / conftest, 1,000 files", "mi-lint-core-1000", "conftest-1000")
if scale:
    ratio("mi-lint (no cache) / conftest, 10,000 files", "mi-lint-10000", "conftest-10000")
    ratio("mi-lint (no cache) / floor, 10,000 files", "mi-lint-10000", "floor-10000")
    print("\n| growth 1,000 -> 10,000 files | wall | CPU | peak RSS |")
    print("|---|---:|---:|---:|")
    for tool in ("mi-lint", "mi-lint-warm", "floor", "conftest"):
        print(f"| {tool} | x{t(tool + '-10000') / t(tool + '-1000'):.1f} | x{c(tool + '-10000') / c(tool + '-1000'):.1f} | x{m(tool + '-10000') / m(tool + '-1000'):.2f} |")
    rss = m("mi-lint-10000")
    growth = t("mi-lint-10000") / t("mi-lint-1000")
    print(f"\nmi-lint at 10,000 files: time x{growth:.1f} for x10 files (linear: about x10), "
          f"peak RSS {rss:.0f} MB (target under 150 MB, flat: {verdict(rss < 150 and m('mi-lint-10000') <= 1.5 * m('mi-lint-1000'))}).")
print(f"\nFindings on 1,000 files: mi-lint {mi_findings}; conftest {ct_failures} (five core rules).")
EOF
