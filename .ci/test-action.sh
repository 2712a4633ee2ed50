#!/usr/bin/env bash
# Tests the GitHub Action's shell steps (.github/actions/mi-lint/run.sh)
# locally: it runs them as action.yml does, with the inputs in the
# environment, against a mi-lint built from this tree.
#
# Usage: .ci/test-action.sh [--snapshot]
#
# `go` is replaced on PATH by a stub that records how it was called and,
# for `go install`, puts the locally built mi-lint where GOBIN says: the
# test checks which version the action installs without the network, and
# runs the real mi-lint. Release downloads come from a local HTTP server
# (python3 -m http.server on 127.0.0.1) serving release v9.8.7: by default
# this runner's archive and checksums.txt built here with go build, in the
# layout .goreleaser.yaml gives them; with --snapshot the dist/ of a real
# `goreleaser release --snapshot --clean` (goreleaser from .ci/.cache/bin;
# slower: every platform is built). Exits 0 when every case passes, 1
# otherwise.
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

snapshot=false
case ${1:-} in
"") ;;
--snapshot) snapshot=true ;;
*)
	echo "test-action: unknown argument $1 (use --snapshot or nothing)" >&2
	exit 2
	;;
esac

work=$(mktemp -d)
server_pid=
cleanup() {
	[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
(cd "$root" && go build -o "$work/real/mi-lint" ./cmd/mi-lint)

# The releases the action downloads from: $work/releases/TAG/FILE.
# v9.8.7 is a good release for this runner; v9.8.8 the same with its
# archive tampered with; other tags have no release (404).
release_tag=v9.8.7
releases=$work/releases
platform=$(go env GOOS)_$(go env GOARCH)
archive=mi-lint_$platform.tar.gz
mkdir -p "$releases/$release_tag"
if $snapshot; then
	goreleaser=$root/.ci/.cache/bin/goreleaser
	[ -x "$goreleaser" ] || {
		echo "test-action: --snapshot needs $goreleaser (.ci/run installs it)" >&2
		exit 2
	}
	(cd "$root" && "$goreleaser" release --snapshot --clean >"$work/goreleaser.log" 2>&1) || {
		cat "$work/goreleaser.log" >&2
		echo "test-action: goreleaser release --snapshot failed" >&2
		exit 2
	}
	cp "$root/dist/checksums.txt" "$root/dist/"*.tar.gz "$root/dist/"*.zip "$releases/$release_tag/"
	release_version=v$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$root/dist/metadata.json")
else
	# What .goreleaser.yaml makes for this runner: the binary, stamped with
	# the version, and README.md at the top of the archive. Built with the
	# flags of the build above but the version, so only linking is new
	# (the release's -trimpath and CGO_ENABLED=0 would compile everything
	# again).
	release_version=$release_tag
	mkdir -p "$work/archive"
	(cd "$root" && go build -ldflags "-X github.com/mi-lint/mi-lint/internal/cli.version=$release_version" \
		-o "$work/archive/mi-lint" ./cmd/mi-lint)
	cp "$root/README.md" "$work/archive/"
	tar -czf "$releases/$release_tag/$archive" -C "$work/archive" mi-lint README.md
	(cd "$releases/$release_tag" && sha256sum "$archive" >checksums.txt)
fi
[ -f "$releases/$release_tag/$archive" ] || {
	echo "test-action: the release has no $archive" >&2
	exit 2
}
cp -r "$releases/$release_tag" "$releases/v9.8.8"
printf 'tampered' >>"$releases/v9.8.8/$archive"

# python3 -m http.server on a free port it picks itself: its first line
# names the port.
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$releases" >"$work/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 100); do
	port=$(sed -n 's/^Serving HTTP on [0-9.]* port \([0-9]*\).*/\1/p' "$work/server.log")
	[ -z "$port" ] || break
	sleep 0.1
done
[ -n "$port" ] || {
	cat "$work/server.log" >&2
	echo "test-action: the release server did not start" >&2
	exit 2
}
export MI_LINT_RELEASES_URL=http://127.0.0.1:$port

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
        maxVCpuCount: 1
functions:
  api:
    handler: src/api.handler
    capacityProvider: general
'
good_yaml=${bad_yaml/maxVCpuCount: 1/maxVCpuCount: 16}

# sarif_field FILE EXPR: prints a Python expression over the parsed log.
sarif_field() { python3 -c 'import json,sys; log=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# 1. Defaults, as the action passes them, with the action's ref: a tag
# without a release is built from source.
case_defaults() {
	check defaults "exit code 1 passes through (got $code)" test "$code" -eq 1
	check defaults "tries the release first" grep -q "^mi-lint action: no release archive $archive for v1.2.3: building from source" <<<"$log"
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
	check paths "a/ linted" grep -q '^a/serverless.yml:13:9: error: maxVCpuCount is 1' "$ws/reports/mi-lint.txt"
	check paths "b/ linted" grep -q '^b/serverless.yml:13:9: error: maxVCpuCount is 1' "$ws/reports/mi-lint.txt"
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

# 14. A version tag with a release: its archive is downloaded, checked and
# run; Go is not used.
case_release() {
	check release "exit code 1 (got $code)" test "$code" -eq 1
	check release "checksum checked" grep -q "^mi-lint action: SHA-256 of $archive matches checksums.txt" <<<"$log"
	check release "the release's binary ran" grep -qx "mi-lint action: mi-lint $release_version" <<<"$log"
	check release "no go install" bash -c "! grep -q '^go install' '$STUB_LOG'"
	check release "the SARIF has the finding" test "$(sarif_field "$ws/mi-lint.sarif" 'log["runs"][0]["results"][0]["ruleId"]')" = MI003
}
clear_inputs
new_workspace release
printf '%s' "$bad_yaml" >"$ws/serverless.yml"
export INPUT_VERSION=$release_tag INPUT_OUTPUT=auto
run_step
finish_case "release tag: archive downloaded, checksum verified, binary run" case_release

# 15. A tampered archive: refused, nothing installed or run, no fallback.
case_tampered() {
	check tampered "exit code 2 (got $code)" test "$code" -eq 2
	check tampered "error annotation" grep -q "^::error title=mi-lint action::$archive of v9.8.8 has SHA-256 [0-9a-f]\{64\}, but the release's checksums.txt says [0-9a-f]\{64\}: refusing to install it" <<<"$log"
	check tampered "nothing installed" test ! -e "$ws/runner-temp/mi-lint-action/bin/mi-lint"
	check tampered "no go install" bash -c "! grep -q '^go install' '$STUB_LOG'"
	check tampered "no report" test ! -e "$ws/mi-lint.sarif"
}
new_workspace tampered
printf '%s' "$bad_yaml" >"$ws/serverless.yml"
export INPUT_VERSION=v9.8.8
run_step
finish_case "tampered release archive: refused with exit code 2" case_tampered

# 16. Glob patterns in paths: expanded by the action (** with globstar).
case_glob() {
	check glob "exit code 1 (got $code)" test "$code" -eq 1
	check glob "services/api linted" grep -q '^services/api/serverless.yml:13:9: error: maxVCpuCount is 1' "$ws/mi-lint.txt"
	check glob "services/jobs linted" grep -q '^services/jobs/serverless.yml:13:9: error: maxVCpuCount is 1' "$ws/mi-lint.txt"
	check glob "deep/a/b linted" grep -q '^deep/a/b/serverless.yml:13:9: error: maxVCpuCount is 1' "$ws/mi-lint.txt"
	check glob "other/ not linted" bash -c "! grep -q '^other/' '$ws/mi-lint.txt'"
	check glob "no mi-lint.sarif" test ! -e "$ws/mi-lint.sarif"
}
new_workspace glob
for d in services/api services/jobs deep/a/b other; do
	mkdir -p "$ws/$d"
	printf '%s' "$bad_yaml" >"$ws/$d/serverless.yml"
done
export INPUT_VERSION=$release_tag INPUT_PATHS=$'services/*/serverless.yml\ndeep/**/b/serverless.yml' INPUT_FORMAT=text INPUT_OUTPUT=auto
run_step
finish_case "glob paths expanded; format text writes mi-lint.txt by default" case_glob

case_glob_unmatched() {
	check glob-unmatched "exit code 2 (got $code)" test "$code" -eq 2
	check glob-unmatched "names the pattern" grep -q "^::error title=mi-lint action::paths: nope/\*/serverless.yml matched no file or directory" <<<"$log"
	check glob-unmatched "mi-lint not run" bash -c "! grep -q '^mi-lint action: mi-lint --format' <<<\"\$0\"" "$log"
}
new_workspace glob-unmatched
mkdir -p "$ws/services/api"
printf '%s' "$bad_yaml" >"$ws/services/api/serverless.yml"
export INPUT_PATHS='services/*/serverless.yml nope/*/serverless.yml'
run_step
finish_case "a glob that matches nothing fails the step, naming it" case_glob_unmatched

# 17. format json, default output: mi-lint.json.
case_json_default() {
	check json-default "exit code 1 (got $code)" test "$code" -eq 1
	check json-default "mi-lint.json has the finding" test "$(sarif_field "$ws/mi-lint.json" 'log["findings"][0]["rule"]["id"]')" = MI003
	check json-default "output names mi-lint.json" test "$(output_of output)" = "$ws/mi-lint.json"
	check json-default "no mi-lint.sarif" test ! -e "$ws/mi-lint.sarif"
}
new_workspace json-default
printf '%s' "$bad_yaml" >"$ws/serverless.yml"
export INPUT_PATHS=. INPUT_FORMAT=json INPUT_OUTPUT=auto
run_step
finish_case "format json writes mi-lint.json by default" case_json_default

# 18. mi-lint's own errors reach the log.
case_stderr() {
	check stderr "exit code 2 (got $code)" test "$code" -eq 2
	check stderr "mi-lint's error in the log" grep -q 'bogus' <<<"$log"
	check stderr "points at the errors" grep -q 'mi-lint could not lint everything (exit code 2): its errors are above and in' <<<"$log"
}
new_workspace stderr
printf '%s' "$bad_yaml" >"$ws/serverless.yml"
export INPUT_FORMAT=sarif INPUT_FAIL_LEVEL=bogus
run_step
finish_case "mi-lint's standard error is in the log" case_stderr
export INPUT_FAIL_LEVEL=

echo
if [ "$failed" -gt 0 ]; then
	printf 'test-action: %s\n' "${failures[@]}" >&2
fi
echo "test-action: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
