package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestSubcommandsInterrupted checks that the subcommands that evaluate
// policies run with the command's context: once it is done (as on
// SIGINT), they stop with the interrupted exit code and say so, rather
// than report what the cut-short run made of the tests or examples.
// (`rules` only lists METADATA and has nothing to stop.)
func TestSubcommandsInterrupted(t *testing.T) {
	root := repositoryRoot(t)
	for _, args := range [][]string{
		{"test", "examples/policies"},
		{"explain", "MI003"},
		{"explain", "--policy", "examples/policies", "ACME001"},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var stdout, stderr bytes.Buffer
		c := &Command{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""), Context: ctx,
			Getwd: func() (string, error) { return root, nil }}
		code := c.Main(append([]string{"mi-lint"}, args...))
		if code != ExitInterrupted || stderr.String() != "mi-lint: interrupted\n" || stdout.Len() != 0 {
			t.Errorf("%q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, code, ExitInterrupted, stdout.String(), stderr.String())
		}
	}
}
