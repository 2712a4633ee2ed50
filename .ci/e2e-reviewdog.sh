#!/usr/bin/env bash
# End-to-end test of mi-lint's reviewdog formats with the real reviewdog:
# mi-lint's rdjsonl (and rdjson) output is piped into
#   reviewdog -f=rdjsonl -reporter=local -filter-mode=nofilter -fail-level=any
# which must exit 1 and print every finding and load error exactly as
# mi-lint's text output prints it (the local reporter prints each
# diagnostic's original_output), nothing more; on a clean input it must
# print nothing and exit 0. Findings with a fix carry suggestions, which
# reviewdog must read (it rejects a diagnostic it cannot parse).
#
# Usage: .ci/e2e-reviewdog.sh [CACHE_DIR]    (default .ci/.cache)
#
# Installs reviewdog v0.21.0 with `go install` into CACHE_DIR once (v0.21.0
# is the newest release whose dependencies the module proxy serves here).
# Exits 0 when every check passes, 1 with a message naming the check that
# failed, 2 when the check could not run.
set -euo pipefail

version=v0.21.0
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# A cache directory given on the command line is relative to the caller.
cache=${1:-$root/.ci/.cache}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
cd "$root"

fail() {
	echo "e2e-reviewdog: FAIL: $*" >&2
	exit 1
}
broken() {
	echo "e2e-reviewdog: cannot run: $*" >&2
	exit 2
}
step() { printf '\n== e2e-reviewdog: %s\n' "$*"; }

command -v go >/dev/null || broken "go is not installed"

# reviewdog built by `go install` reports its version as "master"; the
# module version recorded in the binary says which release it is.
bindir=$cache/reviewdog-$version/bin
reviewdog=$bindir/reviewdog
if ! go version -m "$reviewdog" 2>/dev/null | grep -Eq "^[[:space:]]+mod[[:space:]]+github.com/reviewdog/reviewdog[[:space:]]+${version}[[:space:]]"; then
	step "installing reviewdog $version"
	mkdir -p "$bindir"
	GOBIN=$bindir go install "github.com/reviewdog/reviewdog/cmd/reviewdog@$version" ||
		broken "go install github.com/reviewdog/reviewdog/cmd/reviewdog@$version failed"
fi
echo "using $reviewdog ($version)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/mi-lint" ./cmd/mi-lint || broken "go build ./cmd/mi-lint failed"
milint=$work/mi-lint

# The inputs: services with findings (some with related locations), a
# clean service and a file that does not parse.
inputs=(testdata/golden/input examples)

# Every line text output prints for a finding, a notice or an unreadable
# file (not the indented related locations, not the summary), sorted,
# without the [fixable] marks (original_output has none).
set +e
"$milint" -f text --no-color "${inputs[@]}" >"$work/text.out"
text_rc=$?
set -e
[ "$text_rc" -eq 2 ] || fail "mi-lint -f text exited $text_rc, want 2 (a file does not parse)"
grep -E '^[^ ].*: (error|warning|note|notice): ' "$work/text.out" | sed -E 's/ \[(fixable|unsafe fix)\]$//' | LC_ALL=C sort >"$work/want" || true
want_n=$(wc -l <"$work/want")
[ "$want_n" -ge 5 ] || fail "mi-lint's text output has only $want_n problem lines; the inputs must produce several"

checked=0
for format in rdjsonl rdjson; do
	step "mi-lint -f $format | reviewdog -f=$format -reporter=local -filter-mode=nofilter -fail-level=any"
	set +e
	"$milint" -f "$format" "${inputs[@]}" >"$work/$format"
	lint_rc=$?
	set -e
	[ "$lint_rc" -eq 2 ] || fail "mi-lint -f $format exited $lint_rc, want 2"
	grep -q '"suggestions"' "$work/$format" || fail "mi-lint -f $format wrote no suggestions; the inputs have findings with fixes"

	set +e
	"$reviewdog" -f="$format" -reporter=local -filter-mode=nofilter -fail-level=any \
		<"$work/$format" >"$work/rd.out" 2>"$work/rd.err"
	rd_rc=$?
	set -e
	sed 's/^/  | /' "$work/rd.out"
	sed 's/^/  ! /' "$work/rd.err"
	[ "$rd_rc" -eq 1 ] || fail "reviewdog -f=$format exited $rd_rc, want 1 (it found issues)"
	if grep -q 'failed to unmarshal\|parse error' "$work/rd.err"; then
		fail "reviewdog could not read mi-lint's $format"
	fi

	LC_ALL=C sort "$work/rd.out" >"$work/got"
	if ! diff -u "$work/want" "$work/got" >"$work/diff"; then
		cat "$work/diff" >&2
		fail "reviewdog's output (+) differs from mi-lint's text problem lines (-) for -f=$format"
	fi
	echo "reviewdog printed all $want_n findings and load errors, with file, line, column and message"
	checked=$((checked + 1))
done

step "a clean input: reviewdog prints nothing and exits 0"
clean=testdata/golden/input/inventory
"$milint" -f rdjsonl "$clean" >"$work/clean" || fail "mi-lint found problems in $clean"
[ ! -s "$work/clean" ] || fail "mi-lint -f rdjsonl wrote diagnostics for the clean $clean"
set +e
"$reviewdog" -f=rdjsonl -reporter=local -filter-mode=nofilter -fail-level=any <"$work/clean" >"$work/rd.out" 2>&1
rd_rc=$?
set -e
[ "$rd_rc" -eq 0 ] || fail "reviewdog exited $rd_rc on no diagnostics, want 0"
[ ! -s "$work/rd.out" ] || fail "reviewdog printed something for no diagnostics: $(cat "$work/rd.out")"
checked=$((checked + 1))

echo
echo "e2e-reviewdog: $checked passed, 0 failed"
