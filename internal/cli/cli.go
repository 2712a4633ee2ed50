// Package cli is mi-lint's command line: it parses flags, wires the
// engine to the inputs and the report to the outputs, and returns the exit
// code.
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

	"github.com/spf13/pflag"

	"github.com/mi-lint/mi-lint/internal/config"
	"github.com/mi-lint/mi-lint/internal/discover"
	"github.com/mi-lint/mi-lint/internal/engine"
	"github.com/mi-lint/mi-lint/internal/loader"
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

type flags struct {
	formats       []string
	output        string
	stage         string
	region        string
	failLevel     string
	noColor       bool
	version       bool
	help          bool
	stdinFilename string
	opts          []string
	params        []string
	env           bool
	excludes      []string

	config          string
	policies        []string
	baseline        string
	writeBaseline   string
	maxFileSize     string
	showSuppressed  bool
	sarifSuppressed bool
	requireReason   bool
	sarifCategory   string
	cacheDir        string
	noCache         bool
}

const usage = `mi-lint checks Serverless Framework configurations that use AWS Lambda
Managed Instances (provider.capacityProviders, functions.<fn>.capacityProvider).

Usage:
  mi-lint [flags] [PATH...]
  mi-lint rules [--format text|json|markdown]   list every rule
  mi-lint explain RULE                          explain a rule (ID or name)

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
	fs := pflag.NewFlagSet("mi-lint", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f flags
	fs.StringArrayVarP(&f.formats, "format", "f", nil, "output `FORMAT` ("+strings.Join(report.FormatNames(), ", ")+"), or FORMAT=FILE to write it to a file; repeatable (default text)")
	fs.StringVarP(&f.output, "output", "o", "", "write the standard-output report to `FILE` instead")
	fs.StringVar(&f.stage, "stage", "", "stage for ${opt:stage} and ${sls:stage}")
	fs.StringVar(&f.region, "region", "", "region for ${opt:region}")
	fs.StringArrayVar(&f.opts, "opt", nil, "`NAME=VALUE` for ${opt:NAME} (repeatable)")
	fs.StringArrayVar(&f.params, "param", nil, "`NAME=VALUE` for ${param:NAME}, winning over the file's params (repeatable)")
	fs.BoolVar(&f.env, "env", false, "read ${env:NAME} from the environment (off by default; values are never shown in output)")
	fs.StringVar(&f.failLevel, "fail-level", "warning", "lowest level that makes the exit code 1: "+strings.Join(failLevels, ", "))
	fs.BoolVar(&f.noColor, "no-color", false, "never colour text output (also when NO_COLOR is set)")
	fs.BoolVar(&f.version, "version", false, "print the version and exit")
	fs.BoolVarP(&f.help, "help", "h", false, "print this help and exit")
	fs.StringVar(&f.stdinFilename, "stdin-filename", "<stdin>", "file name that findings on standard input (\"-\") use")
	fs.StringArrayVar(&f.excludes, "exclude", nil, "skip `GLOB` in directory walks: a root-relative slash path, ** any number of segments (repeatable)")
	fs.StringVar(&f.config, "config", "", "configuration `FILE` (default: the nearest .mi-lint.yaml up to the repository root)")
	fs.StringArrayVar(&f.policies, "policy", nil, "`DIR` of custom Rego rules (repeatable; see docs/custom-rules.md)")
	fs.StringVar(&f.baseline, "baseline", "", "report only findings not recorded in the baseline `FILE`")
	fs.StringVar(&f.writeBaseline, "write-baseline", "", "record the current findings in the baseline `FILE`")
	diff := addDiffFlags(fs)
	fs.StringVar(&f.sarifCategory, "sarif-category", report.DefaultSARIFCategory, "SARIF automationDetails.id, the code scanning category that keeps runs apart")
	fs.BoolVar(&f.showSuppressed, "show-suppressed", false, "list findings that # mi-lint:ignore directives suppress (text output)")
	fs.BoolVar(&f.sarifSuppressed, "sarif-suppressed", false, "include suppressed findings in SARIF, marked as suppressed in source")
	fs.StringVar(&f.maxFileSize, "max-file-size", defaultMaxFileSize, "largest input file to read (`SIZE` such as 10MB, 512KB; 0 for no limit); a larger file is an error for that file")
	fs.BoolVar(&f.requireReason, "require-reason", false, "report # mi-lint:ignore directives that give no reason (-- reason)")
	fs.StringVar(&f.cacheDir, "cache-dir", "", "keep results of unchanged files in `DIR` between runs (default: mi-lint in the user cache directory, such as ~/.cache/mi-lint)")
	fs.BoolVar(&f.noCache, "no-cache", false, "lint every file afresh, reading and writing no cache")
	fs.SortFlags = false

	if len(args) > 0 {
		args = args[1:]
	}
	if len(args) > 0 {
		switch args[0] {
		case "rules":
			return c.rulesCommand(args[1:])
		case "explain":
			return c.explainCommand(args[1:])
		case "test":
			return c.testCommand(args[1:])
		}
	}
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(c.Stderr, "mi-lint: %v\nRun 'mi-lint --help' for usage.\n", err)
		return ExitError
	}
	if f.help {
		fmt.Fprint(c.Stdout, usage+fs.FlagUsages())
		return ExitOK
	}
	if f.version {
		fmt.Fprintf(c.Stdout, "mi-lint %s\n", Version())
		return ExitOK
	}
	getwd := c.Getwd
	if getwd == nil {
		getwd = os.Getwd
	}
	wd, err := getwd()
	if err != nil {
		return c.fatal(fmt.Errorf("working directory: %w", err))
	}
	ws := discover.Workspace{Root: discover.FindRoot(wd), WD: wd}
	cfg, err := loadConfig(f.config, wd, ws.Root)
	if err != nil {
		return c.configErrors(err, ws.RelToWD)
	}
	set, err := c.resolveSettings(fs, f, cfg, wd)
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
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}

	root, err := os.OpenRoot(ws.Root)
	if err != nil {
		return c.fatal(fmt.Errorf("open repository root: %w", err))
	}
	defer root.Close()
	// Includes are read through the root, which refuses paths and symlinks
	// that lead outside it.
	set.loader.Files = root.FS()

	ctx, stop := c.runContext()
	defer stop()
	// The rules a configuration turns off are known only once the engine
	// has read every rule: it is told them then (Skip).
	var ruleSettings map[string]config.RuleSetting
	eng, err := engine.New(ctx, engine.Options{
		Loader: set.loader, Limits: limitsFor(ws.MaxFileSize), PolicyDirs: set.policyDirs, PolicyBaseDir: wd, Facts: set.facts,
		Cache: c.openCache(f, wd), CacheSalt: cacheSalt(),
		Suppress: engine.SuppressOptions{RequireReason: set.requireReason},
	})
	if err != nil {
		return c.fatal(err)
	}
	if cfg != nil {
		if ruleSettings, err = cfg.ResolveRules(eng.Rules()); err != nil {
			return c.configErrors(err, ws.RelToWD)
		}
		if err := eng.Skip(ctx, func(id string) bool { return ruleSettings[id].Off }); err != nil {
			return c.fatal(err)
		}
	}
	files, inputErrs, notices := ws.Collect(ctx, paths, c.Stdin, f.stdinFilename)
	if err := diff.attach(ctx, ws, files); err != nil {
		return c.usageError(err)
	}
	res := eng.Lint(ctx, files)
	if ctx.Err() != nil {
		// Interrupted: no report at all rather than a partial one.
		fmt.Fprintln(c.Stderr, "mi-lint: interrupted")
		return ExitInterrupted
	}
	res.Errors = append(res.Errors, inputErrs...)
	res.Notices = append(res.Notices, notices...)
	res.Files += len(inputErrs)
	// Sorted once, before the filters: they keep the order, and the
	// baseline needs it to pick which of several same-key findings is new.
	res.Sort()
	applyRuleSettings(&res, ruleSettings)
	if err := c.applyBaseline(&res, set, wd); err != nil {
		return c.fatal(err)
	}

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
		o.Color = out.path == "" && out.format == "text" && c.colorAllowed(f.noColor)
		if err := c.write(out.formatter, res, o, out.path); err != nil {
			return c.fatal(err)
		}
	}
	return exitCode(res, set.failLevel)
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
func (c *Command) loaderOptions(f flags) (loader.Options, error) {
	opts := loader.Options{Stage: f.stage, Region: f.region}
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
	threshold := report.Level(failLevel).Rank()
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
