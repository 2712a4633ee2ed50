package cli

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mi-lint/mi-lint/internal/config"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/policy"
	"github.com/mi-lint/mi-lint/internal/textdist"
)

// settings are a lint run's options: command-line flags over the
// configuration file over the defaults.
type settings struct {
	cfg             *config.Config
	outputs         []output
	failLevel       string
	loader          loader.Options
	excludes        []string
	policyDirs      []string
	facts           map[string]any
	baseline        string
	writeBaseline   string
	showSuppressed  bool
	sarifSuppressed bool
	requireReason   bool
	sarifCategory   string
}

// loadConfig finds and parses the configuration file: --config, else the
// nearest .mi-lint.yaml walking up from wd to the root. A nil config means
// there is none.
func loadConfig(explicit, wd, root string) (*config.Config, error) {
	name := explicit
	if name != "" {
		if !filepath.IsAbs(name) {
			name = filepath.Join(wd, name)
		}
	} else {
		found, err := config.Find(wd, root)
		if err != nil || found == "" {
			return nil, err
		}
		name = found
	}
	return config.Load(name)
}

// laterConfigErrors finds the mistakes of a configuration file with others
// already, that would otherwise show only once those are fixed, so that
// all are reported at once: data that does not fit the facts, and rule
// names no policy defines (unless a policy directory is missing, which
// leaves its rules unknown).
func laterConfigErrors(cfg *config.Config, flagPolicies []string, wd string) error {
	var errs []error
	if cfg.Data != nil {
		defaults, err := policy.DefaultFacts()
		if err != nil {
			return err
		}
		if _, err := cfg.ResolveData(defaults); err != nil {
			errs = append(errs, err)
		}
	}
	if len(cfg.Rules) > 0 && cfg.PoliciesComplete() {
		dirs := slices.Clone(flagPolicies)
		for _, p := range cfg.Policies {
			dirs = append(dirs, p.Path)
		}
		// A policy that does not load is reported once the file is fixed.
		if set, err := policy.Load(policy.Options{Dirs: dirs, BaseDir: wd}); err == nil {
			if _, err := cfg.ResolveRules(set.Rules()); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// resolveSettings resolves the run's settings: the flags that were given
// over the configuration file over the defaults.
func (c *Command) resolveSettings(f *flags, cfg *config.Config, wd string) (settings, error) {
	s := settings{
		cfg:             cfg,
		failLevel:       f.failLevel.value,
		excludes:        f.excludes,
		policyDirs:      f.policies,
		baseline:        f.baseline.value,
		writeBaseline:   f.writeBaseline,
		showSuppressed:  f.showSuppressed.value,
		sarifSuppressed: f.sarifSuppressed,
		requireReason:   f.requireReason.value,
		sarifCategory:   f.sarifCategory,
	}
	var err error
	if s.outputs, err = parseOutputs(f.formats, f.output); err != nil {
		return s, err
	}
	for i := range s.outputs {
		if s.outputs[i].path != "" {
			s.outputs[i].path = absFrom(wd, s.outputs[i].path)
		}
	}
	if s.loader, err = c.loaderOptions(f); err != nil {
		return s, err
	}
	if cfg != nil {
		if err := s.mergeConfig(cfg); err != nil {
			return s, err
		}
		s.apply(f.overlay())
	}
	return s, validateFailLevel(s.failLevel)
}

// mergeConfig takes the configuration file's settings: the scalar ones
// replace the flags' (apply puts back those given on the command line),
// the lists and maps add to them.
func (s *settings) mergeConfig(cfg *config.Config) error {
	if cfg.FailLevel != nil {
		s.failLevel = cfg.FailLevel.Value
	}
	if cfg.Stage != nil {
		s.loader.Stage = cfg.Stage.Value
	}
	if cfg.Region != nil {
		s.loader.Region = cfg.Region.Value
	}
	if cfg.RequireReason != nil {
		s.requireReason = cfg.RequireReason.Value
	}
	if cfg.ShowSuppressed != nil {
		s.showSuppressed = cfg.ShowSuppressed.Value
	}
	if cfg.Baseline != nil {
		s.baseline = cfg.Baseline.Path
	}
	s.loader.Params = mergeUnder(s.loader.Params, cfg.Params.Map())
	s.loader.Opts = mergeUnder(s.loader.Opts, cfg.Opts.Map())
	for _, e := range cfg.Exclude {
		s.excludes = append(s.excludes, e.Value)
	}
	for _, p := range cfg.Policies {
		s.policyDirs = append(s.policyDirs, p.Path)
	}
	if cfg.Data != nil {
		defaults, err := policy.DefaultFacts()
		if err != nil {
			return err
		}
		if s.facts, err = cfg.ResolveData(defaults); err != nil {
			return err
		}
	}
	return nil
}

// apply sets what the command line gave, over the configuration file.
func (s *settings) apply(o overlay) {
	if o.failLevel != nil {
		s.failLevel = *o.failLevel
	}
	if o.stage != nil {
		s.loader.Stage = *o.stage
	}
	if o.region != nil {
		s.loader.Region = *o.region
	}
	if o.baseline != nil {
		s.baseline = *o.baseline
	}
	if o.requireReason != nil {
		s.requireReason = *o.requireReason
	}
	if o.showSuppressed != nil {
		s.showSuppressed = *o.showSuppressed
	}
}

func validateFailLevel(level string) error {
	if !slices.Contains(failLevels, level) {
		return unknownValue("--fail-level", level, "levels", failLevels)
	}
	return nil
}

// unknownValue is the error for a flag value that is not one of valid:
// `unknown --fail-level "errors": valid levels are ...; did you mean "error"?`.
func unknownValue(flag, value, what string, valid []string) error {
	msg := fmt.Sprintf("unknown %s %q: valid %s are %s", flag, value, what, strings.Join(valid, ", "))
	if s := textdist.Nearest(value, valid); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return errors.New(msg)
}

// mergeUnder returns flags with the file's values added where the flags do
// not name them: flags win.
func mergeUnder(flags, file map[string]string) map[string]string {
	if len(file) == 0 {
		return flags
	}
	out := make(map[string]string, len(flags)+len(file))
	maps.Copy(out, file)
	maps.Copy(out, flags)
	return out
}

// configErrors prints each configuration error on its own line, named
// relative to the working directory.
func (c *Command) configErrors(err error, display func(string) string) int {
	errs := config.Errors(err)
	if len(errs) == 0 {
		return c.fatal(err)
	}
	slices.SortStableFunc(errs, func(a, b *config.Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	for _, e := range errs {
		e.File = display(e.File)
		fmt.Fprintf(c.Stderr, "%s\n", e.Error())
	}
	return ExitError
}

func absFrom(wd, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(wd, path)
}
