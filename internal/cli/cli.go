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

	"github.com/spf13/pflag"

	"github.com/mi-lint/mi-lint/internal/config"
	"github.com/mi-lint/mi-lint/internal/discover"
	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/policy"
	"github.com/mi-lint/mi-lint/internal/process"
	"github.com/mi-lint/mi-lint/internal/report"
	"github.com/mi-lint/mi-lint/internal/textdist"
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
const defaultMaxFileSize = "10MiB"

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
	// IsTerminal reports whether Stdout is a terminal, where text output
	// is coloured; nil takes a character device for one.
	IsTerminal func(io.Writer) bool
}

// Main runs mi-lint with the process's streams and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	tuneGC(os.Getenv)
	c := &Command{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, Getwd: os.Getwd}
	return c.Main(args)
}

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
	case "help":
		return c.helpCommand(ctx, rest)
	case "version":
		return c.printVersion()
	}
	fs, f := newFlagSet()
	if err := fs.Parse(args); err != nil {
		return c.parseError(flagError(fs, err))
	}
	switch {
	case f.help:
		fmt.Fprint(c.Stdout, usage())
		return ExitOK
	case f.version:
		return c.printVersion()
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	wd, err := c.workingDir()
	if err != nil {
		return c.fatal(err)
	}
	if code, ok := c.checkPaths(fs, paths, wd); !ok {
		return code
	}
	return c.lint(ctx, f, paths, wd)
}

func (c *Command) printVersion() int {
	fmt.Fprintf(c.Stdout, "mi-lint %s\n", Version())
	return ExitOK
}

// helpCommand is `mi-lint help [COMMAND]`: the usage, or a command's.
func (c *Command) helpCommand(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.Stdout, usage())
		return ExitOK
	}
	switch args[0] {
	case "rules":
		return c.rulesCommand(ctx, nil, []string{"--help"})
	case "explain":
		return c.explainCommand(ctx, nil, []string{"--help"})
	case "test":
		return c.testCommand(ctx, nil, []string{"--help"})
	case "help", "version":
		fmt.Fprint(c.Stdout, usage())
		return ExitOK
	}
	return c.parseError(unknownCommand(args[0]))
}

// unknownCommand is the error for a word that names no command.
func unknownCommand(word string) error {
	msg := fmt.Sprintf("unknown command %q", word)
	if s := textdist.Nearest(word, subcommands); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else {
		msg += "; the commands are " + strings.Join(subcommands, ", ")
	}
	return errors.New(msg)
}

// checkPaths refuses a command line whose paths cannot be linted: a path
// that does not exist (an error about the path, before any file is read;
// a first path that is close to a command's name is taken for a mistyped
// command), standard input named twice, and --stdin-filename without "-".
func (c *Command) checkPaths(flagSet *pflag.FlagSet, paths []string, wd string) (int, bool) {
	stdin := 0
	var missing []string
	for i, p := range paths {
		if p == "-" {
			stdin++
			continue
		}
		if _, err := os.Stat(absFrom(wd, p)); err != nil && errors.Is(err, os.ErrNotExist) {
			if i == 0 && flagSet.ArgsLenAtDash() != 0 && textdist.Nearest(p, subcommands) != "" {
				return c.parseError(unknownCommand(p)), false
			}
			missing = append(missing, p)
		}
	}
	switch {
	case stdin > 1:
		return c.usageError(errors.New(`standard input ("-") can be read only once`)), false
	case flagSet.Changed("stdin-filename") && stdin == 0:
		return c.usageError(errors.New(`--stdin-filename names standard input, which is read only when "-" is among the paths`)), false
	}
	for _, p := range missing {
		fmt.Fprintf(c.Stderr, "mi-lint: %s: no such file or directory\n", p)
	}
	if len(missing) > 0 {
		return ExitError, false
	}
	return ExitOK, true
}

// interrupted reports a run that a signal (or Command.Context) stopped.
func (c *Command) interrupted() int {
	fmt.Fprintln(c.Stderr, "mi-lint: interrupted")
	return ExitInterrupted
}

// parseError reports a command line that could not be parsed.
func (c *Command) parseError(err error) int {
	fmt.Fprintf(c.Stderr, "mi-lint: %v\nRun 'mi-lint --help' for usage.\n", err)
	return ExitError
}

// flagError adds a did-you-mean to pflag's error for an unknown flag.
func flagError(fs *pflag.FlagSet, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: ")
	if !ok {
		return err
	}
	var names []string
	fs.VisitAll(func(f *pflag.Flag) { names = append(names, "--"+f.Name) })
	if s := textdist.Nearest(name, names); s != "" {
		return fmt.Errorf("%w; did you mean %s?", err, s)
	}
	return err
}

// lint lints paths with the settings of the flags over the configuration.
func (c *Command) lint(ctx context.Context, f *flags, paths []string, wd string) int {
	if f.unsafeFixes && !f.fix {
		return c.usageError(errors.New("--unsafe-fixes works only with --fix"))
	}
	ws := discover.Workspace{Root: discover.FindRoot(wd), WD: wd}
	// The configuration file is named as --config gave it, else relative
	// to the working directory.
	configName := func(path string) string {
		if f.config != "" && path == absFrom(wd, f.config) {
			return f.config
		}
		return ws.RelToWD(path)
	}
	cfg, err := loadConfig(f.config, wd, ws.Root)
	if err != nil {
		if cfg != nil {
			err = errors.Join(err, laterConfigErrors(cfg, f.policies, wd))
		}
		return c.configErrors(err, configName)
	}
	set, err := c.resolveSettings(f, cfg, wd)
	if err != nil {
		return c.configErrors(err, configName)
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

	// The files are found while the policies compile: neither needs the
	// other, and each is a large part of a run's start on a large tree.
	type collected struct {
		found     []discover.File
		inputErrs []finding.FileError
		notices   []finding.Notice
	}
	collecting := make(chan collected, 1)
	go func() {
		var r collected
		r.found, r.inputErrs, r.notices = ws.Collect(ctx, paths, c.Stdin, f.stdinFilename)
		collecting <- r
	}()
	eng, ruleSettings, err := c.newEngine(ctx, f, set, ws)
	col := <-collecting
	if err != nil {
		return c.configErrors(err, configName)
	}
	found, inputErrs, notices := col.found, col.inputErrs, col.notices
	files := make([]linter.File, len(found))
	for i, d := range found {
		files[i] = linter.File{Name: d.Name, Read: d.Read, ComposeParams: d.ComposeParams}
	}
	if err := f.diff.attach(ctx, ws, files); err != nil {
		return c.usageError(err)
	}
	lintFiles := func() (report.Result, int) {
		res := eng.Lint(ctx, files)
		if ctx.Err() != nil {
			// Interrupted: no report at all rather than a partial one.
			return res, c.interrupted()
		}
		res.Errors = append(res.Errors, inputErrs...)
		res.Notices = append(res.Notices, notices...)
		res.Files += len(inputErrs)
		return res, ExitOK
	}
	if set.writeBaseline != "" {
		res, code := lintFiles()
		if code != ExitOK {
			return code
		}
		return c.writeBaseline(res, set, ruleSettings, ws)
	}
	run := func() (report.Result, int) {
		res, code := lintFiles()
		if code != ExitOK {
			return res, code
		}
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
// is new); the configuration's rule settings; the findings the baseline
// (--baseline) records left out.
func postprocess(set settings, ruleSettings map[string]config.RuleSetting, wd string) []process.Step {
	steps := []process.Step{process.Sort{}, ruleSettingsStep(ruleSettings)}
	if set.baseline != "" {
		steps = append(steps, process.Baseline{Path: absFrom(wd, set.baseline)})
	}
	return steps
}

// ruleSettingsStep is the post-processing step for the configuration's
// rule settings.
func ruleSettingsStep(ruleSettings map[string]config.RuleSetting) process.RuleSettings {
	step := process.RuleSettings{}
	for id, s := range ruleSettings {
		step[id] = process.RuleSetting{Off: s.Off, Level: s.Level}
	}
	return step
}

// writeBaseline is a run with --write-baseline: it records the findings,
// after the configuration's rule settings and before any baseline, and
// says so in one line instead of a report. It exits 0 whatever the
// findings and the configured baseline or fail level; a file that could
// not be linted is named on standard error and exits 2, as the baseline
// then misses its findings.
func (c *Command) writeBaseline(res report.Result, set settings, ruleSettings map[string]config.RuleSetting, ws discover.Workspace) int {
	steps := []process.Step{
		process.Sort{}, ruleSettingsStep(ruleSettings),
		process.WriteBaseline{Path: absFrom(ws.WD, set.writeBaseline), Write: writeFileAtomic},
	}
	if err := process.Run(&res, steps...); err != nil {
		return c.fatal(err)
	}
	fmt.Fprintf(c.Stdout, "mi-lint: wrote baseline %s: %s in %s\n", set.writeBaseline,
		plural(len(res.Findings), "finding", "findings"), plural(res.Files, "file", "files"))
	if len(res.Errors) == 0 {
		return ExitOK
	}
	for _, e := range res.Errors {
		pos := ws.Display(e.File)
		if e.Line > 0 {
			pos = fmt.Sprintf("%s:%d:%d", pos, e.Line, e.Column)
		}
		fmt.Fprintf(c.Stderr, "%s: error: %s\n", pos, e.Message)
	}
	fmt.Fprintf(c.Stderr, "mi-lint: the baseline misses the findings of %s that could not be linted\n", plural(len(res.Errors), "file", "files"))
	return ExitError
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
		FailLevel:       set.failLevel,
		LineText:        newLineReader(root).text,
	}
	textToStdout := false
	for _, out := range set.outputs {
		o := opts
		o.Color = out.path == "" && out.format == "text" && c.colorAllowed(noColor)
		if err := c.write(out, res, o); err != nil {
			return err
		}
		textToStdout = textToStdout || out.path == "" && out.format == "text"
	}
	// A file that could not be linted must be seen where a person looks,
	// also when every report goes to a file or is meant for a machine.
	if !textToStdout {
		for _, e := range res.Errors {
			fmt.Fprintln(c.Stderr, report.ErrorLine(e, opts))
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
	for _, name := range []string{"stage", "region"} {
		if v, ok := opts.Opts[name]; ok {
			// As a configuration file's opts.stage is, for the same reason.
			return opts, fmt.Errorf("--opt %s=%s has no effect: ${opt:%s} reads --%s; write --%s %s", name, v, name, name, name, v)
		}
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

// write renders the report to standard output, or to the file out names;
// a file is written whole or not at all.
func (c *Command) write(out output, res report.Result, opts report.Options) error {
	if out.path == "" {
		bw := bufio.NewWriterSize(c.Stdout, 64<<10)
		if err := out.formatter(bw, res, opts); err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := writeFileNamed(out.path, out.name, func(w io.Writer) error { return out.formatter(w, res, opts) }); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// writeFileAtomic writes path whole or not at all (see writeFileNamed).
func writeFileAtomic(path string, write func(io.Writer) error) error {
	return writeFileNamed(path, path, write)
}

// writeFileNamed writes path through a temporary file in its directory,
// renamed into place once write has succeeded, so that a reader never sees
// half a report and a large one is never held in memory. A path that is
// not a regular file (/dev/null, a pipe) is written to directly: renaming
// over it would replace the device. Its errors name the file as name (the
// path as the user gave it), never the temporary file.
func writeFileNamed(path, name string, write func(io.Writer) error) error {
	fail := func(err error) error { return fmt.Errorf("%s: %s", name, discover.DescribeOpenError(err)) }
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() && !info.IsDir() {
		return writeDirect(path, write, fail)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".mi-lint-*")
	if err != nil {
		return fail(err)
	}
	bw := bufio.NewWriterSize(tmp, 64<<10)
	werr := write(bw)
	if werr == nil {
		werr = bw.Flush()
	}
	// CreateTemp makes the file private; a report is an ordinary file.
	merr := tmp.Chmod(0o644)
	cerr := tmp.Close()
	if err := cmp.Or(werr, merr, cerr); err != nil {
		_ = os.Remove(tmp.Name())
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		if le, ok := errors.AsType[*os.LinkError](err); ok {
			err = le.Err
		}
		return fail(err)
	}
	return nil
}

// writeDirect writes to a path that is not a regular file, as it is.
func writeDirect(path string, write func(io.Writer) error, fail func(error) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fail(err)
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	werr := write(bw)
	if werr == nil {
		werr = bw.Flush()
	}
	if err := cmp.Or(werr, f.Close()); err != nil {
		return fail(err)
	}
	return nil
}

func (c *Command) colorAllowed(noColor bool) bool {
	if noColor || (c.Getenv != nil && c.Getenv("NO_COLOR") != "") {
		return false
	}
	if c.IsTerminal != nil {
		return c.IsTerminal(c.Stdout)
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
