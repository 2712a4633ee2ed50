package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/config"
	"github.com/mi-lint/mi-lint/internal/testfs"
)

// configService has an MI003 finding (line 11) and an MI016 note (line 6:
// two subnets) on a clean baseline otherwise.
const configService = `service: svc
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  region: ${param:region, 'eu-west-1'}
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    main:
      scaling:
        maxVCpuCount: 1
functions:
  a:
    handler: h.a
    capacityProvider: main
`

func TestConfigFile(t *testing.T) {
	root := testfs.Repo(t, map[string]string{
		".mi-lint.yaml": `rules:
  max-vcpu-range: warning
  MI016: off
fail-level: error
exclude:
  - legacy/**
`,
		"svc/serverless.yml":    configService,
		"legacy/serverless.yml": configService,
	})
	out := invocation{wd: root}.run(t)
	want := []string{"svc/serverless.yml:13:9 warning MI003", "1 problem in 1 file (0 errors, 1 warning, 0 notes)"}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s\nstderr: %s", diff, out.stderr)
	}
	if out.code != ExitOK {
		t.Errorf("exit code %d, want %d: fail-level error in the file", out.code, ExitOK)
	}

	// Flags win over the file.
	out = invocation{wd: root}.run(t, "--fail-level", "warning")
	if out.code != ExitFindings {
		t.Errorf("with --fail-level warning: exit code %d, want %d", out.code, ExitFindings)
	}

	// The file is found from a subdirectory, walking up to the root.
	out = invocation{wd: filepath.Join(root, "svc")}.run(t)
	want = []string{"serverless.yml:13:9 warning MI003", "1 problem in 1 file (0 errors, 1 warning, 0 notes)"}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("from svc/ (-want +got):\n%s\nstderr: %s", diff, out.stderr)
	}
}

func TestConfigFileErrors(t *testing.T) {
	root := testfs.Repo(t, map[string]string{
		"conf/bad.yaml":  "rules:\n  MI999: off\nfail-levle: error\n", //nolint:misspell // the typo the config must reject
		"serverless.yml": configService,
	})
	out := invocation{wd: root}.run(t, "--config", "conf/bad.yaml")
	if out.code != ExitError {
		t.Errorf("exit code %d, want %d", out.code, ExitError)
	}
	wantErr := "conf/bad.yaml:2:3: unknown rule \"MI999\"; run 'mi-lint rules' to list the rules\n" +
		"conf/bad.yaml:3:1: unknown key \"fail-levle\"; did you mean \"fail-level\"?\n" //nolint:misspell // the typo the config must reject
	if out.stderr != wantErr {
		t.Errorf("stderr = %q, want %q", out.stderr, wantErr)
	}
	if out.stdout != "" {
		t.Errorf("stdout = %q, want nothing: a bad configuration stops the run", out.stdout)
	}

	// Unknown rules are only known once the engine is built.
	if err := os.WriteFile(filepath.Join(root, "conf/bad.yaml"), []byte("rules:\n  MI999: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out = invocation{wd: root}.run(t, "--config", "conf/bad.yaml")
	if out.code != ExitError || !strings.HasPrefix(out.stderr, "conf/bad.yaml:2:3: ") {
		t.Errorf("unknown rule: exit %d, stderr %q; want 2 and conf/bad.yaml:2:3", out.code, out.stderr)
	}
}

func TestConfigParamsAndData(t *testing.T) {
	root := testfs.Repo(t, map[string]string{
		".mi-lint.yaml": `params:
  region: il-central-1
data:
  regions:
    managedInstances:
      unsupported: [eu-west-1]
`,
		"serverless.yml": strings.Replace(configService, "maxVCpuCount: 1", "maxVCpuCount: 64", 1),
	})
	// The file's param picks il-central-1, which the data override now
	// allows; MI016 is the only finding.
	out := invocation{wd: root}.run(t)
	want := []string{"serverless.yml:8:5 note MI016", "1 problem in 1 file (0 errors, 0 warnings, 1 note)"}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s\nstderr: %s", diff, out.stderr)
	}
	// --param wins over the file's params: eu-west-1 is now unsupported.
	out = invocation{wd: root}.run(t, "--param", "region=eu-west-1")
	want = []string{"serverless.yml:6:3 warning MI020", "serverless.yml:8:5 note MI016", "2 problems in 1 file (0 errors, 1 warning, 1 note)"}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("with --param (-want +got):\n%s\nstderr: %s", diff, out.stderr)
	}
}

// TestBaseline records findings, then checks that they stay hidden when
// lines shift, that a new finding is reported and that a fixed one is
// counted as stale.
func TestBaseline(t *testing.T) {
	root := testfs.Repo(t, map[string]string{"serverless.yml": configService})
	out := invocation{wd: root}.run(t, "--write-baseline", "baseline.json")
	if out.code != ExitOK || out.stdout != "mi-lint: wrote baseline baseline.json: 2 findings in 1 file\n" || out.stderr != "" {
		t.Fatalf("write-baseline run: exit %d\nstdout:\n%s\nstderr:\n%s", out.code, out.stdout, out.stderr)
	}
	shifted := "# a comment\n# and another\n" + strings.Replace(configService, "subnetIds: [subnet-0a1, subnet-0b2]", "subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]", 1)
	shifted = strings.Replace(shifted, "    capacityProvider: main\n", "    capacityProvider: main\n    memorySize: 1024\n", 1)
	if err := os.WriteFile(filepath.Join(root, "serverless.yml"), []byte(shifted), 0o644); err != nil {
		t.Fatal(err)
	}
	out = invocation{wd: root}.run(t, "--baseline", "baseline.json")
	want := []string{
		"serverless.yml:20:5 error MI107",
		"1 problem in 1 file (1 error, 0 warnings, 0 notes); 1 baseline entry no longer matches (prune the baseline)",
	}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s\nstderr: %s", diff, out.stderr)
	}
}

// --write-baseline writes the file, prints one line and exits 0, whatever
// the configuration and flags say about baselines, fail level and reports.
func TestWriteBaselineIgnoresConfig(t *testing.T) {
	root := testfs.Repo(t, map[string]string{
		".mi-lint.yaml": `baseline: old.json
fail-level: note
show-suppressed: true
`,
		"old.json":           `{"version": 1, "findings": []}`,
		"svc/serverless.yml": configService,
	})
	for _, args := range [][]string{
		{"--write-baseline", "new.json"},
		{"--write-baseline", "new.json", "--baseline", "old.json", "-f", "sarif=out.sarif"},
	} {
		out := invocation{wd: root}.run(t, args...)
		if out.code != ExitOK || out.stdout != "mi-lint: wrote baseline new.json: 2 findings in 1 file\n" || out.stderr != "" {
			t.Errorf("%q: exit %d\nstdout:\n%s\nstderr:\n%s", args, out.code, out.stdout, out.stderr)
		}
		written, err := os.ReadFile(filepath.Join(root, "new.json"))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(written), `"rule"`); n != 2 {
			t.Errorf("%q: baseline has %d entries, want 2:\n%s", args, n, written)
		}
		if _, err := os.Stat(filepath.Join(root, "out.sarif")); err == nil {
			t.Errorf("%q: wrote a report besides the baseline", args)
		}
	}

	// A file that could not be linted is named, and the baseline misses
	// its findings: exit 2.
	if err := os.MkdirAll(filepath.Join(root, "bad"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "bad/serverless.yml"), []byte("a: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := invocation{wd: root}.run(t, "--write-baseline", "new.json")
	if out.code != ExitError || out.stdout != "mi-lint: wrote baseline new.json: 2 findings in 2 files\n" ||
		!strings.HasPrefix(out.stderr, "bad/serverless.yml:") ||
		!strings.HasSuffix(out.stderr, "\nmi-lint: the baseline misses the findings of 1 file that could not be linted\n") {
		t.Errorf("with a broken file: exit %d\nstdout:\n%s\nstderr:\n%s", out.code, out.stdout, out.stderr)
	}
}

func TestSeveralOutputs(t *testing.T) {
	root := testfs.Repo(t, map[string]string{"serverless.yml": configService})
	out := invocation{wd: root}.run(t, "-f", "sarif=results.sarif", "-f", "json=report.json", "--format", "text", "--sarif-category", "mi-lint/svc")
	if out.code != ExitFindings {
		t.Fatalf("exit %d, stderr %q", out.code, out.stderr)
	}
	if !strings.Contains(out.stdout, "(MI003 max-vcpu-range)") {
		t.Errorf("standard output is not the text report:\n%s", out.stdout)
	}
	var sarifLog struct {
		Runs []struct {
			AutomationDetails struct{ ID string } `json:"automationDetails"`
			Results           []json.RawMessage
		}
	}
	decodeFile(t, filepath.Join(root, "results.sarif"), &sarifLog)
	if len(sarifLog.Runs) != 1 || sarifLog.Runs[0].AutomationDetails.ID != "mi-lint/svc/" || len(sarifLog.Runs[0].Results) != 2 {
		t.Errorf("SARIF file: %+v, want one run in category mi-lint/svc/ with 2 results", sarifLog)
	}
	var jsonReport struct{ Findings []json.RawMessage }
	decodeFile(t, filepath.Join(root, "report.json"), &jsonReport)
	if len(jsonReport.Findings) != 2 {
		t.Errorf("JSON file has %d findings, want 2", len(jsonReport.Findings))
	}

	for _, args := range [][]string{{"-f", "text", "-f", "json"}, {"-f", "sarif=a.sarif", "-o", "x.txt"}, {"-f", "sarif="}} {
		if out := (invocation{wd: root}).run(t, args...); out.code != ExitError || out.stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, out.code, out.stderr)
		}
	}
}

func TestPolicyFlag(t *testing.T) {
	out := lint(t, "--policy", "examples/policies", "--format", "json", "testdata/golden/input/orders/serverless.yml")
	var report struct {
		Findings []struct {
			Rule      struct{ ID string }
			StartLine int `json:"startLine"`
		}
	}
	if err := json.Unmarshal([]byte(out.stdout), &report); err != nil {
		t.Fatalf("%v\nstderr: %s", err, out.stderr)
	}
	custom := 0
	for _, f := range report.Findings {
		if f.Rule.ID == "ACME001" {
			custom++
		}
	}
	if custom == 0 {
		t.Errorf("no ACME001 finding from --policy examples/policies; findings: %+v", report.Findings)
	}
	if out := lint(t, "--policy", "no/such/dir", "examples/"); out.code != ExitError || !strings.Contains(out.stderr, "no/such/dir") {
		t.Errorf("missing policy dir: exit %d, stderr %q", out.code, out.stderr)
	}
}

func decodeFile(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestFlagsOverConfig checks the overlay: a flag given on the command line
// wins over the file even when it repeats the flag's default or turns a
// setting off, and a flag not given leaves the file's value.
func TestFlagsOverConfig(t *testing.T) {
	cfg := &config.Config{
		FailLevel:      &config.Value[string]{Value: "error"},
		Stage:          &config.Value[string]{Value: "dev"},
		Region:         &config.Value[string]{Value: "eu-west-1"},
		RequireReason:  &config.Value[bool]{Value: true},
		ShowSuppressed: &config.Value[bool]{Value: true},
	}
	fs, f := newFlagSet()
	if err := fs.Parse([]string{"--fail-level", "warning", "--stage=prod", "--show-suppressed=false"}); err != nil {
		t.Fatal(err)
	}
	set, err := (&Command{}).resolveSettings(f, cfg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got := []any{set.failLevel, set.loader.Stage, set.loader.Region, set.requireReason, set.showSuppressed}
	want := []any{"warning", "prod", "eu-west-1", true, false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fail level, stage, region, require reason, show suppressed (-want +got):\n%s", diff)
	}

	// Without a configuration file, the flags' defaults hold.
	fs, f = newFlagSet()
	if err := fs.Parse([]string{"--require-reason"}); err != nil {
		t.Fatal(err)
	}
	if set, err = (&Command{}).resolveSettings(f, nil, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if set.failLevel != "warning" || !set.requireReason || set.showSuppressed {
		t.Errorf("defaults: fail level %q, require reason %v, show suppressed %v", set.failLevel, set.requireReason, set.showSuppressed)
	}
}

// Every mistake in the configuration file is reported in one run, in line
// order: unknown keys, values of the wrong type, rule names no policy
// defines and data that does not fit the facts, which were once three
// rounds of fixing and rerunning.
func TestConfigMistakesAtOnce(t *testing.T) {
	root := testfs.Repo(t, map[string]string{
		".mi-lint.yaml": `rules:
  MI016: of
  MI16: off
failLevel: error
stage: [a]
data:
  runtimes:
    frameworkDefault: 22
`,
		"serverless.yml": configService,
	})
	out := invocation{wd: root}.run(t)
	want := `.mi-lint.yaml:2:10: rules.MI016 is "of"; valid levels are off, error, warning, note; did you mean "off"?
.mi-lint.yaml:3:3: unknown rule "MI16"; did you mean "MI016"?
.mi-lint.yaml:4:1: unknown key "failLevel"; did you mean "fail-level"?
.mi-lint.yaml:5:8: stage must be a string, not a list
.mi-lint.yaml:8:23: data.runtimes.frameworkDefault must be a string, like the fact it overrides ("nodejs20.x"), not the number 22
`
	if out.code != ExitError || out.stdout != "" || out.stderr != want {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant stderr:\n%s", out.code, out.stdout, out.stderr, want)
	}
}
