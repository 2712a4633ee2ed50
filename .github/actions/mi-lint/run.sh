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
# Installing: when the version (INPUT_VERSION, else ACTION_REF) is a
# version tag such as v1.2.0, the release archive for this runner is
# downloaded from the GitHub release of that tag and checked against the
# release's checksums.txt; a checksum that does not match stops the step.
# A commit, a branch, or a tag without a release (or an archive for this
# runner) is built with `go install`.
#
# Environment (action.yml maps the inputs to it):
#   INPUT_PATHS           files, directories or glob patterns (bash globstar:
#                         ** is any number of directories), separated by
#                         spaces or newlines (default "."); a pattern that
#                         matches nothing stops the step
#   INPUT_FORMAT          output format (default sarif)
#   INPUT_OUTPUT          report file; "auto" (the default) names it after
#                         the format (mi-lint.sarif, mi-lint.txt,
#                         mi-lint.json, ...; github annotations go to the
#                         log); empty writes to the log
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
#   RUNNER_OS, RUNNER_ARCH  the runner (Linux, macOS, Windows; X64, ARM64);
#                         uname's answer when unset
#   MI_LINT_RELEASES_URL  where release archives are downloaded from,
#                         $MI_LINT_RELEASES_URL/TAG/FILE (default
#                         https://github.com/mi-lint/mi-lint/releases/download)
#   GITHUB_OUTPUT         file the step's outputs go to (optional)
#
# Outputs: output (the report file, absolute), exit-code (mi-lint's).
set -euo pipefail

module_path=mi-lint/mi-lint
module=github.com/$module_path

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

bindir=${RUNNER_TEMP:-$(mktemp -d)}/mi-lint-action/bin
mkdir -p "$bindir"
version=${INPUT_VERSION:-${ACTION_REF:-}}
releases_url=${MI_LINT_RELEASES_URL:-https://github.com/$module_path/releases/download}
releases_url=${releases_url%/}

# runner_platform prints the release archive's OS and architecture names
# for this runner (GoReleaser's GOOS_GOARCH), or fails for one that has
# no archive.
runner_platform() {
	local os=${RUNNER_OS:-$(uname -s)} arch=${RUNNER_ARCH:-$(uname -m)}
	case $os in
	Linux | linux) os=linux ;;
	macOS | Darwin) os=darwin ;;
	Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
	*) return 1 ;;
	esac
	case $arch in
	X64 | x86_64 | amd64) arch=amd64 ;;
	ARM64 | aarch64 | arm64) arch=arm64 ;;
	*) return 1 ;;
	esac
	printf '%s_%s\n' "$os" "$arch"
}

sha256_of() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum -- "$1" | cut -d' ' -f1
	else
		shasum -a 256 -- "$1" | cut -d' ' -f1
	fi
}

# download URL FILE: fetches URL into FILE; fails when the server has no
# such file (curl says why).
download() {
	curl --fail --silent --show-error --location --retry 3 --proto '=https,http' -o "$2" -- "$1"
}

# install_release TAG: installs mi-lint from the release archive of TAG
# for this runner. Returns 1 when there is no such archive (the caller
# builds from source instead); a checksum that does not match stops the
# step, since the archive is not the one released.
install_release() {
	local tag=$1 platform archive ext dl want got
	command -v curl >/dev/null 2>&1 || { say "curl is not on PATH: building from source"; return 1; }
	platform=$(runner_platform) || { say "no release archive for $(uname -s) $(uname -m): building from source"; return 1; }
	ext=tar.gz
	[ "${platform%_*}" != windows ] || ext=zip
	archive=mi-lint_$platform.$ext
	dl=$(mktemp -d)
	say "downloading $releases_url/$tag/$archive"
	if ! download "$releases_url/$tag/checksums.txt" "$dl/checksums.txt" ||
		! download "$releases_url/$tag/$archive" "$dl/$archive"; then
		say "no release archive $archive for $tag: building from source"
		rm -rf "$dl"
		return 1
	fi
	want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$dl/checksums.txt")
	[ -n "$want" ] || die "checksums.txt of $tag has no entry for $archive: refusing to install it"
	got=$(sha256_of "$dl/$archive")
	[ "$got" = "$want" ] || die "$archive of $tag has SHA-256 $got, but the release's checksums.txt says $want: refusing to install it (a corrupted or tampered download)"
	say "SHA-256 of $archive matches checksums.txt"
	# On Windows the binary is mi-lint.exe, which bash runs as mi-lint.
	case $ext in
	zip) unzip -q -o "$dl/$archive" mi-lint.exe -d "$bindir" || die "could not unpack $archive" ;;
	*) tar -xzf "$dl/$archive" -C "$bindir" mi-lint || die "could not unpack $archive" ;;
	esac
	rm -rf "$dl"
}

go_install() { # go_install ARGS...: go install into $bindir
	command -v go >/dev/null 2>&1 || die "go is not on PATH"
	GOBIN=$bindir go install "$@"
}

if [[ "$version" =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] && install_release "$version"; then
	:
elif [ -n "$version" ]; then
	say "installing $module/cmd/mi-lint@$version"
	go_install "$module/cmd/mi-lint@$version" || die "go install $module/cmd/mi-lint@$version failed"
else
	if [ -z "${ACTION_PATH:-}" ] || [ ! -f "$ACTION_PATH/go.mod" ]; then
		die "no version to install: set the version input (the action's ref is unknown and ACTION_PATH has no go.mod)"
	fi
	say "installing mi-lint from $ACTION_PATH"
	(cd "$ACTION_PATH" && go_install ./cmd/mi-lint) || die "go install ./cmd/mi-lint in $ACTION_PATH failed"
fi
milint=$bindir/mi-lint
[ -x "$milint" ] || die "the install left no $milint"
say "$("$milint" --version)"

# The command line.
format=${INPUT_FORMAT:-sarif}
output=${INPUT_OUTPUT-auto}
if [ "$output" = auto ]; then
	case $format in
	text) output=mi-lint.txt ;;
	github) output= ;; # annotations work only in the log
	checkstyle | junit) output=mi-lint.$format.xml ;;
	*) output=mi-lint.$format ;;
	esac
fi
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
# Paths split on whitespace; a word with a wildcard is a glob pattern,
# expanded here (globstar: ** is any number of directories) since mi-lint
# takes paths, not patterns. A pattern that matches nothing is a mistake
# in the workflow, reported rather than linting nothing.
set -f
# shellcheck disable=SC2206 # splitting is intended
words=(${INPUT_PATHS:-.})
set +f
# (bash 3.2, macOS's /bin/bash, has no globstar: there ** is *.)
shopt -s nullglob
shopt -s globstar 2>/dev/null || true
paths=() unmatched=()
for word in "${words[@]}"; do
	if [[ "$word" == *[*?[]* ]]; then
		# shellcheck disable=SC2206 # the pattern is expanded on purpose
		matches=($word)
		if [ ${#matches[@]} -eq 0 ]; then
			unmatched+=("$word")
		else
			paths+=("${matches[@]}")
		fi
	else
		paths+=("$word")
	fi
done
shopt -u nullglob
shopt -u globstar 2>/dev/null || true
if [ ${#unmatched[@]} -gt 0 ]; then
	die "paths: ${unmatched[*]} matched no file or directory (in $PWD)"
fi
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
*) say "mi-lint could not lint everything (exit code $code): its errors are above${output:+ and in $output}" ;;
esac
exit "$code"
