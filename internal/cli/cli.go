// Package cli is mi-lint's command line: it recognises the subcommand,
// resolves the flags over the configuration, wires the policies and the
// lint run to the inputs and the post-processed result to the writers, and
// returns the exit code.
package cli

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"

	"strings"
	"syscall"

	"github.com/mi-lint/mi-lint/internal/config"
	"github.com/mi-lint/mi-lint/internal/discover"
	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/policy"
	"github.com/mi-lint/mi-lint/internal/process"
	"github.com/mi-lint/mi-lint/internal/report"
)

// Exit codes.
const (
	// ExitOK: no finding at or above the fail level.
	ExitOK = 0
	// ExitFindings: at least one finding at or above the fail level.
	ExitFindings = 1
	// ExitError: the command line was wrong, or an input could not be read
	// or parsed (every other input's findings are still reported).
	ExitError = 2
	// ExitInterrupted: the run was interrupted (Ctrl-C, SIGTERM); no report
	// was written.
	ExitInterrupted = 130
)

// defaultMaxFileSize is --max-file-size's default.
const defaultMaxFileSize = "10MB"

const informationURI = "https://github.com/mi-lint/mi-lint"

// failLevels are the values of --fail-level, most severe first.
var failLevels = []string{"error", "warning", "note", "none"}

// Command is one invocation of mi-lint with its streams, so that tests run
// it in process.
type Command struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment (NO_COLOR, the user cache directory);
	// nil reads none.
	Getenv func(string) string
	// Getwd returns the working directory, which relative paths on the
	// command line are relative to; nil uses the process's.
	Getwd func() (string, error)
	// Context, when set, stops the run when it is done; otherwise Main
	// stops on SIGINT and SIGTERM.
	Context context.Context
}

// Main runs mi-lint with the process's streams and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	tuneGC(os.Getenv)
	c := &Command{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, Getwd: os.Getwd}
	return c.Main(args)
}

const usage = `mi-lint checks Serverless Framework configurations that use AWS Lambda
Managed Instances (provider.capacityProviders, functions.<fn>.capacityProvider).

Usage:
  mi-lint [flags] [PATH...]
  mi-lint rules [--format text|json|markdown]   list every rule
  mi-lint explain RULE                          explain a rule (ID or name)
  mi-lint test DIR...                           run custom policies' Rego tests

A subcommand is named by the first argument that is not a flag; to lint a
directory called rules, explain or test, write ./rules (or -- rules).

PATH is a file or a directory (default "."). Directories are searched for
serverless.yml, serverless.yaml and serverless.json, skipping node_modules,
.serverless, .git and vendor, what .gitignore files ignore and what --exclude
matches; serverless.ts and .js files are reported as skipped, and the services
a serverless-compose.yml lists are linted with its params. A file named on the
command line is linted whatever its name. "-" reads standard input.

Examples:
  mi-lint                                   lint every service under .
  mi-lint services/api/serverless.yml       lint one file
  mi-lint --stage prod --region eu-west-1   resolve ${opt:stage} and ${opt:region}
  mi-lint -f sarif -o mi-lint.sarif .       write SARIF for GitHub code scanning
  cat serverless.yml | mi-lint --stdin-filename serverless.yml -

Exit codes: 0 no finding at or above --fail-level; 1 findings at or above it;
2 a bad command line or an input that could not be read or parsed.

Flags:
`

// Main runs mi-lint with the command line args (args[0] is the program's
// name) and returns the exit code.
func (c *Command) Main(args []string) int {
	if len(args) > 0 {
		args = args[1:]
	}
	ctx, stop := c.runContext()
	defer stop()
	name, given, rest, err := splitCommand(args)
	if err != nil {
		return c.parseError(err)
	}
	switch name {
	case "rules":
		return c.rulesCommand(ctx, given, rest)
	case "explain":
		return c.explainCommand(ctx, given, rest)
	case "test":
		return c.testCommand(ctx, given, rest)
	}
	fs, f := newFlagSet()
	if err := fs.Parse(args); err != nil {
		return c.parseError(err)
	}
	switch {
	case f.help:
		fmt.Fprint(c.Stdout, usage+fs.FlagUsages())
		return ExitOK
	case f.version:
		fmt.Fprintf(c.Stdout, "mi-lint %s\n", Version())
		return ExitOK
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	return c.lint(ctx, f, paths)
}

// parseError reports a command line that could not be parsed.
func (c *Command) parseError(err error) int {
	fmt.Fprintf(c.Stderr, "mi-lint: %v\nRun 'mi-lint --help' for usage.\n", err)
	return ExitError
}

// lint lints paths with the settings of the flags over the configuration.
func (c *Command) lint(ctx context.Context, f *flags, paths []string) int {
	wd, err := c.workingDir()
	if err != nil {
		return c.fatal(err)
	}
	if f.unsafeFixes && !f.fix {
		return c.usageError(errors.New("--unsafe-fixes works only with --fix"))
	}
	ws := discover.Workspace{Root: discover.FindRoot(wd), WD: wd}
	cfg, err := loadConfig(f.config, wd, ws.Root)
	if err != nil {
		return c.configErrors(err, ws.RelToWD)
	}
	set, err := c.resolveSettings(f, cfg, wd)
	if err != nil {
		return c.configErrors(err, ws.RelToWD)
	}
	if ws.Excludes, err = discover.ParseExcludes(set.excludes); err != nil {
		return c.usageError(err)
	}
	ws.Stage = cmp.Or(set.loader.Stage, "dev")
	if ws.MaxFileSize, err = discover.ParseSize(f.maxFileSize); err != nil {
		return c.usageError(err)
	}

	root, err := os.OpenRoot(ws.Root)
	if err != nil {
		return c.fatal(fmt.Errorf("open repository root: %w", err))
	}
	defer root.Close()
	// Includes are read through the root, which refuses paths and symlinks
	// that lead outside it.
	set.loader.Files = root.FS()

	eng, ruleSettings, err := c.newEngine(ctx, f, set, ws)
	if err != nil {
		return c.configErrors(err, ws.RelToWD)
	}
	files, inputErrs, notices := ws.Collect(ctx, paths, c.Stdin, f.stdinFilename)
	if err := f.diff.attach(ctx, ws, files); err != nil {
		return c.usageError(err)
	}
	run := func() (report.Result, int) {
		res := eng.Lint(ctx, files)
		if ctx.Err() != nil {
			// Interrupted: no report at all rather than a partial one.
			fmt.Fprintln(c.Stderr, "mi-lint: interrupted")
			return res, ExitInterrupted
		}
		res.Errors = append(res.Errors, inputErrs...)
		res.Notices = append(res.Notices, notices...)
		res.Files += len(inputErrs)
		if err := process.Run(&res, postprocess(set, ruleSettings, ws.WD)...); err != nil {
			return res, c.fatal(err)
		}
		return res, ExitOK
	}
	var res report.Result
	var code int
	if f.fix {
		res, code = c.lintAndFix(f, ws, root, files, paths, run)
	} else {
		res, code = run()
	}
	if code != ExitOK {
		return code
	}
	if err := c.writeReports(res, set, ws, root, f.noColor); err != nil {
		return c.fatal(err)
	}
	return exitCode(res, set.failLevel)
}

// postprocess is the chain of steps that turns the run's result into the
// reported one, in order: sorted once, before the filters, which keep the
// order (the baseline needs it to pick which of several same-key findings
// is new); the configuration's rule settings; the baseline written
// (--write-baseline) from the findings so far; the findings the baseline
// (--baseline) records left out.
func postprocess(set settings, ruleSettings map[string]config.RuleSetting, wd string) []process.Step {
	steps := []process.Step{process.Sort{}, process.RuleSettings(ruleSettings)}
	if set.writeBaseline != "" {
		steps = append(steps, process.WriteBaseline{Path: absFrom(wd, set.writeBaseline), Write: writeFileAtomic})
	}
	if set.baseline != "" {
		steps = append(steps, process.Baseline{Path: absFrom(wd, set.baseline)})
	}
	return steps
}

// newEngine loads the policies, resolves the configuration's rule settings
// against their rules, and prepares the lint with the rules turned off
// left out.
func (c *Command) newEngine(ctx context.Context, f *flags, set settings, ws discover.Workspace) (*linter.Engine, map[string]config.RuleSetting, error) {
	resultCache := c.openCache(f, ws.WD)
	policies, err := policy.Load(policy.Options{
		Dirs: set.policyDirs, BaseDir: ws.WD, Facts: set.facts, Cache: resultCache, CacheSalt: cacheSalt(),
	})
	if err != nil {
		return nil, nil, err
	}
	var ruleSettings map[string]config.RuleSetting
	var skip []string
	if set.cfg != nil {
		if ruleSettings, err = set.cfg.ResolveRules(policies.Rules()); err != nil {
			return nil, nil, err
		}
		for _, r := range policies.Rules() {
			if ruleSettings[r.ID].Off {
				skip = append(skip, r.ID)
			}
		}
	}
	eng, err := linter.New(ctx, linter.Options{
		Policies: policies, Skip: skip,
		Loader: set.loader, Limits: limitsFor(ws.MaxFileSize),
		Cache: resultCache, CacheSalt: cacheSalt(),
		Suppress: linter.SuppressOptions{RequireReason: set.requireReason},
	})
	return eng, ruleSettings, err
}

// writeReports writes the report in every format asked for.
func (c *Command) writeReports(res report.Result, set settings, ws discover.Workspace, root *os.Root, noColor bool) error {
	opts := report.Options{
		Tool:            report.Tool{Name: "mi-lint", Version: Version(), InformationURI: informationURI},
		DisplayPath:     ws.Display,
		SrcRootURI:      report.DirURI(ws.Root),
		SARIFCategory:   set.sarifCategory,
		ShowSuppressed:  set.showSuppressed,
		SARIFSuppressed: set.sarifSuppressed,
		LineText:        newLineReader(root).text,
	}
	for _, out := range set.outputs {
		o := opts
		o.Color = out.path == "" && out.format == "text" && c.colorAllowed(noColor)
		if err := c.write(out.formatter, res, o, out.path); err != nil {
			return err
		}
	}
	return nil
}

// workingDir is the directory relative paths are relative to.
func (c *Command) workingDir() (string, error) {
	getwd := c.Getwd
	if getwd == nil {
		getwd = os.Getwd
	}
	wd, err := getwd()
	if err != nil {
		return "", fmt.Errorf("working directory: %w", err)
	}
	return wd, nil
}

// limitsFor is the loader's default limits with --max-file-size, which
// also bounds the includes a file reads.
func limitsFor(maxFileSize int64) loader.Limits {
	lim := loader.DefaultLimits
	lim.MaxBytes = int(maxFileSize)
	return lim
}

// runContext is done when the run must stop: Command.Context, else on
// SIGINT or SIGTERM.
func (c *Command) runContext() (context.Context, context.CancelFunc) {
	if c.Context != nil {
		return context.WithCancel(c.Context)
	}
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// loaderOptions turns the variable flags into loader options.
func (c *Command) loaderOptions(f *flags) (loader.Options, error) {
	opts := loader.Options{Stage: f.stage.value, Region: f.region.value}
	var err error
	if opts.Opts, err = keyValues("--opt", f.opts); err != nil {
		return opts, err
	}
	if opts.Params, err = keyValues("--param", f.params); err != nil {
		return opts, err
	}
	if f.env && c.Getenv != nil {
		getenv := c.Getenv
		opts.Env = func(name string) (string, bool) {
			v := getenv(name)
			return v, v != ""
		}
	}
	return opts, nil
}

// keyValues parses repeated NAME=VALUE flag values.
func keyValues(flag string, values []string) (map[string]string, error) {
	if len(values) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(values))
	for _, kv := range values {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%s %q: write NAME=VALUE", flag, kv)
		}
		out[k] = v
	}
	return out, nil
}

func exitCode(res report.Result, failLevel string) int {
	if len(res.Errors) > 0 {
		return ExitError
	}
	threshold := finding.Level(failLevel).Rank()
	if threshold == 0 {
		return ExitOK // --fail-level none
	}
	for _, f := range res.Findings {
		if f.Level.Rank() >= threshold {
			return ExitFindings
		}
	}
	return ExitOK
}

// write renders the report; a file is written whole or not at all.
func (c *Command) write(formatter report.Formatter, res report.Result, opts report.Options, output string) error {
	if output == "" {
		bw := bufio.NewWriterSize(c.Stdout, 64<<10)
		if err := formatter(bw, res, opts); err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := writeFileAtomic(output, func(w io.Writer) error { return formatter(w, res, opts) }); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// writeFileAtomic writes path through a temporary file in its directory,
// renamed into place once write has succeeded, so that a reader never sees
// half a report and a large one is never held in memory.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".mi-lint-*")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(tmp, 64<<10)
	werr := write(bw)
	if werr == nil {
		werr = bw.Flush()
	}
	// CreateTemp makes the file private; a report is an ordinary file.
	merr := tmp.Chmod(0o644)
	cerr := tmp.Close()
	if err := errors.Join(werr, merr, cerr); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return nil
}

func (c *Command) colorAllowed(noColor bool) bool {
	if noColor || (c.Getenv != nil && c.Getenv("NO_COLOR") != "") {
		return false
	}
	file, ok := c.Stdout.(*os.File)
	return ok && isTerminal(file)
}

// isTerminal reports whether f is a terminal (a character device); tests
// replace it.
var isTerminal = func(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func (c *Command) usageError(err error) int {
	fmt.Fprintf(c.Stderr, "mi-lint: %v\n", err)
	return ExitError
}

func (c *Command) fatal(err error) int {
	fmt.Fprintf(c.Stderr, "mi-lint: %v\n", err)
	return ExitError
}

// version is set at release build time with -ldflags "-X ...cli.version=v1.2.3".
var version = ""

// Version is mi-lint's version: the release's, else the module version
// `go install` recorded, else "dev".
func Version() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return devVersion
}

// devVersion is the version of a build that carries none.
const devVersion = "0.0.0-dev"
