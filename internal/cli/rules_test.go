package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mi-lint/mi-lint/internal/linter"
)

func TestRulesCommand(t *testing.T) {
	eng, err := linter.New(t.Context(), linter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rules := eng.Rules()

	out := lint(t, "rules")
	lines := strings.Split(strings.TrimSuffix(out.stdout, "\n"), "\n")
	if out.code != ExitOK || len(lines) != len(rules)+1 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("rules: exit %d, %d lines for %d rules:\n%s", out.code, len(lines), len(rules), out.stdout)
	}
	for i, r := range rules {
		if f := strings.Fields(lines[i+1]); len(f) < 3 || f[0] != r.ID || f[1] != r.Name || f[2] != string(r.Level) {
			t.Errorf("line %d = %q, want %s %s %s", i+2, lines[i+1], r.ID, r.Name, r.Level)
		}
	}

	out = lint(t, "rules", "--format", "json")
	var listed []struct{ ID, Name, Level, HelpURI string }
	if err := json.Unmarshal([]byte(out.stdout), &listed); err != nil || len(listed) != len(rules) {
		t.Fatalf("rules --format json: %v, %d rules", err, len(listed))
	}
	if listed[0].ID != rules[0].ID || listed[0].HelpURI != rules[0].HelpURI {
		t.Errorf("first JSON rule = %+v, want %s with its help URI", listed[0], rules[0].ID)
	}

	out = lint(t, "rules", "-f", "markdown")
	if !strings.HasPrefix(out.stdout, "| ID | Name | Level | Summary |\n") || strings.Count(out.stdout, "\n") != len(rules)+2 {
		t.Errorf("rules --format markdown:\n%s", out.stdout)
	}

	out = lint(t, "rules", "--policy", "examples/policies")
	if !strings.Contains(out.stdout, "ACME001  require-max-concurrency") {
		t.Errorf("rules --policy does not list the custom rule:\n%s", out.stdout)
	}
	if out := lint(t, "rules", "--format", "yaml"); out.code != ExitError || !strings.Contains(out.stderr, "valid formats are text, json, markdown") {
		t.Errorf("rules --format yaml: exit %d, stderr %q", out.code, out.stderr)
	}
}

func TestExplainCommand(t *testing.T) {
	byID := lint(t, "explain", "MI003")
	byName := lint(t, "explain", "max-vcpu-range")
	if byID.code != ExitOK || byID.stdout != byName.stdout {
		t.Fatalf("explain MI003 and max-vcpu-range differ or fail (exit %d)", byID.code)
	}
	for _, want := range []string{
		"MI003 max-vcpu-range (error, capacityprovider)",
		"Why it matters:",
		"Example that is reported:",
		"serverless.yml:12:9: error: maxVCpuCount is 1; the Lambda API accepts an integer from 2 to 15000",
		"\n    1 problem in 1 file (1 error, 0 warnings, 0 notes)\n",
		"Fixed:",
		"Fix: none. mi-lint offers no automatic fix.",
		"More: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI003.md",
	} {
		if !strings.Contains(byID.stdout, want) {
			t.Errorf("explain MI003 lacks %q:\n%s", want, byID.stdout)
		}
	}
	// The sources of the facts MI015 reads (limits.vpcSubnets.max,
	// limits.vpcSecurityGroups.max), found from its Rego, not listed by hand.
	const mi015Sources = `Sources of the facts it judges by:

    limits.vpcSecurityGroups.max
      - API model, https://github.com/boto/botocore/blob/HEAD/botocore/data/lambda/2015-03-31/service-2.json
        CapacityProviderSecurityGroupIds: at most 5
      - CloudFormation schema, https://github.com/aws-cloudformation/cfn-lint/blob/HEAD/src/cfnlint/data/schemas/providers/us_east_1/aws-lambda-capacityprovider.json
        VpcConfig.SecurityGroupIds: maxItems 5
    limits.vpcSubnets.max
      - API model, https://github.com/boto/botocore/blob/HEAD/botocore/data/lambda/2015-03-31/service-2.json
        CapacityProviderSubnetIds: at most 16
      - CloudFormation schema, https://github.com/aws-cloudformation/cfn-lint/blob/HEAD/src/cfnlint/data/schemas/providers/us_east_1/aws-lambda-capacityprovider.json
        VpcConfig.SubnetIds: maxItems 16

More: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI015.md
`
	mi015 := lint(t, "explain", "MI015")
	if _, sources, _ := strings.Cut(mi015.stdout, "\n\nSources of"); mi015.code != ExitOK || "Sources of"+sources != mi015Sources {
		t.Errorf("explain MI015: exit %d, sources section\n%s\nwant\n%s", mi015.code, "Sources of"+sources, mi015Sources)
	}
	if out := lint(t, "explain", "--policy", "examples/policies", "ACME001"); out.code != ExitOK || !strings.HasPrefix(out.stdout, "ACME001 require-max-concurrency") {
		t.Errorf("explain a custom rule: exit %d\n%s%s", out.code, out.stdout, out.stderr)
	}
	for _, args := range [][]string{{"explain"}, {"explain", "MI999"}, {"explain", "MI001", "MI002"}} {
		if out := lint(t, args...); out.code != ExitError || out.stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, out.code, out.stderr)
		}
	}
}

// A subcommand is named only by the first argument that is neither a flag
// nor a flag's value, and not after "--"; the lint flags before it that it
// also defines are passed on to it.
func TestSubcommandRecognition(t *testing.T) {
	dir := t.TempDir()
	content, err := os.ReadFile(filepath.Join(repositoryRoot(t), "testdata", "cli", "warnings.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "rules"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rules", "serverless.yml"), content, 0o644); err != nil {
		t.Fatal(err)
	}
	inTemp := invocation{wd: dir}
	listing := lint(t, "rules").stdout
	const linted = "rules/serverless.yml:16:5 warning MI201"
	tests := []struct {
		inv  invocation
		args []string
		want string // the rules listing, or the one finding of rules/serverless.yml
		code int
	}{
		{inTemp, []string{"--no-cache", "rules"}, listing, ExitOK},
		{inTemp, []string{"--stage", "prod", "--no-cache", "rules"}, listing, ExitOK},
		{inTemp, []string{"--no-cache", "./rules"}, linted, ExitFindings},
		{inTemp, []string{"--no-cache", "--", "rules"}, linted, ExitFindings},
		{inTemp, []string{"--no-cache", "--stage", "rules", "./rules"}, linted, ExitFindings},
		{inTemp, []string{"--no-cache", "./rules", "rules"}, linted, ExitFindings},
	}
	for _, tt := range tests {
		out := tt.inv.run(t, tt.args...)
		got := out.stdout
		if tt.want == linted {
			got = strings.Join(textFindings(out.stdout)[:1], "\n")
		}
		if out.code != tt.code || got != tt.want {
			t.Errorf("mi-lint %s: exit %d, want %d; stdout:\n%s\nstderr: %s", strings.Join(tt.args, " "), out.code, tt.code, out.stdout, out.stderr)
		}
	}

	// Flags the subcommand defines are passed on to it; the others it ignores.
	out := lint(t, "--policy", "examples/policies", "--no-cache", "rules", "--format", "json")
	if out.code != ExitOK || !strings.Contains(out.stdout, `"id": "ACME001"`) {
		t.Errorf("--policy DIR rules --format json: exit %d, stdout:\n%s%s", out.code, out.stdout, out.stderr)
	}
	out = lint(t, "-f", "sarif", "rules")
	if out.code != ExitError || !strings.Contains(out.stderr, `unknown --format "sarif": valid formats are text, json, markdown`) {
		t.Errorf("-f sarif rules: exit %d, stderr %q", out.code, out.stderr)
	}
}
