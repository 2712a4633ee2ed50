#!/usr/bin/env bash
# End-to-end test of the pre-commit hook (.pre-commit-hooks.yaml) with the
# real pre-commit: it builds mi-lint the way pre-commit does for a user
# (language: golang runs `go install ./...` in a clone of this repository)
# and runs it on a scratch repository's serverless.yml.
#
# Usage: .ci/e2e-precommit.sh
#
# Installs the Debian package pre-commit when it is missing. The working
# tree, uncommitted and untracked files included, is copied to a temporary
# repository and committed there, since pre-commit clones the commit it is
# given: what is tested is the tree as it is, and this repository's own git
# state is never touched. Exits 0 when every check passes, 1 with a message
# naming the check that failed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

fail() {
	echo "e2e-precommit: FAIL: $*" >&2
	exit 1
}
step() { printf '\n== e2e-precommit: %s\n' "$*"; }

for tool in git go; do
	command -v "$tool" >/dev/null || fail "$tool is not installed"
done

if ! command -v pre-commit >/dev/null; then
	step "installing the Debian package pre-commit"
	sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || fail "pre-commit is missing and installing it needs root (or sudo)"
		sudo=(sudo)
	fi
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null ||
		fail "apt-get update failed"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q pre-commit >/dev/null ||
		fail "apt-get install pre-commit failed"
	command -v pre-commit >/dev/null || fail "pre-commit is still not on PATH after installing it"
fi
echo "using $(pre-commit --version)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# pre-commit keeps its own state out of the user's home; its golang
# environment reuses the machine's module cache instead of downloading
# every module again (it sets GOPATH to the environment but honours
# GOMODCACHE).
export PRE_COMMIT_HOME="$work/pre-commit-home"
GOMODCACHE=$(go env GOMODCACHE)
export GOMODCACHE
git_id=(-c user.name=mi-lint-e2e -c user.email=e2e@mi-lint.invalid -c commit.gpgsign=false)

step "snapshot of the working tree"
snap="$work/mi-lint"
mkdir -p "$snap"
git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1 || fail "$root is not a git work tree"
# Tracked and untracked files, not ignored ones, that exist (a tracked
# file deleted in the work tree is left out, as the commit would do).
git -C "$root" ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do
		if [ -f "$root/$f" ] || [ -L "$root/$f" ]; then printf '%s\0' "$f"; fi
	done |
	tar -C "$root" --null -T - -cf - | tar -C "$snap" -xf -
[ -f "$snap/.pre-commit-hooks.yaml" ] || fail "the snapshot has no .pre-commit-hooks.yaml"
git -C "$snap" init -q
git -C "$snap" add -A
git -C "$snap" "${git_id[@]}" commit -q -m "mi-lint working tree snapshot"
echo "committed $(git -C "$snap" ls-files | wc -l) files at $(git -C "$snap" rev-parse --short HEAD)"

step "scratch repository with a bad serverless.yml"
scratch="$work/project"
mkdir -p "$scratch"
cat >"$scratch/serverless.yml" <<'EOF'
service: checkout
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
EOF
git -C "$scratch" init -q
git -C "$scratch" add serverless.yml
git -C "$scratch" "${git_id[@]}" commit -q -m "a serverless.yml mi-lint rejects"

# try_repo [FILE] runs `pre-commit try-repo` of the hook $hook (mi-lint)
# on FILE (serverless.yml) in the scratch repository; its combined output
# is in $out and its exit code in $rc.
hook=mi-lint
try_repo() {
	set +e
	out=$(cd "$scratch" && pre-commit try-repo --color=never "$snap" "$hook" --files "${1:-serverless.yml}" 2>&1)
	rc=$?
	set -e
	printf '%s\n' "$out" | sed 's/^/  | /'
	if grep -q 'An unexpected error has occurred' <<<"$out"; then
		fail "pre-commit could not install the hook (language: golang runs go install ./... in the snapshot; see its output above)"
	fi
}

step "pre-commit try-repo on the bad file: must fail with the finding"
try_repo
[ "$rc" -ne 0 ] || fail "pre-commit passed on a serverless.yml with maxVCpuCount: 1"
grep -Eq '^mi-lint\.+Failed$' <<<"$out" || fail "pre-commit did not report the mi-lint hook as Failed"
finding='serverless.yml:13:9: error: maxVCpuCount is 1; the Lambda API accepts an integer from 2 to 15000 (the framework'\''s schema and AWS CDK ask for at least 12), or leave it out for AWS'\''s default cap of 400 vCPUs (MI003 max-vcpu-range)'
grep -Fqx "$finding" <<<"$out" || fail "the hook's output lacks the finding: $finding"

step "pre-commit try-repo on the fixed file: must pass"
sed -i 's/maxVCpuCount: 1$/maxVCpuCount: 16/' "$scratch/serverless.yml"
grep -q 'maxVCpuCount: 16$' "$scratch/serverless.yml" || fail "could not fix the scratch serverless.yml"
try_repo
[ "$rc" -eq 0 ] || fail "pre-commit failed (exit $rc) on a correct serverless.yml"
grep -Eq '^mi-lint\.+Passed$' <<<"$out" || fail "pre-commit did not report the mi-lint hook as Passed"

step "pre-commit try-repo on a file the hook does not match: must skip it"
cp "$scratch/serverless.yml" "$scratch/notes.yml"
sed -i 's/maxVCpuCount: 16$/maxVCpuCount: 1/' "$scratch/notes.yml"
try_repo notes.yml
[ "$rc" -eq 0 ] || fail "pre-commit ran mi-lint on notes.yml (exit $rc): the hook's files pattern is too wide"
grep -Eq '^mi-lint\.+\(no files to check\)Skipped$' <<<"$out" || fail "pre-commit did not skip notes.yml"

step "pre-commit try-repo on a serverless-compose.yml: must lint the services it lists"
mkdir -p "$scratch/api"
cp "$scratch/notes.yml" "$scratch/api/serverless.yml"
printf 'services:\n  api:\n    path: api\n' >"$scratch/serverless-compose.yml"
try_repo serverless-compose.yml
[ "$rc" -ne 0 ] || fail "pre-commit passed on a compose file whose service has maxVCpuCount: 1"
grep -Eq '^mi-lint\.+Failed$' <<<"$out" || fail "pre-commit did not run mi-lint on serverless-compose.yml"
grep -Fqx "api/$finding" <<<"$out" || fail "the hook's output lacks the compose service's finding: api/$finding"

step "pre-commit try-repo on a serverless-compose.json: must lint the services it lists"
mkdir -p "$scratch/worker"
cp "$scratch/notes.yml" "$scratch/worker/serverless.yml"
printf '{"services": {"worker": {"path": "worker"}}}\n' >"$scratch/serverless-compose.json"
try_repo serverless-compose.json
grep -Eq '^mi-lint\.+\(no files to check\)Skipped$' <<<"$out" && fail "pre-commit skipped serverless-compose.json: the hook's files pattern does not match it"
[ "$rc" -ne 0 ] || fail "pre-commit passed on a compose json whose service has maxVCpuCount: 1"
grep -Eq '^mi-lint\.+Failed$' <<<"$out" || fail "pre-commit did not run mi-lint on serverless-compose.json"
grep -Fqx "worker/$finding" <<<"$out" || fail "the hook's output lacks the compose json service's finding: worker/$finding"


step "pre-commit try-repo mi-lint-fix on a misspelt key: fixes it in place and fails"
hook=mi-lint-fix
mkdir -p "$scratch/typo"
cat >"$scratch/typo/serverless.yml" <<'EOF'
service: orders
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    general:
      scaling:
        maxVcpuCount: 64 # misspelt
functions:
  api:
    handler: src/api.handler
    capacityProvider: general
EOF
# Staged, as in a commit: pre-commit tells a hook's changes from git diff.
git -C "$scratch" add typo/serverless.yml
try_repo typo/serverless.yml
[ "$rc" -ne 0 ] || fail "pre-commit passed although mi-lint-fix changed typo/serverless.yml"
grep -Eq '^mi-lint \(fix\)\.+Failed$' <<<"$out" || fail "pre-commit did not report the mi-lint-fix hook as Failed"
grep -Fq 'files were modified by this hook' <<<"$out" || fail "pre-commit did not say the hook modified files"
grep -qx '        maxVCpuCount: 64 # misspelt' "$scratch/typo/serverless.yml" || fail "mi-lint-fix did not fix the key in place: $(cat "$scratch/typo/serverless.yml")"

step "pre-commit try-repo mi-lint-fix again: nothing left to fix, must pass"
try_repo typo/serverless.yml
[ "$rc" -eq 0 ] || fail "pre-commit failed (exit $rc) on the fixed file"
grep -Eq '^mi-lint \(fix\)\.+Passed$' <<<"$out" || fail "pre-commit did not report the mi-lint-fix hook as Passed"


echo
echo "e2e-precommit: 7 passed, 0 failed"
