package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/testfs"
)

// gitRepo is a scratch git repository in a temporary directory.
type gitRepo struct {
	t   *testing.T
	dir string
}

// newGitRepo creates a repository and commits files as its first commit,
// tagged "base".
func newGitRepo(t *testing.T, files map[string]string) gitRepo {
	t.Helper()
	testfs.NeedGit(t)
	r := gitRepo{t: t, dir: t.TempDir()}
	r.git("init", "-q")
	r.commit(files, "base")
	r.git("tag", "base")
	return r
}

func (r gitRepo) git(args ...string) {
	r.t.Helper()
	testfs.Git(r.t, r.dir, args...)
}

// commit writes files and commits every change.
func (r gitRepo) commit(files map[string]string, message string) {
	r.t.Helper()
	r.write(files)
	r.git("add", "-A")
	r.git("commit", "-q", "--allow-empty", "-m", message)
}

// write changes files in the work tree; an empty content deletes a file.
func (r gitRepo) write(files map[string]string) {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, filepath.FromSlash(name))
		if content == "" {
			if err := os.Remove(p); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

func (r gitRepo) run(args ...string) outcome {
	r.t.Helper()
	return invocation{wd: r.dir}.run(r.t, args...)
}

// diffService is a clean service on a clean baseline; edit it with
// strings.Replace. Lines: 5 versionFunctions, 6 vpc, 9 capacityProviders,
// 10 pool, 11 its vpc, 14 scaling, 16 functions, 17 api, 19 worker.
const diffService = `service: svc
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    pool:
      vpc:
        subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
        securityGroupIds: [sg-0a1]
      scaling:
        maxVCpuCount: 100
functions:
  api:
    handler: h.api
  worker:
    handler: h.worker
    capacityProvider: pool
`

// edit applies old/new replacements to s, each of which must match.
func edit(t *testing.T, s string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("edit: %q not found", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func checkRun(t *testing.T, got outcome, wantCode int, want []string) {
	t.Helper()
	if diff := cmp.Diff(want, textFindings(got.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s\nstderr: %s", diff, got.stderr)
	}
	if got.code != wantCode {
		t.Errorf("exit code %d, want %d", got.code, wantCode)
	}
}

// versioned is diffService with versioning on (the default).
func versioned(t *testing.T, s string) string {
	return edit(t, s, "  versionFunctions: false\n", "")
}

func TestDiffProviderRemoved(t *testing.T) {
	t.Parallel()
	// The service leaves managed instances: the provider goes with the
	// function that ran on it, and the head has no capacityProviders.
	head := edit(t, diffService,
		"  capacityProviders:\n    pool:\n      vpc:\n        subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]\n        securityGroupIds: [sg-0a1]\n      scaling:\n        maxVCpuCount: 100\n", "",
		"  worker:\n    handler: h.worker\n    capacityProvider: pool\n", "")
	t.Run("versioning on", func(t *testing.T) {
		r := newGitRepo(t, map[string]string{"serverless.yml": versioned(t, diffService)})
		r.write(map[string]string{"serverless.yml": head})
		got := r.run("--base", "base")
		checkRun(t, got, ExitFindings, []string{"serverless.yml:2:1 error MI202", "1 problem in 1 file (1 error, 0 warnings, 0 notes)"})
		for _, want := range []string{`capacity provider "pool" is removed`, `function "worker"`, "delete those old versions first", "versionFunctions: false"} {
			if !strings.Contains(got.stdout, want) {
				t.Errorf("the message does not say %q:\n%s", want, got.stdout)
			}
		}
	})
	t.Run("versioning off in the base", func(t *testing.T) {
		r := newGitRepo(t, map[string]string{"serverless.yml": diffService})
		r.write(map[string]string{"serverless.yml": head})
		checkRun(t, r.run("--base", "base"), ExitOK, []string{"0 problems in 1 file"})
	})
}

func TestDiffFunctionMovedProviderRemoved(t *testing.T) {
	t.Parallel()
	base := versioned(t, edit(t, diffService, "functions:\n", `    large:
      scaling:
        maxVCpuCount: 400
functions:
  batch:
    handler: h.batch
    capacityProvider: large
`))
	r := newGitRepo(t, map[string]string{"svc/serverless.yml": base})
	// worker moves to large, and pool is removed.
	head := edit(t, base,
		"    pool:\n      vpc:\n        subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]\n        securityGroupIds: [sg-0a1]\n      scaling:\n        maxVCpuCount: 100\n", "",
		"    capacityProvider: pool\n", "    capacityProvider: large\n")
	r.write(map[string]string{"svc/serverless.yml": head})
	checkRun(t, r.run("--base", "base", "--fail-level", "error"), ExitFindings, []string{
		"svc/serverless.yml:8:3 error MI202",
		"svc/serverless.yml:15:5 warning MI201",
		"svc/serverless.yml:20:5 warning MI201",
		"3 problems in 1 file (1 error, 2 warnings, 0 notes)",
	})

	// Moving off a provider that is kept is no removal.
	kept := edit(t, base, "    capacityProvider: pool\n", "    capacityProvider: large\n",
		"  batch:\n", "  keeper:\n    handler: h.keeper\n    capacityProvider: pool\n  batch:\n")
	r.write(map[string]string{"svc/serverless.yml": kept})
	got := r.run("--base", "base")
	if strings.Contains(got.stdout, "MI202") {
		t.Errorf("moving a function off a provider that is kept is reported:\n%s", got.stdout)
	}

	// From the service's directory, names are relative to it; the
	// revision still reads the file at its path in the repository.
	r.write(map[string]string{"svc/serverless.yml": head})
	got = invocation{wd: filepath.Join(r.dir, "svc")}.run(t, "--base", "base", "--fail-level", "error")
	if !slices.Contains(textFindings(got.stdout), "serverless.yml:8:3 error MI202") || got.code != ExitFindings {
		t.Errorf("from svc/: code %d\n%s%s", got.code, got.stdout, got.stderr)
	}
}

func TestDiffRenamedProvider(t *testing.T) {
	t.Parallel()
	renamed := func(s string) string {
		return edit(t, s, "    pool:\n", "    main:\n", "    capacityProvider: pool\n", "    capacityProvider: main\n")
	}
	r := newGitRepo(t, map[string]string{"serverless.yml": versioned(t, diffService)})
	r.write(map[string]string{"serverless.yml": renamed(diffService)})
	checkRun(t, r.run("--base", "base"), ExitFindings, []string{"serverless.yml:9:3 error MI202", "1 problem in 1 file (1 error, 0 warnings, 0 notes)"})

	// Without versioning the old provider is deleted, the new one created.
	r = newGitRepo(t, map[string]string{"serverless.yml": diffService})
	r.write(map[string]string{"serverless.yml": renamed(diffService)})
	checkRun(t, r.run("--base", "base"), ExitOK, []string{"0 problems in 1 file"})
}

func TestDiffCreateOnlyProperties(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		old, new string
		want     string // the finding
	}{
		{"vpc", "        securityGroupIds: [sg-0a1]\n      scaling:", "        securityGroupIds: [sg-0b2]\n      scaling:", "serverless.yml:11:7 warning MI203"},
		{"inherited vpc", "      vpc:\n        subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]\n        securityGroupIds: [sg-0a1]\n      scaling:", "      scaling:", ""},
		{"instanceRequirements", "      scaling:", "      instanceRequirements:\n        allowedInstanceTypes: [m7i.large]\n      scaling:", "serverless.yml:14:7 warning MI203"},
		{"permissions", "      scaling:", "      permissions:\n        operatorRole: arn:aws:iam::123456789012:role/operator\n      scaling:", "serverless.yml:14:7 warning MI203"},
		{"kmsKeyArn", "      scaling:", "      kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/k\n      scaling:", "serverless.yml:14:7 warning MI203"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := diffService
			if tt.name == "inherited vpc" {
				// The base inherits provider.vpc; the head changes it.
				base = edit(t, diffService, tt.old, tt.new)
				tt.old, tt.new = "subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]", "subnetIds: [subnet-0a1, subnet-0b2, subnet-0d4]"
				tt.want = "serverless.yml:10:5 warning MI203"
			}
			r := newGitRepo(t, map[string]string{"serverless.yml": base})
			r.write(map[string]string{"serverless.yml": edit(t, base, tt.old, tt.new)})
			checkRun(t, r.run("--base", "base"), ExitFindings, []string{tt.want, "1 problem in 1 file (0 errors, 1 warning, 0 notes)"})
		})
	}
}

func TestDiffScalingOnly(t *testing.T) {
	t.Parallel()
	r := newGitRepo(t, map[string]string{"serverless.yml": diffService})
	r.write(map[string]string{"serverless.yml": edit(t, diffService, "maxVCpuCount: 100", "maxVCpuCount: 400\n        mode: auto")})
	checkRun(t, r.run("--base", "base"), ExitOK, []string{"0 problems in 1 file"})
}

func TestDiffToggled(t *testing.T) {
	t.Parallel()
	r := newGitRepo(t, map[string]string{"serverless.yml": diffService})
	// api gains capacityProvider, worker loses it.
	head := edit(t, diffService,
		"    handler: h.api\n", "    handler: h.api\n    capacityProvider: pool\n",
		"    handler: h.worker\n    capacityProvider: pool\n", "    handler: h.worker\n")
	r.write(map[string]string{"serverless.yml": head})
	got := r.run("--base", "base")
	checkRun(t, got, ExitFindings, []string{"serverless.yml:17:3 error MI204", "serverless.yml:20:3 error MI204", "2 problems in 1 file (2 errors, 0 warnings, 0 notes)"})
	if !strings.Contains(got.stdout, `function "api" gains capacityProvider`) || !strings.Contains(got.stdout, `function "worker" loses capacityProvider`) {
		t.Errorf("messages:\n%s", got.stdout)
	}
}

func TestDiffNewOnly(t *testing.T) {
	t.Parallel()
	// The base already has MI003 (maxVCpuCount 8).
	base := edit(t, diffService, "maxVCpuCount: 100", "maxVCpuCount: 1")
	r := newGitRepo(t, map[string]string{"serverless.yml": base, "new/serverless.yml": base})
	// The head moves it two lines down (a YAML path, not a line, matches
	// it) and adds MI006 (an invalid scaling mode).
	head := edit(t, base, "functions:\n", "# a comment\n# another\nfunctions:\n",
		"  capacityProviders:\n", "  capacityProviders:\n    # pools\n    # here\n",
		"maxVCpuCount: 1", "maxVCpuCount: 1\n        mode: sometimes")
	r.write(map[string]string{"serverless.yml": head})
	checkRun(t, r.run("--base", "base", "serverless.yml"), ExitFindings, []string{
		"serverless.yml:17:9 error MI003",
		"serverless.yml:18:9 error MI006",
		"2 problems in 1 file (2 errors, 0 warnings, 0 notes)",
	})
	checkRun(t, r.run("--base", "base", "--new-only", "serverless.yml"), ExitFindings, []string{
		"serverless.yml:18:9 error MI006",
		"1 problem in 1 file (1 error, 0 warnings, 0 notes)",
	})
	// A file new since the base: every finding is new.
	r.write(map[string]string{"other/serverless.yml": base})
	checkRun(t, r.run("--base", "base", "--new-only", "other"), ExitFindings, []string{
		"other/serverless.yml:15:9 error MI003",
		"1 problem in 1 file (1 error, 0 warnings, 0 notes)",
	})
	// --base-file does the same for one input.
	if err := os.WriteFile(filepath.Join(r.dir, "old.yml"), []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	checkRun(t, r.run("--base-file", "old.yml", "--new-only", "serverless.yml"), ExitFindings, []string{
		"serverless.yml:18:9 error MI006",
		"1 problem in 1 file (1 error, 0 warnings, 0 notes)",
	})
}

func TestDiffErrors(t *testing.T) {
	t.Parallel()
	head := edit(t, diffService, "maxVCpuCount: 100", "maxVCpuCount: 1")
	r := newGitRepo(t, map[string]string{"serverless.yml": diffService, "broken/serverless.yml": "service: [unclosed\n"})
	r.write(map[string]string{"serverless.yml": head, "broken/serverless.yml": head})

	t.Run("unknown revision", func(t *testing.T) {
		got := r.run("--base", "no-such-branch", "serverless.yml")
		checkRun(t, got, ExitError, []string{
			`serverless.yml: error: diff mode: cannot read the base: unknown revision "no-such-branch": it is not in this repository (fetch it first, such as git fetch origin main); the file is linted without a base`,
			"serverless.yml:15:9 error MI003",
			"1 problem in 1 file (1 error, 0 warnings, 0 notes); 1 file could not be linted in full",
		})
	})
	t.Run("base does not parse", func(t *testing.T) {
		got := r.run("--base", "base", "broken")
		if got.code != ExitError || !strings.Contains(got.stdout, `broken/serverless.yml: error: diff mode: the base (revision "base") does not load: broken/serverless.yml:2:1: invalid YAML`) ||
			!slices.Contains(textFindings(got.stdout), "broken/serverless.yml:15:9 error MI003") {
			t.Errorf("code %d, output:\n%s%s", got.code, got.stdout, got.stderr)
		}
	})
	t.Run("not a repository", func(t *testing.T) {
		dir := testfs.Repo(t, map[string]string{"serverless.yml": head}) // .git is an empty directory
		got := invocation{wd: dir}.run(t, "--base", "main")
		if got.code != ExitError || !strings.Contains(got.stdout, "serverless.yml:15:9: error:") || !strings.Contains(got.stdout, "is not in a git repository") {
			t.Errorf("code %d, output:\n%s%s", got.code, got.stdout, got.stderr)
		}
	})
	usage := []struct {
		name string
		args []string
		want string
	}{
		{"new-only without a base", []string{"--new-only"}, "--new-only needs a base to compare with"},
		{"both bases", []string{"--base", "base", "--base-file", "old.yml"}, "--base and --base-file both give the base"},
		{"base-file for several inputs", []string{"--base-file", "old.yml", "."}, "--base-file gives the base of a single input, but 2 files are linted"},
		{"option as revision", []string{"--base=--output=x"}, "is not a revision"},
	}
	for _, tt := range usage {
		t.Run(tt.name, func(t *testing.T) {
			got := r.run(tt.args...)
			if got.code != ExitError || got.stdout != "" || !strings.Contains(got.stderr, tt.want) {
				t.Errorf("code %d, stdout %q, stderr %q; want 2, nothing, %q", got.code, got.stdout, got.stderr, tt.want)
			}
		})
	}
}

// TestDiffShallowClone: a clone without the base's history says how to
// fetch it.
func TestDiffShallowClone(t *testing.T) {
	t.Parallel()
	r := newGitRepo(t, map[string]string{"serverless.yml": diffService})
	r.commit(map[string]string{"serverless.yml": edit(t, diffService, "maxVCpuCount: 100", "maxVCpuCount: 200")}, "head")
	clone := t.TempDir()
	cmd := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+r.dir, clone)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	got := invocation{wd: clone}.run(t, "--base", "HEAD~1")
	if got.code != ExitError || !strings.Contains(got.stdout, `revision "HEAD~1" is not in this shallow clone`) || !strings.Contains(got.stdout, "fetch-depth: 0") {
		t.Errorf("code %d, output:\n%s%s", got.code, got.stdout, got.stderr)
	}
}
