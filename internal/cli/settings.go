package cli

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/mi-lint/mi-lint/internal/config"
	"github.com/mi-lint/mi-lint/internal/engine"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/report"
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

// resolveSettings merges the flags that were given over the configuration.
func (c *Command) resolveSettings(fs *pflag.FlagSet, f flags, cfg *config.Config, wd string) (settings, error) {
	s := settings{
		cfg:             cfg,
		failLevel:       f.failLevel,
		excludes:        f.excludes,
		policyDirs:      f.policies,
		baseline:        f.baseline,
		writeBaseline:   f.writeBaseline,
		showSuppressed:  f.showSuppressed,
		sarifSuppressed: f.sarifSuppressed,
		requireReason:   f.requireReason,
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
	if cfg == nil {
		return s, validateFailLevel(s.failLevel)
	}
	given := fs.Changed
	if !given("fail-level") && cfg.FailLevel != nil {
		s.failLevel = cfg.FailLevel.Value
	}
	if !given("stage") && cfg.Stage != nil {
		s.loader.Stage = cfg.Stage.Value
	}
	if !given("region") && cfg.Region != nil {
		s.loader.Region = cfg.Region.Value
	}
	s.loader.Params = mergeUnder(s.loader.Params, cfg.Params.Map())
	s.loader.Opts = mergeUnder(s.loader.Opts, cfg.Opts.Map())
	for _, e := range cfg.Exclude {
		s.excludes = append(s.excludes, e.Value)
	}
	for _, p := range cfg.Policies {
		s.policyDirs = append(s.policyDirs, p.Path)
	}
	if !given("require-reason") && cfg.RequireReason != nil {
		s.requireReason = cfg.RequireReason.Value
	}
	if !given("show-suppressed") && cfg.ShowSuppressed != nil {
		s.showSuppressed = cfg.ShowSuppressed.Value
	}
	if !given("baseline") && cfg.Baseline != nil {
		s.baseline = cfg.Baseline.Path
	}
	if cfg.Data != nil {
		defaults, err := engine.DefaultFacts()
		if err != nil {
			return s, err
		}
		if s.facts, err = cfg.ResolveData(defaults); err != nil {
			return s, err
		}
	}
	return s, validateFailLevel(s.failLevel)
}

func validateFailLevel(level string) error {
	if !slices.Contains(failLevels, level) {
		return fmt.Errorf("unknown --fail-level %q: valid levels are %s", level, strings.Join(failLevels, ", "))
	}
	return nil
}

// mergeUnder returns flags with the file's values added where the flags do
// not name them: flags win.
func mergeUnder(flags, file map[string]string) map[string]string {
	if len(file) == 0 {
		return flags
	}
	out := make(map[string]string, len(flags)+len(file))
	for k, v := range file {
		out[k] = v
	}
	for k, v := range flags {
		out[k] = v
	}
	return out
}

// applyRuleSettings turns rules off and changes their levels as the
// configuration says, in the findings and in the rule descriptors.
func applyRuleSettings(res *report.Result, ruleSettings map[string]config.RuleSetting) {
	if len(ruleSettings) == 0 {
		return
	}
	// keep tells whether a rule's items stay, and sets their level.
	keep := func(id string, level *report.Level) bool {
		set, ok := ruleSettings[id]
		if ok && !set.Off {
			*level = set.Level
		}
		return !ok || !set.Off
	}
	rules := res.Rules[:0:0]
	for _, r := range res.Rules {
		if keep(r.ID, &r.Level) {
			rules = append(rules, r)
		}
	}
	findings := res.Findings[:0:0]
	for _, f := range res.Findings {
		if keep(f.RuleID, &f.Level) {
			findings = append(findings, f)
		}
	}
	res.Rules, res.Findings = rules, findings
}

// configErrors prints each configuration error on its own line, named
// relative to the working directory.
func (c *Command) configErrors(err error, display func(string) string) int {
	errs := config.Errors(err)
	if len(errs) == 0 {
		return c.fatal(err)
	}
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
