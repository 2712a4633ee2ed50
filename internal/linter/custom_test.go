package linter_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/policy"
	"github.com/mi-lint/mi-lint/internal/testfs"
)

// customEngine compiles the bundle with the policies of dirs, named
// relative to the repository root.
func customEngine(t *testing.T, dirs ...string) *linter.Engine {
	t.Helper()
	return skippingEngine(t, dirs, nil)
}

// skippingEngine compiles the bundle with the policies of dirs, named
// relative to the repository root, with the rules skip names turned off.
func skippingEngine(t *testing.T, dirs, skip []string) *linter.Engine {
	t.Helper()
	eng, err := newEngine(context.Background(), policy.Options{Dirs: dirs, BaseDir: repoRoot}, linter.Options{Skip: skip})
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// newEngine loads the policies of popts and prepares a lint of them.
func newEngine(ctx context.Context, popts policy.Options, opts linter.Options) (*linter.Engine, error) {
	set, err := policy.Load(popts)
	if err != nil {
		return nil, err
	}
	opts.Policies = set
	return linter.New(ctx, opts)
}

func yamlFile(name, src string) linter.File {
	return linter.File{Name: name, Read: func() ([]byte, error) { return []byte(src), nil }}
}

// cleanService has nothing a built-in rule reports; its functions differ
// only in how they write capacityProvider.
const cleanService = `service: shop
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    pool: {}
functions:
  short:
    handler: h.short
    capacityProvider: pool
  object:
    handler: h.object
    capacityProvider:
      name: pool
  high:
    handler: h.high
    memorySize: 8192
    capacityProvider:
      name: pool
      maxConcurrency: 101
  fine:
    handler: h.fine
    memorySize: 8192
    capacityProvider: {name: pool, maxConcurrency: 100}
  fromSsm:
    handler: h.ssm
    capacityProvider: {name: pool, maxConcurrency: "${ssm:/acme/concurrency}"}
  plain:
    handler: h.plain
`

func TestCustomRuleReports(t *testing.T) {
	eng := customEngine(t, "examples/policies")
	res := eng.Lint(context.Background(), []linter.File{yamlFile("serverless.yml", cleanService)})
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	at := func(line, col, endLine, endCol int) finding.Location {
		return finding.Location{File: "serverless.yml", Region: finding.Region{StartLine: line, StartColumn: col, EndLine: endLine, EndColumn: endCol}}
	}
	want := []finding.Finding{
		{
			RuleID: "ACME001", RuleName: "require-max-concurrency", Level: finding.LevelError,
			Message:  `function "short" runs on capacity provider "pool" without maxConcurrency; write capacityProvider: {name: pool, maxConcurrency: N}`,
			Location: at(14, 5, 14, 27), YAMLPath: "functions.short.capacityProvider",
		},
		{
			RuleID: "ACME001", RuleName: "require-max-concurrency", Level: finding.LevelError,
			Message:  `function "object" does not set capacityProvider.maxConcurrency; set it to at most 100`,
			Location: at(17, 5, 17, 21), YAMLPath: "functions.object.capacityProvider",
		},
		{
			RuleID: "ACME001", RuleName: "require-max-concurrency", Level: finding.LevelWarning,
			Message:  `function "high" has maxConcurrency 101; ACME allows at most 100`,
			Location: at(24, 7, 24, 26), YAMLPath: "functions.high.capacityProvider.maxConcurrency",
			Subject: "provider.capacityProviders.pool",
			Related: []finding.RelatedLocation{{Location: at(10, 5, 10, 13), Message: "capacity provider pool is declared here"}},
		},
	}
	if diff := cmp.Diff(want, res.Findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestCustomRuleRegistry(t *testing.T) {
	eng := customEngine(t, "examples/policies")
	var got *finding.Rule
	builtin := 0
	for _, r := range eng.Rules() {
		if r.ID == "ACME001" {
			got = &r
		} else {
			builtin++
		}
	}
	if got == nil {
		t.Fatal("ACME001 is not among the rules")
	}
	if builtin != len(engineFor(t, loader.Options{}).Rules()) {
		t.Errorf("custom policies changed the built-in rules")
	}
	if got.Name != "require-max-concurrency" || got.Level != finding.LevelError || got.Category != "function" ||
		got.File != "examples/policies/function/require_max_concurrency.rego" ||
		got.HelpURI != "https://wiki.example.com/platform/lambda-managed-instances#concurrency" ||
		!strings.HasPrefix(got.Summary, "A managed-instance function") || got.Example == "" {
		t.Errorf("ACME001 = %+v", *got)
	}
}

// TestCustomRuleExample lints the example rule's own example and fixed
// configurations, as TestRuleExamples does for the built-in rules.
func TestCustomRuleExample(t *testing.T) {
	eng := customEngine(t, "examples/policies")
	for _, r := range eng.Rules() {
		if r.ID != "ACME001" {
			continue
		}
		res := eng.Lint(context.Background(), []linter.File{yamlFile("example.yml", r.Example), yamlFile("fixed.yml", r.Fixed)})
		var got []string
		for _, f := range res.Findings {
			if f.RuleID == r.ID {
				got = append(got, f.File)
			}
		}
		if diff := cmp.Diff([]string{"example.yml"}, got); diff != "" || len(res.Errors) > 0 {
			t.Errorf("ACME001 reports (-want +got):\n%s\nerrors: %v", diff, res.Errors)
		}
	}
}

// writePolicies writes files (name -> content) under a new directory and
// returns it.
func writePolicies(t *testing.T, files map[string]string) string {
	t.Helper()
	return testfs.TempTree(t, files)
}

// customRule is a valid custom rule file with the given ID, name and body.
func customRule(id, name, body string) string {
	return `# METADATA
# title: ` + name + `
# description: A test rule.
# custom:
#   id: ` + id + `
#   level: error
#   summary: A test rule.
package custom.rules.service["` + name + `"]

import data.milint.lib.result

` + body
}

const reportService = `report contains finding if {
	input.service == "slow"
	finding := result.fail(rego.metadata.chain(), ["service"], "slow")
}
`

func TestCustomPolicyErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name:  "MI prefix",
			files: map[string]string{"a.rego": customRule("MI950", "mine", reportService)},
			want:  "load custom policies: p/a.rego:1: METADATA custom.id MI950 starts with MI, which is reserved for mi-lint's built-in rules: use your own prefix, such as ACME001",
		},
		{
			name:  "bad ID",
			files: map[string]string{"a.rego": customRule("acme-1", "mine", reportService)},
			want:  `load custom policies: p/a.rego:1: METADATA custom.id "acme-1" is not a rule ID: write capital letters then digits, such as ACME001`,
		},
		{
			name: "duplicate ID",
			files: map[string]string{
				"a.rego": customRule("ACME001", "one", reportService),
				"b.rego": customRule("ACME001", "two", reportService),
			},
			want: "load custom policies: p/b.rego:1: rule ID ACME001 is also used by p/a.rego:1",
		},
		{
			name: "duplicate name",
			files: map[string]string{
				"a.rego":     customRule("ACME001", "one", reportService),
				"sub/b.rego": strings.Replace(customRule("ACME002", "one", reportService), "service[", "function[", 1),
			},
			want: "load custom policies: p/sub/b.rego:1: rule name one is also used by p/a.rego:1",
		},
		{
			name:  "built-in name",
			files: map[string]string{"a.rego": customRule("ACME001", "max-vcpu-range", reportService)},
			want:  "load custom policies: p/a.rego:1: rule name max-vcpu-range is also used by built-in rule MI003 max-vcpu-range",
		},
		{
			name: "http.send",
			files: map[string]string{"a.rego": customRule("ACME001", "phone-home", `report contains finding if {
	resp := http.send({"method": "GET", "url": "https://example.com"})
	finding := result.fail(rego.metadata.chain(), ["service"], resp.body)
}
`)},
			want: "load custom policies: p/a.rego:13: http.send is not allowed: custom policies run sandboxed, without the network (http.send, net.*), the environment (opa.runtime), files (json.match_schema, json.verify_schema) or trace",
		},
		{
			name: "opa.runtime and net.lookup_ip_addr",
			files: map[string]string{"a.rego": customRule("ACME001", "env", `report contains finding if {
	env := opa.runtime().env
	net.lookup_ip_addr(env.HOST)
	finding := result.fail(rego.metadata.chain(), ["service"], "x")
}
`)},
			want: "load custom policies: p/a.rego:13: opa.runtime is not allowed: custom policies run sandboxed, without the network (http.send, net.*), the environment (opa.runtime), files (json.match_schema, json.verify_schema) or trace\n" +
				"p/a.rego:14: net.lookup_ip_addr is not allowed: custom policies run sandboxed, without the network (http.send, net.*), the environment (opa.runtime), files (json.match_schema, json.verify_schema) or trace",
		},
		{
			name:  "syntax error",
			files: map[string]string{"a.rego": customRule("ACME001", "broken", "report contains finding if {\n\tinput.service ==\n}\n")},
			want:  "load custom policies: p/a.rego:14: unexpected } token",
		},
		{
			name: "unsafe variable",
			files: map[string]string{"a.rego": customRule("ACME001", "unsafe", `report contains finding if {
	finding := result.fail(rego.metadata.chain(), ["service"], msg)
}
`)},
			want: "compile policies: p/a.rego:13: var msg is unsafe",
		},
		{
			name:  "package outside custom",
			files: map[string]string{"a.rego": "package milint.rules.service[\"sneaky\"]\n\nreport contains 1\n"},
			want:  `load custom policies: p/a.rego:1: package milint.rules.service.sneaky is not under data.custom: custom policies live in package custom.rules.<category>["<name>"] (rules) or custom.<anything> (helpers and tests)`,
		},
		{
			name:  "no METADATA",
			files: map[string]string{"a.rego": "package custom.rules.service[\"bare\"]\n\nreport contains 1\n"},
			want:  "load custom policies: p/a.rego:1: rule package has no METADATA annotation",
		},
		{
			name:  "no report set",
			files: map[string]string{"a.rego": customRule("ACME001", "noreport", "deny contains 1\n")},
			want:  `load custom policies: p/a.rego:8: rule package custom.rules.service.noreport defines no ` + "`report contains finding if { ... }`" + ` set`,
		},
		{
			name:  "package too deep",
			files: map[string]string{"a.rego": strings.Replace(customRule("ACME001", "deep", reportService), `service["deep"]`, `service.acme["deep"]`, 1)},
			want:  `load custom policies: p/a.rego:8: a rule package is data.custom.rules.<category>["<name>"], not data.custom.rules.service.acme.deep`,
		},
		{
			name:  "missing summary",
			files: map[string]string{"a.rego": strings.Replace(customRule("ACME001", "nosummary", reportService), "#   summary: A test rule.\n", "", 1)},
			want:  "load custom policies: p/a.rego:1: METADATA custom.summary is missing",
		},
		{
			name:  "missing directory",
			files: nil,
			want:  "load custom policies: policy directory p/nowhere: no such file or directory",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := t.TempDir()
			dir := "p"
			if tt.files == nil {
				dir = "p/nowhere"
			}
			for name, src := range tt.files {
				p := filepath.Join(base, "p", filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := newEngine(context.Background(), policy.Options{Dirs: []string{dir}, BaseDir: base}, linter.Options{})
			if err == nil {
				t.Fatal("New succeeded")
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

// TestCustomPolicyTests excludes _test.rego files from a lint: a test file
// that would not even compile beside the rules is not loaded.
func TestCustomPolicyTestsExcluded(t *testing.T) {
	dir := writePolicies(t, map[string]string{
		"a.rego":      customRule("ACME001", "one", reportService),
		"a_test.rego": "package custom.tests\n\ntest_x if { http.send({}) }\n",
	})
	eng, err := newEngine(context.Background(), policy.Options{Dirs: []string{dir}}, linter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := eng.Lint(context.Background(), []linter.File{yamlFile("a.yml", "service: slow\nprovider: {name: aws}\n")})
	if len(res.Findings) != 1 || res.Findings[0].RuleID != "ACME001" || res.Findings[0].Region.StartLine != 1 {
		t.Errorf("findings = %+v, errors = %v", res.Findings, res.Errors)
	}
}

// TestCustomPolicyTimeout stops a runaway custom rule per file: the file
// it runs away on is an error, but keeps its built-in rules' findings; the
// other file's findings are all kept.
func TestCustomPolicyTimeout(t *testing.T) {
	// Ten billion steps on one file, none on the other; two small ranges
	// rather than one huge one, which would allocate before any deadline.
	dir := writePolicies(t, map[string]string{"slow.rego": customRule("ACME001", "slow", `report contains finding if {
	input.service == "slow"
	n := count([x |
		some x in numbers.range(1, 100000)
		some y in numbers.range(1, 100000)
		x == y + 1000000
	])
	finding := result.fail(rego.metadata.chain(), ["service"], sprintf("%d", [n]))
}

report contains finding if {
	input.service == "fast"
	finding := result.fail(rego.metadata.chain(), ["service"], "fast")
}
`)})
	eng, err := newEngine(context.Background(), policy.Options{Dirs: []string{dir}, EvalTimeout: 200 * time.Millisecond}, linter.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	// slow.yml has built-in findings: a provider with no VPC (MI001) that
	// no function uses (MI018).
	res := eng.Lint(context.Background(), []linter.File{
		yamlFile("slow.yml", "service: slow\nprovider:\n  name: aws\n  versionFunctions: false\n  capacityProviders:\n    pool: {}\n"),
		yamlFile("fast.yml", "service: fast\nprovider: {name: aws}\n"),
	})
	wantErrs := []finding.FileError{{File: "slow.yml", Message: "evaluate policies: stopped after 200ms (the built-in rules' findings are reported)"}}
	if diff := cmp.Diff(wantErrs, res.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.File+" "+f.RuleID)
	}
	if diff := cmp.Diff([]string{"fast.yml ACME001", "slow.yml MI001", "slow.yml MI018"}, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestCustomPolicyEvalError reports a rule that fails at evaluation for
// that file only.
func TestCustomPolicyEvalError(t *testing.T) {
	dir := writePolicies(t, map[string]string{"num.rego": customRule("ACME001", "num", `report contains finding if {
	to_number(input.service) > 1
	finding := result.fail(rego.metadata.chain(), ["service"], "big")
}
`)})
	eng, err := newEngine(context.Background(), policy.Options{Dirs: []string{dir}}, linter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := eng.Lint(context.Background(), []linter.File{
		yamlFile("text.yml", "service: shop\nprovider: {name: aws}\n"),
		yamlFile("number.yml", "service: \"5\"\nprovider: {name: aws}\n"),
	})
	if len(res.Errors) != 1 || res.Errors[0].File != "text.yml" || !strings.Contains(res.Errors[0].Message, "num.rego:13: eval_builtin_error: to_number") {
		t.Errorf("errors = %+v", res.Errors)
	}
	if len(res.Findings) != 1 || res.Findings[0].File != "number.yml" {
		t.Errorf("findings = %+v", res.Findings)
	}
}

func TestRunPolicyTestsPass(t *testing.T) {
	var out bytes.Buffer
	passed, failed, err := policy.RunPolicyTests(context.Background(), []string{"examples/policies"}, &out, policy.TestOptions{BaseDir: repoRoot})
	if err != nil {
		t.Fatal(err)
	}
	if failed != 0 || passed == 0 || !strings.HasSuffix(out.String(), "\n7 passed, 0 failed\n") {
		t.Errorf("passed %d, failed %d:\n%s", passed, failed, out.String())
	}
}

func TestRunPolicyTestsFailing(t *testing.T) {
	var out bytes.Buffer
	passed, failed, err := policy.RunPolicyTests(context.Background(), []string{"testdata/custom/failing"}, &out, policy.TestOptions{BaseDir: repoRoot})
	if err != nil {
		t.Fatal(err)
	}
	want := `PASS testdata/custom/failing/service/service_prefix_test.rego:5: test_reports_other_prefix
FAIL testdata/custom/failing/service/service_prefix_test.rego:10: test_expects_a_finding_for_acme
    findings: set()
ERROR testdata/custom/failing/service/service_prefix_test.rego:16: test_errors: testdata/custom/failing/service/service_prefix_test.rego:17: eval_builtin_error: to_number: strconv.ParseFloat: parsing "shop": invalid syntax
1 passed, 2 failed
`
	if passed != 1 || failed != 2 {
		t.Errorf("passed %d, failed %d", passed, failed)
	}
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

func TestRunPolicyTestsErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		run   string
		want  string
	}{
		{
			name:  "sandbox in a test",
			files: map[string]string{"a_test.rego": "package custom.tests\n\ntest_x if {\n\thttp.send({})\n}\n"},
			want:  "load custom policies: p/a_test.rego:4: http.send is not allowed: custom policies run sandboxed, without the network (http.send, net.*), the environment (opa.runtime), files (json.match_schema, json.verify_schema) or trace",
		},
		{
			name:  "compile error in a test",
			files: map[string]string{"a_test.rego": "package custom.tests\n\ntest_x if {\n\tx == 1\n}\n"},
			want:  "compile policies: p/a_test.rego:4: var x is unsafe",
		},
		{
			name:  "MI rule",
			files: map[string]string{"a.rego": customRule("MI001", "mine", reportService)},
			want:  "load custom policies: p/a.rego:1: METADATA custom.id MI001 starts with MI, which is reserved for mi-lint's built-in rules: use your own prefix, such as ACME001",
		},
		{
			name:  "no tests",
			files: map[string]string{"a.rego": customRule("ACME001", "one", reportService)},
			want:  "no test found in p: tests are rules named test_* in _test.rego files",
		},
		{
			name:  "no test matches",
			files: map[string]string{"a_test.rego": "package custom.tests\n\ntest_x if true\n"},
			run:   "nothing",
			want:  `no test in p matches --run "nothing"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := t.TempDir()
			for name, src := range tt.files {
				p := filepath.Join(base, "p", name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var out bytes.Buffer
			_, _, err := policy.RunPolicyTests(context.Background(), []string{"p"}, &out, policy.TestOptions{BaseDir: base, Run: tt.run})
			if err == nil || err.Error() != tt.want {
				t.Errorf("error:\n got %v\nwant %s", err, tt.want)
			}
		})
	}
}
