#!/usr/bin/env bash
# Tests the GitHub Action's shell steps (.github/actions/mi-lint/run.sh)
# locally: it runs them as action.yml does, with the inputs in the
# environment, against a mi-lint built from this tree.
#
# Usage: .ci/test-action.sh
#
# `go` is replaced on PATH by a stub that records how it was called and,
# for `go install`, puts the locally built mi-lint where GOBIN says: the
# test checks which version the action installs without the network, and
# runs the real mi-lint. Exits 0 when every case passes, 1 otherwise.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
script=$root/.github/actions/mi-lint/run.sh
[ -f "$script" ] || {
	echo "test-action: no $script" >&2
	exit 2
}
command -v go >/dev/null || {
	echo "test-action: go is not installed" >&2
	exit 2
}
command -v python3 >/dev/null || {
	echo "test-action: python3 is not installed" >&2
	exit 2
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/real/mi-lint" ./cmd/mi-lint)

# The stub go.
mkdir -p "$work/stub"
cat >"$work/stub/go" <<'EOF'
#!/usr/bin/env bash
set -eu
echo "go $* | GOBIN=${GOBIN:-} | PWD=$PWD" >>"$STUB_LOG"
case "${1:-}" in
env)
	[ "${2:-}" = GOVERSION ] && echo "$STUB_GO_VERSION" && exit 0
	exit 1 ;;
install)
	[ -n "${STUB_INSTALL_FAILS:-}" ] && { echo "stub: install failed" >&2; exit 1; }
	mkdir -p "$GOBIN"
	cp "$REAL_MI_LINT" "$GOBIN/mi-lint" ;;
*) echo "stub go: unexpected: $*" >&2; exit 1 ;;
esac
EOF
chmod +x "$work/stub/go"
export STUB_LOG=$work/go.log REAL_MI_LINT=$work/real/mi-lint STUB_GO_VERSION=go1.26.8

supports() { "$REAL_MI_LINT" --help 2>&1 | grep -q -- "$1"; }

passed=0 failed=0
failures=()
check() { # check NAME CONDITION-DESCRIPTION COMMAND...
	local name=$1 what=$2
	shift 2
	if "$@"; then
		return 0
	fi
	failures+=("$name: $what")
	return 1
}

# run_case NAME: runs run.sh in a fresh workspace $ws with the INPUT_*
# variables the caller exported, recording $code, $log, $outputs.
new_workspace() {
	ws=$work/ws-$1
	mkdir -p "$ws"
	: >"$STUB_LOG"
}
run_step() {
	outputs=$ws/github-output
	: >"$outputs"
	set +e
	log=$(cd "$ws" && env PATH="$work/stub:$PATH" GITHUB_OUTPUT="$outputs" RUNNER_TEMP="$ws/runner-temp" \
		ACTION_PATH="${ACTION_PATH-$root}" bash "$script" "$@" 2>&1)
	code=$?
	set -e
}
output_of() { sed -n "s/^$1=//p" "$outputs"; }
finish_case() {
	local name=$1 before=${#failures[@]}
	shift
	"$@" || true
	if [ ${#failures[@]} -eq "$before" ]; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		printf '%s\n' "$log" | sed 's/^/     | /'
		printf '     go calls: %s\n' "$(tr '\n' ';' <"$STUB_LOG")"
	fi
}
clear_inputs() {
	unset INPUT_PATHS INPUT_FORMAT INPUT_OUTPUT INPUT_FAIL_LEVEL INPUT_CONFIG INPUT_SARIF_CATEGORY INPUT_BASE INPUT_NEW_ONLY INPUT_VERSION ACTION_REF ACTION_PATH
}

bad_yaml='service: checkout
provider:
  name: aws
  runtime: nodejs22.x
  region: eu-west-1
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    general:
      scaling:
        maxVCpuCount: 8
functions:
  api:
    handler: src/api.handler
    capacityProvider: general
'
good_yaml=${bad_yaml/maxVCpuCount: 8/maxVCpuCount: 16}

# sarif_field FILE EXPR: prints a Python expression over the parsed log.
sarif_field() { python3 -c 'import json,sys; log=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# 1. Defaults, as the action passes them, with the action's ref.
case_defaults() {
	check defaults "exit code 1 passes through (got $code)" test "$code" -eq 1
	check defaults "installs the action's ref" grep -q "^go install github.com/mi-lint/mi-lint/cmd/mi-lint@v1.2.3 | GOBIN=$ws/runner-temp/mi-lint-action/bin " "$STUB_LOG"
	check defaults "mi-lint.sarif exists" test -s "$ws/mi-lint.sarif"
	check defaults "the SARIF has the finding" test "$(sarif_field "$ws/mi-lint.sarif" 'log["runs"][0]["results"][0]["ruleId"]')" = MI003
	check defaults "output names the SARIF file" test "$(output_of output)" = "$ws/mi-lint.sarif"
	check defaults "exit-code output is 1" test "$(output_of exit-code)" = 1
}
clear_inputs
new_workspace defaults
printf '%s' "$bad_yaml" >"$ws/serverless.yml"
export INPUT_PATHS=. INPUT_FORMAT=sarif INPUT_OUTPUT=mi-lint.sarif INPUT_FAIL_LEVEL='' INPUT_CONFIG='' INPUT_SARIF_CATEGORY='' INPUT_VERSION='' ACTION_REF=v1.2.3
run_step
finish_case "defaults: SARIF written, exit code 1 passed through, action ref installed" case_defaults

# 2. The version input wins over the action's ref.
case_version() {
	check version "installs the version input" grep -q "^go install github.com/mi-lint/mi-lint/cmd/mi-lint@v9.9.9 " "$STUB_LOG"
	check version "does not install the ref" bash -c "! grep -q '@v1.2.3' '$STUB_LOG'"
}
new_workspace version
printf '%s' "$good_yaml" >"$ws/serverless.yml"
export INPUT_VERSION=v9.9.9
run_step
finish_case "version input overrides the action's ref" case_version

# 3. No version and no ref: build the action's own checkout.
case_source() {
	check source "exit code 0 (got $code)" test "$code" -eq 0
	check source "installs ./cmd/mi-lint in the action's checkout" grep -q "^go install ./cmd/mi-lint | GOBIN=.* | PWD=$root$" "$STUB_LOG"
}
new_workspace source
printf '%s' "$good_yaml" >"$ws/serverless.yml"
export INPUT_VERSION='' ACTION_REF=''
run_step
finish_case "no version, no ref: builds the action's checkout" case_source

# 4. A clean run still writes SARIF, with an empty result list.
case_clean() {
	check clean "exit code 0 (got $code)" test "$code" -eq 0
	check clean "SARIF with no results" test "$(sarif_field "$ws/mi-lint.sarif" 'len(log["runs"][0]["results"])')" = 0
	check clean "exit-code output is 0" test "$(output_of exit-code)" = 0
}
new_workspace clean
printf '%s' "$good_yaml" >"$ws/serverless.yml"
export ACTION_REF=v1.2.3 INPUT_VERSION=
run_step
finish_case "clean run: empty SARIF results, exit code 0" case_clean

# 5. fail-level none: findings, exit code 0.
case_fail_level() {
	check fail-level "exit code 0 (got $code)" test "$code" -eq 0
	check fail-level "passes --fail-level none" grep -q -- "--fail-level none" <<<"$log"
	check fail-level "the SARIF still has the finding" test "$(sarif_field "$ws/mi-lint.sarif" 'len(log["runs"][0]["results"])')" = 1
}
new_workspace fail-level
printf '%s' "$bad_yaml" >"$ws/serverless.yml"
export INPUT_FAIL_LEVEL=none
run_step
finish_case "fail-level none: exit code 0 with findings" case_fail_level
export INPUT_FAIL_LEVEL=

# 6. A file that does not parse: exit code 2 passes through.
case_broken() {
	check broken "exit code 2 (got $code)" test "$code" -eq 2
	check broken "exit-code output is 2" test "$(output_of exit-code)" = 2
	check broken "SARIF written" test -s "$ws/mi-lint.sarif"
}
new_workspace broken
printf 'service: [oops\n' >"$ws/serverless.yml"
run_step
finish_case "unparsable file: exit code 2 passed through" case_broken

# 7. Several paths, one per line, with another format and output file.
case_paths() {
	check paths "exit code 1 (got $code)" test "$code" -eq 1
	check paths "report in reports/mi-lint.txt" test -s "$ws/reports/mi-lint.txt"
	check paths "a/ linted" grep -q '^a/serverless.yml:13:9: error: maxVCpuCount is 8' "$ws/reports/mi-lint.txt"
	check paths "b/ linted" grep -q '^b/serverless.yml:13:9: error: maxVCpuCount is 8' "$ws/reports/mi-lint.txt"
	check paths "c/ not linted" bash -c "! grep -q '^c/' '$ws/reports/mi-lint.txt'"
}
new_workspace paths
for d in a b c; do
	mkdir -p "$ws/$d"
	printf '%s' "$bad_yaml" >"$ws/$d/serverless.yml"
done
export INPUT_PATHS=$'a\n  b/serverless.yml  ' INPUT_FORMAT=text INPUT_OUTPUT=reports/mi-lint.txt
run_step
finish_case "paths on several lines, text format into a new directory" case_paths

# 8. Empty output: the report goes to the log.
case_log() {
	check log "exit code 1 (got $code)" test "$code" -eq 1
	check log "annotation in the log" grep -q '^::error file=serverless.yml,line=13,col=9,' <<<"$log"
	check log "no --output" bash -c "! grep -q -- '--output' <<<\"\$0\"" "$log"
	check log "output is empty" test -z "$(output_of output)"
}
new_workspace log
printf '%s' "$bad_yaml" >"$ws/serverless.yml"
export INPUT_PATHS=. INPUT_FORMAT=github INPUT_OUTPUT=
run_step
finish_case "empty output: github annotations in the log" case_log

# 9. The SARIF category, where mi-lint has --sarif-category.
case_category() {
	check category "passes --sarif-category" grep -q -- "--sarif-category services/api" <<<"$log"
	if supports --sarif-category; then
		check category "exit code 1 (got $code)" test "$code" -eq 1
		check category "automationDetails.id" test "$(sarif_field "$ws/mi-lint.sarif" 'log["runs"][0]["automationDetails"]["id"]')" = services/api/
	else
		echo "     (mi-lint has no --sarif-category yet: its effect is not checked)"
	fi
}
new_workspace category
printf '%s' "$bad_yaml" >"$ws/serverless.yml"
export INPUT_FORMAT=sarif INPUT_OUTPUT=mi-lint.sarif INPUT_SARIF_CATEGORY=services/api
run_step
finish_case "sarif-category is passed to mi-lint" case_category
export INPUT_SARIF_CATEGORY=

# 9b. Diff mode: base and new-only. The base commit already has the
# maxVCpuCount finding (MI003); the working tree adds a too-small memory
# size (MI107), the only finding reported.
case_base() {
	check base "passes --base HEAD --new-only" grep -q -- "--base HEAD --new-only" <<<"$log"
	check base "exit code 1 (got $code)" test "$code" -eq 1
	check base "only the new finding" test "$(sarif_field "$ws/mi-lint.sarif" '[r["ruleId"] for r in log["runs"][0]["results"]]')" = "['MI107']"
}
new_workspace base
printf '%s' "$bad_yaml" >"$ws/serverless.yml"
git -C "$ws" init -q
git -C "$ws" -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m empty
git -C "$ws" add serverless.yml
git -C "$ws" -c user.name=t -c user.email=t@example.com commit -q -m base
printf '%s    memorySize: 1024\n' "$bad_yaml" >"$ws/serverless.yml"
export INPUT_BASE=HEAD INPUT_NEW_ONLY=true
run_step
finish_case "base and new-only: only findings the base does not have" case_base

case_new_only_alone() {
	check new-only "exit code 2 (got $code)" test "$code" -eq 2
	check new-only "error annotation" grep -q '^::error title=mi-lint action::new-only needs the base input' <<<"$log"
}
new_workspace new-only
printf '%s' "$bad_yaml" >"$ws/serverless.yml"
export INPUT_BASE='' INPUT_NEW_ONLY=true
run_step
finish_case "new-only without base fails the step" case_new_only_alone
export INPUT_NEW_ONLY=false

# 10. A failing install stops the step with exit code 2 and an annotation.
case_install_fails() {
	check install-fails "exit code 2 (got $code)" test "$code" -eq 2
	check install-fails "error annotation" grep -q '^::error title=mi-lint action::go install' <<<"$log"
}
new_workspace install-fails
printf '%s' "$good_yaml" >"$ws/serverless.yml"
export STUB_INSTALL_FAILS=1
run_step
unset STUB_INSTALL_FAILS
finish_case "a failed install fails the step" case_install_fails

# 11-13. check-go: setup-go only when Go is missing or too old to fetch
# the toolchain mi-lint needs.
case_go_new() {
	check go-new "exit 0" test "$code" -eq 0
	check go-new "setup-go=false" test "$(output_of setup-go)" = false
}
new_workspace go-new
export STUB_GO_VERSION=go1.22.1
run_step check-go
finish_case "check-go: Go 1.22 on PATH is used" case_go_new

case_go_old() { check go-old "setup-go=true" test "$(output_of setup-go)" = true; }
new_workspace go-old
export STUB_GO_VERSION=go1.20.14
run_step check-go
finish_case "check-go: Go 1.20 is replaced" case_go_old
export STUB_GO_VERSION=go1.26.8

case_go_missing() { check go-missing "setup-go=true" test "$(output_of setup-go)" = true; }
new_workspace go-missing
outputs=$ws/github-output
: >"$outputs"
mkdir -p "$work/nogo"
for tool in bash env sed dirname mkdir cat; do
	p=$(command -v "$tool") && ln -sf "$p" "$work/nogo/$tool"
done
set +e
log=$(cd "$ws" && env PATH="$work/nogo" GITHUB_OUTPUT="$outputs" "$work/nogo/bash" "$script" check-go 2>&1)
code=$?
set -e
finish_case "check-go: no Go on PATH" case_go_missing

echo
if [ "$failed" -gt 0 ]; then
	printf 'test-action: %s\n' "${failures[@]}" >&2
fi
echo "test-action: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
