package cli

import (
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/mi-lint/mi-lint/internal/report"
)

// flags are the lint command's flags. Those a configuration file can also
// set are optional values, which know whether they were given: they make
// the overlay of the command line over the file (see overlay).
type flags struct {
	formats       []string
	output        string
	stage         optString
	region        optString
	failLevel     optString
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
	baseline        optString
	writeBaseline   string
	maxFileSize     string
	showSuppressed  optBool
	sarifSuppressed bool
	requireReason   optBool
	sarifCategory   string
	cacheDir        string
	noCache         bool
	diff            diffFlags
	fix             bool
	unsafeFixes     bool
}

// newFlagSet defines the lint command's flags.
func newFlagSet() (*pflag.FlagSet, *flags) {
	fs := pflag.NewFlagSet("mi-lint", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := &flags{failLevel: optString{value: "warning"}}
	fs.StringArrayVarP(&f.formats, "format", "f", nil, "output `FORMAT` ("+strings.Join(report.FormatNames(), ", ")+"), or FORMAT=FILE to write it to a file; repeatable (default text)")
	fs.StringVarP(&f.output, "output", "o", "", "write the standard-output report to `FILE` instead")
	fs.Var(&f.stage, "stage", "stage for ${opt:stage} and ${sls:stage}")
	fs.Var(&f.region, "region", "region for ${opt:region}")
	fs.StringArrayVar(&f.opts, "opt", nil, "`NAME=VALUE` for ${opt:NAME} (repeatable)")
	fs.StringArrayVar(&f.params, "param", nil, "`NAME=VALUE` for ${param:NAME}, winning over the file's params (repeatable)")
	fs.BoolVar(&f.env, "env", false, "read ${env:NAME} from the environment (off by default; values are never shown in output)")
	fs.Var(&f.failLevel, "fail-level", "lowest level that makes the exit code 1: "+strings.Join(failLevels, ", "))
	fs.BoolVar(&f.noColor, "no-color", false, "never colour text output (also when NO_COLOR is set)")
	fs.BoolVar(&f.version, "version", false, "print the version and exit")
	fs.BoolVarP(&f.help, "help", "h", false, "print this help and exit")
	fs.StringVar(&f.stdinFilename, "stdin-filename", "<stdin>", "file name that findings on standard input (\"-\") use")
	fs.StringArrayVar(&f.excludes, "exclude", nil, "skip `GLOB` in directory walks: a root-relative slash path, ** any number of segments (repeatable)")
	fs.StringVar(&f.config, "config", "", "configuration `FILE` (default: the nearest .mi-lint.yaml up to the repository root)")
	fs.StringArrayVar(&f.policies, "policy", nil, "`DIR` of custom Rego rules (repeatable; see docs/custom-rules.md)")
	fs.Var(&f.baseline, "baseline", "report only findings not recorded in the baseline `FILE`")
	fs.StringVar(&f.writeBaseline, "write-baseline", "", "record the current findings in the baseline `FILE`")
	f.diff.define(fs)
	fs.StringVar(&f.sarifCategory, "sarif-category", report.DefaultSARIFCategory, "SARIF automationDetails.id, the code scanning category that keeps runs apart")
	boolVar(fs, &f.showSuppressed, "show-suppressed", "list findings that # mi-lint:ignore directives suppress (text output)")
	fs.BoolVar(&f.sarifSuppressed, "sarif-suppressed", false, "include suppressed findings in SARIF, marked as suppressed in source")
	fs.StringVar(&f.maxFileSize, "max-file-size", defaultMaxFileSize, "largest input file to read (`SIZE` such as 10MB, 512KB; 0 for no limit); a larger file is an error for that file")
	boolVar(fs, &f.requireReason, "require-reason", "report # mi-lint:ignore directives that give no reason (-- reason)")
	fs.StringVar(&f.cacheDir, "cache-dir", "", "keep results of unchanged files in `DIR` between runs (default: mi-lint in the user cache directory, such as ~/.cache/mi-lint)")
	fs.BoolVar(&f.noCache, "no-cache", false, "lint every file afresh, reading and writing no cache")
	fs.BoolVar(&f.fix, "fix", false, "apply the rules' safe fixes in place (to standard input: print the fixed text), then report what remains")
	fs.BoolVar(&f.unsafeFixes, "unsafe-fixes", false, "with --fix, apply the suggested fixes too, which change behaviour or cost")
	fs.SortFlags = false
	return fs, f
}

// overlay is what the command line says of the settings a configuration
// file also holds: a nil field was not given, and leaves the file's value.
type overlay struct {
	failLevel, stage, region, baseline *string
	requireReason, showSuppressed      *bool
}

// overlay returns the flags given on the command line that override the
// configuration file.
func (f *flags) overlay() overlay {
	return overlay{
		failLevel:      f.failLevel.given(),
		stage:          f.stage.given(),
		region:         f.region.given(),
		baseline:       f.baseline.given(),
		requireReason:  f.requireReason.given(),
		showSuppressed: f.showSuppressed.given(),
	}
}

// optString is a string flag that knows whether it was given.
type optString struct {
	value string
	set   bool
}

func (o *optString) Set(s string) error { o.value, o.set = s, true; return nil }
func (o *optString) String() string     { return o.value }
func (o *optString) Type() string       { return "string" }

// given is the flag's value if it was given, else nil.
func (o *optString) given() *string {
	if !o.set {
		return nil
	}
	return &o.value
}

// optBool is a boolean flag that knows whether it was given.
type optBool struct {
	value bool
	set   bool
}

func (o *optBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	o.value, o.set = v, true
	return nil
}
func (o *optBool) String() string { return strconv.FormatBool(o.value) }
func (o *optBool) Type() string   { return "bool" }

// given is the flag's value if it was given, else nil.
func (o *optBool) given() *bool {
	if !o.set {
		return nil
	}
	return &o.value
}

// boolVar defines an optional boolean flag, given bare (--name) or with a
// value (--name=false), as pflag's own boolean flags are.
func boolVar(fs *pflag.FlagSet, o *optBool, name, usage string) {
	fs.VarPF(o, name, "", usage).NoOptDefVal = "true"
}

// subcommands are the names that select a subcommand instead of linting.
var subcommands = []string{"rules", "explain", "test", "help", "version"}

// splitCommand finds the subcommand args name, if any. A subcommand is
// recognised only as the first argument that is neither a flag nor a
// flag's value, and not after "--": `mi-lint --no-cache rules` lists the
// rules, while `mi-lint ./rules`, `mi-lint . rules` and `mi-lint -- rules`
// lint a directory named rules. The lint flags before the subcommand are
// parsed into lint (so that their values are not mistaken for it); those
// the subcommand also defines are passed on to it, ahead of the arguments
// that follow its name. It returns "" when args name no subcommand.
func splitCommand(args []string) (name string, inherited *pflag.FlagSet, rest []string, err error) {
	lint, _ := newFlagSet()
	lint.SetInterspersed(false)
	if err := lint.Parse(args); err != nil {
		return "", nil, nil, flagError(lint, err)
	}
	if lint.NArg() == 0 || lint.ArgsLenAtDash() == 0 || !slices.Contains(subcommands, lint.Arg(0)) {
		return "", nil, nil, nil
	}
	return lint.Arg(0), lint, lint.Args()[1:], nil
}

// inherit returns, as arguments for the subcommand's flag set sub, the
// flags given before the subcommand's name that sub also defines.
func inherit(given *pflag.FlagSet, sub *pflag.FlagSet) []string {
	var out []string
	if given == nil {
		return nil
	}
	given.Visit(func(fl *pflag.Flag) {
		if sub.Lookup(fl.Name) == nil {
			return
		}
		values := []string{fl.Value.String()}
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			values = sv.GetSlice()
		}
		for _, v := range values {
			out = append(out, "--"+fl.Name+"="+v)
		}
	})
	return out
}
