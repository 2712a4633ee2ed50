#!/usr/bin/env bash
# Validates mi-lint's SARIF with Microsoft's SARIF Multitool, whose "Gh"
# rules check what GitHub code scanning requires and whose "Sarif" rules
# check the SARIF 2.1.0 specification beyond its JSON schema.
#
# Usage: .ci/sarif-multitool.sh [CACHE_DIR]    (default .ci/.cache)
#
# Installs @microsoft/sarif-multitool (Linux x86-64 build, self-contained
# .NET: no runtime needed) into CACHE_DIR once, builds mi-lint, writes SARIF
# for examples/, testdata/rules and testdata/clean, and validates each log.
# Exits 1 if the Multitool reports any error-level result, 2 if the check
# could not run. Prints one summary line on success.
set -euo pipefail

version=5.7.0
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# A cache directory given on the command line is relative to the caller.
cache=${1:-$root/.ci/.cache}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
cd "$root"

fail() {
	echo "sarif-multitool: $*" >&2
	exit 2
}

if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
	fail "needs Linux x86-64 (the npm package's only Linux build); this is $(uname -s) $(uname -m)"
fi
command -v npm >/dev/null || fail "npm is not installed"
command -v python3 >/dev/null || fail "python3 is not installed"

# Install once. npm blocks install scripts here, and the package's only
# script is the chmod done below.
tooldir=$cache/sarif-multitool-$version
pkg=$tooldir/node_modules/@microsoft/sarif-multitool-linux
multitool=$pkg/Sarif.Multitool
if ! grep -qs "\"version\": \"$version\"" "$pkg/package.json" || [ ! -f "$multitool" ]; then
	rm -rf "$tooldir"
	mkdir -p "$tooldir"
	if ! out=$(npm install --prefix "$tooldir" --ignore-scripts --no-save --no-audit --no-fund \
		--loglevel=error "@microsoft/sarif-multitool@$version" 2>&1); then
		echo "$out" >&2
		fail "npm install @microsoft/sarif-multitool@$version failed"
	fi
	[ -f "$multitool" ] || fail "npm installed no $multitool"
fi
chmod u+x "$multitool"

# The Multitool is a single-file .NET bundle: it needs no .NET runtime, but
# it loads ICU unless told not to, and may extract files next to $HOME.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_BUNDLE_EXTRACT_BASE_DIR=$cache/dotnet-bundle
export DOTNET_CLI_TELEMETRY_OPTOUT=1

milint=$cache/mi-lint
go build -o "$milint" ./cmd/mi-lint || fail "go build failed"

out=$cache/sarif
rm -rf "$out"
mkdir -p "$out"

# lint NAME ARGS...: writes $out/NAME.sarif. Findings (exit 1) are
# expected; exit 2 means an input could not be read or parsed.
lint() {
	local name=$1
	shift
	local code=0
	"$milint" -f sarif -o "$out/$name.sarif" "$@" 2>"$out/$name.stderr" || code=$?
	if [ "$code" -gt 1 ]; then
		cat "$out/$name.stderr" >&2
		fail "mi-lint exited $code on $name (an input could not be read or parsed)"
	fi
}

names=()
if [ -d examples ]; then
	lint examples examples
	names+=(examples)
fi
shopt -s nullglob
rules=(testdata/rules/*/*.yml)
clean=(testdata/clean/*.yml)
shopt -u nullglob
if [ ${#rules[@]} -gt 0 ]; then
	lint rules "${rules[@]}"
	names+=(rules)
fi
if [ ${#clean[@]} -gt 0 ]; then
	lint clean "${clean[@]}"
	names+=(clean)
fi
[ ${#names[@]} -gt 0 ] || fail "nothing to lint"

# SARIF2006 fetches every URI in the log (helpUri, $schema): slow without
# network, and a page that does not exist yet is no defect of the log.
config=$out/multitool-config.xml
cat >"$config" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
XML

for name in "${names[@]}"; do
	if ! "$multitool" validate "$out/$name.sarif" --rule-kind "Gh;Sarif" -c "$config" \
		-o "$out/$name.validation.sarif" --log ForceOverwrite >"$out/$name.validation.log" 2>&1; then
		cat "$out/$name.validation.log" >&2
		fail "the Multitool failed on $name.sarif"
	fi
done

# Count the Multitool's findings per log; any error-level result or tool
# error fails the check. The console log has the readable lines.
python3 - "$out" "$version" "${names[@]}" <<'EOF'
import json, sys

out, version, names = sys.argv[1], sys.argv[2], sys.argv[3:]
errors = warnings = 0
shown = 10  # error lines printed per log
parts = []
for name in names:
    with open(f"{out}/{name}.sarif") as f:
        linted = len(json.load(f)["runs"][0]["results"])
    with open(f"{out}/{name}.validation.sarif") as f:
        run = json.load(f)["runs"][0]
    levels = [r.get("level", "warning") for r in run.get("results") or []]
    tool_errors = [
        n for inv in run.get("invocations") or []
        for kind in ("toolExecutionNotifications", "toolConfigurationNotifications")
        for n in inv.get(kind) or []
        if n.get("level", "warning") == "error"
    ]
    e = levels.count("error") + len(tool_errors)
    errors += e
    warnings += levels.count("warning")
    parts.append(f"{name}: {linted} results")
    if e:
        with open(f"{out}/{name}.validation.log") as f:
            lines = [l for l in f if ": error " in l or "exception" in l.lower()]
        sys.stderr.writelines(lines[:shown])
        if len(lines) > shown:
            sys.stderr.write(f"... and {len(lines) - shown} more in {out}/{name}.validation.log\n")
        for n in tool_errors:
            sys.stderr.write(f"{name}: tool error: {n.get('message', {}).get('text', '')}\n")

status = "FAILED" if errors else "ok"
print(f"sarif-multitool {version}: {status}, {errors} errors, {warnings} warnings "
      f"in {len(names)} logs ({', '.join(parts)}); details in {out}")
sys.exit(1 if errors else 0)
EOF
