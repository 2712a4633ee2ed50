package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/mi-lint/mi-lint/internal/policy"
)

const testUsage = `Usage:
  mi-lint test [--run REGEX] DIR...

Runs the Rego unit tests (rules named test_* in _test.rego files) of the
custom policies in each DIR, with mi-lint's built-in library available
(data.mipolicy.lib.result, data.mipolicy.lib.values, data.mipolicy.facts) and the
same sandbox as a policy. Prints PASS, FAIL or ERROR per test and a summary.

Exit codes: 0 every test passed; 1 a test failed or errored; 2 a policy
could not be loaded or compiled, or no test was found.

Flags:
`

// testCommand runs the user's policy tests: `mi-lint test DIR...`.
func (c *Command) testCommand(ctx context.Context, given *pflag.FlagSet, args []string) int {
	fs := pflag.NewFlagSet("mi-lint test", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	run := fs.String("run", "", "run only the tests whose name matches `REGEX`")
	help := fs.BoolP("help", "h", false, "print this help and exit")
	if err := fs.Parse(append(inherit(given, fs), args...)); err != nil {
		return c.usageError(flagError(fs, err))
	}
	if *help {
		fmt.Fprint(c.Stdout, testUsage+flagUsages(fs))
		return ExitOK
	}
	if fs.NArg() == 0 {
		return c.usageError(errors.New("test: name at least one policy directory (mi-lint test DIR)"))
	}
	wd, err := c.workingDir()
	if err != nil {
		return c.fatal(err)
	}
	_, failed, err := policy.RunPolicyTests(ctx, fs.Args(), c.Stdout, policy.TestOptions{BaseDir: wd, Run: *run})
	if ctx.Err() != nil {
		// What a cut-short run says (no test found, tests in error) is
		// not about the tests.
		return c.interrupted()
	}
	if err != nil {
		return c.fatal(err)
	}
	if failed > 0 {
		return ExitFindings
	}
	return ExitOK
}
