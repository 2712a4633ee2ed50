package cli

import (
	"strings"
	"testing"
)

func TestTestCommandPasses(t *testing.T) {
	out := lint(t, "test", "examples/policies")
	if out.code != ExitOK || out.stderr != "" || !strings.HasSuffix(out.stdout, "\n7 passed, 0 failed\n") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", out.code, out.stdout, out.stderr)
	}
	if !strings.HasPrefix(out.stdout, "PASS examples/policies/function/require_max_concurrency_test.rego:") {
		t.Errorf("stdout:\n%s", out.stdout)
	}
}

func TestTestCommandFails(t *testing.T) {
	out := lint(t, "test", "testdata/custom/failing", "examples/policies")
	if out.code != ExitFindings || out.stderr != "" || !strings.HasSuffix(out.stdout, "\n8 passed, 2 failed\n") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", out.code, out.stdout, out.stderr)
	}
	if !strings.Contains(out.stdout, "\nFAIL testdata/custom/failing/service/service_prefix_test.rego:10: test_expects_a_finding_for_acme\n    findings: set()\n") {
		t.Errorf("stdout:\n%s", out.stdout)
	}
}

func TestTestCommandRun(t *testing.T) {
	out := lint(t, "test", "--run", "other_prefix", "testdata/custom/failing")
	want := "PASS testdata/custom/failing/service/service_prefix_test.rego:5: test_reports_other_prefix\n1 passed, 0 failed\n"
	if out.code != ExitOK || out.stdout != want {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", out.code, out.stdout, out.stderr)
	}
}

// --run selects by test name: "prefix" is in the package's name
// (service-prefix_test) and in one test's, "service" only in the package's.
func TestTestCommandRunMatchesTestNames(t *testing.T) {
	out := lint(t, "test", "--run", "prefix", "testdata/custom/failing")
	want := "PASS testdata/custom/failing/service/service_prefix_test.rego:5: test_reports_other_prefix\n1 passed, 0 failed\n"
	if out.code != ExitOK || out.stdout != want || out.stderr != "" {
		t.Errorf("--run prefix: exit %d\nstdout:\n%s\nstderr:\n%s", out.code, out.stdout, out.stderr)
	}
	out = lint(t, "test", "--run", "service", "testdata/custom/failing")
	wantErr := "mi-lint: no test in testdata/custom/failing matches --run \"service\"\n"
	if out.code != ExitError || out.stdout != "" || out.stderr != wantErr {
		t.Errorf("--run service: exit %d\nstdout:\n%s\nstderr:\n%s", out.code, out.stdout, out.stderr)
	}
	out = lint(t, "test", "--run", "(", "testdata/custom/failing")
	wantErr = "mi-lint: --run \"(\": error parsing regexp: missing closing ): `(`\n"
	if out.code != ExitError || out.stdout != "" || out.stderr != wantErr {
		t.Errorf("--run (: exit %d\nstdout:\n%s\nstderr:\n%s", out.code, out.stdout, out.stderr)
	}
}

func TestTestCommandErrors(t *testing.T) {
	tests := []struct {
		args   []string
		stderr string
	}{
		{nil, "mi-lint: test: name at least one policy directory (mi-lint test DIR)\n"},
		{[]string{"testdata/custom/nowhere"}, "mi-lint: load custom policies: policy directory testdata/custom/nowhere: no such file or directory\n"},
		{[]string{"--bogus", "examples/policies"}, "mi-lint: unknown flag: --bogus\n"},
	}
	for _, tt := range tests {
		out := lint(t, append([]string{"test"}, tt.args...)...)
		if out.code != ExitError || out.stderr != tt.stderr || out.stdout != "" {
			t.Errorf("test %q: exit %d\nstdout:\n%s\nstderr:\n%s", tt.args, out.code, out.stdout, out.stderr)
		}
	}
}
