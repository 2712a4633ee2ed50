package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/testfs"
)

// TestInterrupted checks that a run stopped by a signal (here a cancelled
// context) exits 130 and leaves no report behind, not even a partial one.
func TestInterrupted(t *testing.T) {
	root := testfs.Repo(t, map[string]string{"serverless.yml": configService})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	c := &Command{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""), Context: ctx,
		Getwd: func() (string, error) { return root, nil }}
	code := c.Main([]string{"mi-lint", "-f", "sarif=out.sarif", "-f", "text"})
	if code != ExitInterrupted {
		t.Errorf("exit code %d, want %d", code, ExitInterrupted)
	}
	if stdout.Len() != 0 || stderr.String() != "mi-lint: interrupted\n" {
		t.Errorf("stdout %q, stderr %q; want nothing and a one-line note", stdout.String(), stderr.String())
	}
	if diff := cmp.Diff([]string{".git", "serverless.yml"}, dirNames(t, root)); diff != "" {
		t.Errorf("files in the repository (-want +got):\n%s", diff)
	}
}

func TestMaxFileSize(t *testing.T) {
	big := configService + "# " + strings.Repeat("x", 2048) + "\n"
	root := testfs.Repo(t, map[string]string{"big/serverless.yml": big, "small/serverless.yml": configService})
	out := invocation{wd: root}.run(t, "--max-file-size", "1KB")
	want := []string{
		"big/serverless.yml: error: the file is 2.4 KB, larger than the 1 KB limit; raise --max-file-size to lint it",
		"small/serverless.yml:8:5 note MI016",
		"small/serverless.yml:13:9 error MI003",
		"2 problems in 2 files (1 error, 0 warnings, 1 note); 1 file could not be linted in full",
	}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if out.code != ExitError {
		t.Errorf("exit code %d, want %d", out.code, ExitError)
	}

	// Standard input is bounded the same way, without knowing its size.
	out = invocation{wd: root, stdin: big}.run(t, "--max-file-size", "1KB", "-")
	if !strings.Contains(out.stdout, "<stdin>: error: the input is larger than the 1 KB limit") {
		t.Errorf("stdin over the limit:\n%s", out.stdout)
	}
	// 2.4KB, as the message writes it, is large enough; so is 3KiB.
	for _, size := range []string{"2.4KB", "3KiB", "1M"} {
		if out := (invocation{wd: root}).run(t, "--no-cache", "--max-file-size", size, "big"); out.code != ExitFindings {
			t.Errorf("--max-file-size %s: exit %d\n%s%s", size, out.code, out.stdout, out.stderr)
		}
	}
	// 0 lifts the limit.
	if out := (invocation{wd: root}).run(t, "--max-file-size", "0", "big"); out.code != ExitFindings {
		t.Errorf("--max-file-size 0: exit %d\n%s", out.code, out.stdout)
	}
}

func TestMaxFileSizeUsage(t *testing.T) {
	if out := lint(t, "--max-file-size", "lots"); out.code != ExitError || !strings.Contains(out.stderr, "--max-file-size") {
		t.Errorf("bad size: exit %d, stderr %q", out.code, out.stderr)
	}
}
