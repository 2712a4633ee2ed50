package policy

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/mi-lint/mi-lint/policies"
)

// TestOptions configure RunPolicyTests.
type TestOptions struct {
	// BaseDir is what relative directories are relative to; empty means
	// the process's working directory.
	BaseDir string
	// Run, when set, is a regular expression: only the tests whose name
	// (test_..., without the package) matches it are reported.
	Run string
	// Timeout bounds each test; 0 means DefaultEvalTimeout.
	Timeout time.Duration
}

// RunPolicyTests runs the test_ rules of the _test.rego files under dirs
// with OPA's tester, beside the built-in bundle (so tests can import
// data.milint.lib.result and read data.milint.facts) and under the same
// sandbox as a lint. It writes one line per test to w, then a summary
// "N passed, M failed". A test that errors counts as failed. The error is
// set when the policies cannot be loaded or compiled, or hold no test.
func RunPolicyTests(ctx context.Context, dirs []string, w io.Writer, opts TestOptions) (passed, failed int, err error) {
	if len(dirs) == 0 {
		return 0, 0, errors.New("no policy directory given")
	}
	selected, err := regexp.Compile(opts.Run)
	if err != nil {
		return 0, 0, fmt.Errorf("--run %q: %w", opts.Run, err)
	}
	builtin, err := parseModules(policies.FS, false, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("load policies: %w", err)
	}
	rules, err := readRules(builtin)
	if err != nil {
		return 0, 0, fmt.Errorf("load policies: %w", err)
	}
	custom, err := loadPolicyDirs(opts.BaseDir, dirs, true)
	if err != nil {
		return 0, 0, fmt.Errorf("load custom policies: %w", err)
	}
	if _, err := checkCustom(custom, rules); err != nil {
		return 0, 0, fmt.Errorf("load custom policies: %w", err)
	}
	facts, err := DefaultFacts()
	if err != nil {
		return 0, 0, fmt.Errorf("load policies: %w", err)
	}

	byName := make(map[string]*ast.Module, len(builtin)+len(custom))
	for _, m := range builtin {
		// Built-in files are named as in the repository, apart from the
		// user's.
		byName["policies/"+m.File] = m.Module
	}
	for _, m := range custom {
		byName[m.File] = m.Module
	}
	timeout := cmp.Or(opts.Timeout, DefaultEvalTimeout)
	compiler := ast.NewCompiler().
		WithCapabilities(sandboxCapabilities()).
		WithEnablePrintStatements(true)
	store := inmem.NewFromObject(map[string]any{"milint": map[string]any{"facts": facts}})
	txn, err := store.NewTransaction(ctx, storage.TransactionParams{})
	if err != nil {
		return 0, 0, err
	}
	defer store.Abort(ctx, txn)
	ch, err := tester.NewRunner().
		SetCompiler(compiler).
		SetStore(store).
		SetModules(byName).
		RaiseBuiltinErrors(true).
		CapturePrintOutput(true).
		SetTimeout(timeout).
		RunTests(ctx, txn)
	if err != nil {
		return 0, 0, fmt.Errorf("compile policies: %w", policyErrors(err))
	}
	var results []*tester.Result
	// OPA's own filter matches the package-qualified name, so --run
	// service would pick every test of a package named for services; the
	// name alone is what a user sees and selects.
	for r := range ch {
		if selected.MatchString(r.Name) {
			results = append(results, r)
		}
	}
	if len(results) == 0 {
		if opts.Run != "" {
			return 0, 0, fmt.Errorf("no test in %s matches --run %q", strings.Join(dirs, ", "), opts.Run)
		}
		return 0, 0, fmt.Errorf("no test found in %s: tests are rules named test_* in _test.rego files", strings.Join(dirs, ", "))
	}
	slices.SortFunc(results, func(a, b *tester.Result) int {
		return cmp.Or(cmp.Compare(a.Location.File, b.Location.File), cmp.Compare(a.Location.Row, b.Location.Row), cmp.Compare(a.Name, b.Name))
	})
	skipped := 0
	for _, r := range results {
		at := fmt.Sprintf("%s:%d", r.Location.File, r.Location.Row)
		switch {
		case r.Skip:
			skipped++
			fmt.Fprintf(w, "SKIP %s: %s\n", at, r.Name)
		case r.Error != nil:
			failed++
			fmt.Fprintf(w, "ERROR %s: %s: %s\n", at, r.Name, testError(r.Error, timeout))
		case r.Fail:
			failed++
			fmt.Fprintf(w, "FAIL %s: %s\n", at, r.Name)
		default:
			passed++
			fmt.Fprintf(w, "PASS %s: %s\n", at, r.Name)
		}
		if !r.Pass() && !r.Skip && len(r.Output) > 0 {
			for line := range strings.Lines(string(r.Output)) {
				fmt.Fprintf(w, "    %s", strings.TrimSuffix(line, "\n")+"\n")
			}
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed", passed, failed)
	if skipped > 0 {
		fmt.Fprintf(w, ", %d skipped", skipped)
	}
	fmt.Fprintln(w)
	return passed, failed, nil
}

// testError renders a test's error on one line.
func testError(err error, timeout time.Duration) string {
	var te *topdown.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &te) && te.Code == topdown.CancelErr) {
		return fmt.Sprintf("stopped after %s", timeout)
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}
