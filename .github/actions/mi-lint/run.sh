#!/usr/bin/env bash
# The shell steps of the mi-lint GitHub Action (action.yml at the
# repository root). Plain bash, so that .ci/test-action.sh runs them
# locally.
#
#   run.sh check-go   write setup-go=true to $GITHUB_OUTPUT when no Go 1.21
#                     or later is on PATH (older ones cannot fetch the Go
#                     release mi-lint needs), else setup-go=false
#   run.sh            install mi-lint and run it with the action's inputs;
#                     exits with mi-lint's exit code
#
# Environment (action.yml maps the inputs to it):
#   INPUT_PATHS           files or directories, separated by spaces or
#                         newlines (default ".")
#   INPUT_FORMAT          output format (default sarif)
#   INPUT_OUTPUT          report file (default mi-lint.sarif); empty writes
#                         to the log
#   INPUT_FAIL_LEVEL      --fail-level, when set
#   INPUT_CONFIG          --config, when set
#   INPUT_SARIF_CATEGORY  --sarif-category, when set and the format is sarif
#   INPUT_BASE            --base, when set
#   INPUT_NEW_ONLY        true adds --new-only (with INPUT_BASE only)
#   INPUT_VERSION         the version to install: a tag, a commit or a branch
#   ACTION_REF            the action's own ref (github.action_ref), the
#                         version when INPUT_VERSION is empty
#   ACTION_PATH           the action's checkout (github.action_path): built
#                         when neither version is known
#   RUNNER_TEMP           where mi-lint is installed (default a temporary
#                         directory)
#   GITHUB_OUTPUT         file the step's outputs go to (optional)
#
# Outputs: output (the report file, absolute), exit-code (mi-lint's).
set -euo pipefail

module=github.com/mi-lint/mi-lint

say() { printf 'mi-lint action: %s\n' "$*"; }
die() {
	printf '::error title=mi-lint action::%s\n' "$*"
	exit 2
}

set_output() {
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
	fi
}

# go_usable reports whether `go` on PATH is Go 1.21 or later, which
# downloads the toolchain a module asks for by itself.
go_usable() {
	command -v go >/dev/null 2>&1 || return 1
	local v
	v=$(go env GOVERSION 2>/dev/null) || return 1
	v=${v#go}
	local major=${v%%.*} rest=${v#*.}
	local minor=${rest%%[!0-9]*}
	[[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
	((major > 1 || (major == 1 && minor >= 21)))
}

if [ "${1:-}" = check-go ]; then
	if go_usable; then
		say "using $(go env GOVERSION) from $(command -v go)"
		set_output setup-go false
	else
		say "no Go 1.21 or later on PATH: installing Go"
		set_output setup-go true
	fi
	exit 0
fi
[ $# -eq 0 ] || die "unknown arguments: $*"

command -v go >/dev/null 2>&1 || die "go is not on PATH"

# Install.
bindir=${RUNNER_TEMP:-$(mktemp -d)}/mi-lint-action/bin
mkdir -p "$bindir"
version=${INPUT_VERSION:-${ACTION_REF:-}}
if [ -n "$version" ]; then
	say "installing $module/cmd/mi-lint@$version"
	GOBIN=$bindir go install "$module/cmd/mi-lint@$version" || die "go install $module/cmd/mi-lint@$version failed"
else
	if [ -z "${ACTION_PATH:-}" ] || [ ! -f "$ACTION_PATH/go.mod" ]; then
		die "no version to install: set the version input (the action's ref is unknown and ACTION_PATH has no go.mod)"
	fi
	say "installing mi-lint from $ACTION_PATH"
	(cd "$ACTION_PATH" && GOBIN=$bindir go install ./cmd/mi-lint) || die "go install ./cmd/mi-lint in $ACTION_PATH failed"
fi
milint=$bindir/mi-lint
[ -x "$milint" ] || die "go install left no $milint"
say "$("$milint" --version)"

# The command line.
format=${INPUT_FORMAT:-sarif}
output=${INPUT_OUTPUT-mi-lint.sarif}
args=(--format "$format")
if [ -n "$output" ]; then
	output_dir=$(dirname -- "$output")
	mkdir -p -- "$output_dir"
	output="$(cd -- "$output_dir" && pwd)/$(basename -- "$output")"
	args+=(--output "$output")
fi
[ -z "${INPUT_FAIL_LEVEL:-}" ] || args+=(--fail-level "$INPUT_FAIL_LEVEL")
[ -z "${INPUT_CONFIG:-}" ] || args+=(--config "$INPUT_CONFIG")
if [ -n "${INPUT_SARIF_CATEGORY:-}" ] && [ "$format" = sarif ]; then
	args+=(--sarif-category "$INPUT_SARIF_CATEGORY")
fi
case ${INPUT_NEW_ONLY:-false} in
true | false) ;;
*) die "new-only is \"$INPUT_NEW_ONLY\"; use true or false" ;;
esac
if [ -n "${INPUT_BASE:-}" ]; then
	args+=(--base "$INPUT_BASE")
	[ "${INPUT_NEW_ONLY:-false}" != true ] || args+=(--new-only)
elif [ "${INPUT_NEW_ONLY:-false}" = true ]; then
	die "new-only needs the base input: the git revision to compare with"
fi
# Paths split on whitespace, never globbed: a wildcard is mi-lint's to
# expand (it walks directories itself).
set -f
# shellcheck disable=SC2206 # splitting is intended
paths=(${INPUT_PATHS:-.})
set +f
[ ${#paths[@]} -gt 0 ] || paths=(.)
args+=(--)
args+=("${paths[@]}")

say "mi-lint ${args[*]}"
set +e
"$milint" "${args[@]}"
code=$?
set -e
set_output output "$output"
set_output exit-code "$code"
case $code in
0) say "no problems at or above the fail level" ;;
1) say "problems found (exit code 1)" ;;
*) say "mi-lint could not lint everything (exit code $code)" ;;
esac
exit "$code"
