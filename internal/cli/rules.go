package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/policy"
	"github.com/mi-lint/mi-lint/internal/ruledoc"
	"github.com/mi-lint/mi-lint/internal/textdist"
)

// ruleFormats are the formats of `mi-lint rules`.
var ruleFormats = []string{"text", "json", "markdown"}

// rulesCommand lists every rule: `mi-lint rules [--format text|json|markdown]`.
// The lint flags given before its name that it also defines (given) are
// passed on to it.
func (c *Command) rulesCommand(ctx context.Context, given *pflag.FlagSet, args []string) int {
	fs := pflag.NewFlagSet("mi-lint rules", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.StringP("format", "f", "text", "output `FORMAT`: "+strings.Join(ruleFormats, ", "))
	policies := fs.StringArray("policy", nil, "also list the custom rules in `DIR` (repeatable)")
	help := fs.BoolP("help", "h", false, "print this help and exit")
	if err := fs.Parse(append(inherit(given, fs), args...)); err != nil {
		return c.usageError(flagError(fs, err))
	}
	if *help {
		fmt.Fprint(c.Stdout, "Usage:\n  mi-lint rules [--format text|json|markdown] [--policy DIR]\n\nLists every rule with its ID, name, level and summary.\n\nFlags:\n"+flagUsages(fs))
		return ExitOK
	}
	if !slices.Contains(ruleFormats, *format) {
		return c.usageError(unknownValue("--format", *format, "formats", ruleFormats))
	}
	set, err := c.rulePolicies(*policies)
	if err != nil {
		return c.fatal(err)
	}
	if len(*policies) > 0 {
		// Custom rules are listed only if they compile; the built-in ones
		// need no compilation to be listed.
		if _, err := linter.New(ctx, linter.Options{Policies: set}); err != nil {
			return c.fatal(err)
		}
	}
	rules := set.Rules()
	switch *format {
	case "json":
		type jsonRule struct {
			ID          string        `json:"id"`
			Name        string        `json:"name"`
			Level       finding.Level `json:"level"`
			Category    string        `json:"category"`
			Summary     string        `json:"summary"`
			Description string        `json:"description"`
			HelpURI     string        `json:"helpUri"`
		}
		out := make([]jsonRule, len(rules))
		for i, r := range rules {
			out[i] = jsonRule{r.ID, r.Name, r.Level, r.Category, r.Summary, r.Description, r.HelpURI}
		}
		enc := json.NewEncoder(c.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return c.fatal(err)
		}
	case "markdown":
		fmt.Fprint(c.Stdout, ruledoc.Table(rules, func(r finding.Rule) string { return r.HelpURI }))
	default:
		tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tLEVEL\tSUMMARY")
		for _, r := range rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Level, r.Summary)
		}
		if err := tw.Flush(); err != nil {
			return c.fatal(err)
		}
	}
	return ExitOK
}

// explainCommand prints one rule's documentation: `mi-lint explain MI003`
// or `mi-lint explain max-vcpu-range`; --policy DIR explains custom rules.
func (c *Command) explainCommand(ctx context.Context, given *pflag.FlagSet, args []string) int {
	fs := pflag.NewFlagSet("mi-lint explain", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	policies := fs.StringArray("policy", nil, "also explain the custom rules in `DIR` (repeatable)")
	help := fs.BoolP("help", "h", false, "print this help and exit")
	if err := fs.Parse(append(inherit(given, fs), args...)); err != nil {
		return c.usageError(flagError(fs, err))
	}
	explainUsage := "Usage:\n  mi-lint explain [--policy DIR] RULE\n\nRULE is a rule ID (MI003) or name (max-vcpu-range); 'mi-lint rules' lists them.\n"
	if *help {
		fmt.Fprint(c.Stdout, explainUsage)
		return ExitOK
	}
	if fs.NArg() != 1 {
		fmt.Fprint(c.Stderr, explainUsage)
		return ExitError
	}
	set, err := c.rulePolicies(*policies)
	if err != nil {
		return c.fatal(err)
	}
	want := fs.Arg(0)
	var names []string
	for _, r := range set.Rules() {
		names = append(names, r.ID, r.Name)
		if !strings.EqualFold(r.ID, want) && r.Name != want {
			continue
		}
		// Every rule runs on the example, as in a real lint, so the output
		// shown is exactly what mi-lint prints for it.
		eng, err := linter.New(ctx, linter.Options{Policies: set})
		if ctx.Err() != nil {
			return c.interrupted()
		}
		if err != nil {
			return c.fatal(err)
		}
		out, err := ruledoc.ExampleOutput(ctx, eng, r)
		if ctx.Err() != nil {
			return c.interrupted()
		}
		if err != nil {
			return c.fatal(err)
		}
		fmt.Fprint(c.Stdout, ruledoc.Text(r, out))
		return ExitOK
	}
	if s := textdist.Nearest(want, names); s != "" {
		return c.usageError(fmt.Errorf("unknown rule %q; did you mean %q? ('mi-lint rules' lists every rule ID and name)", want, s))
	}
	return c.usageError(fmt.Errorf("unknown rule %q: 'mi-lint rules' lists every rule ID and name", want))
}

// rulePolicies loads the policies with the custom rules of dirs, relative
// to the working directory.
func (c *Command) rulePolicies(dirs []string) (*policy.Set, error) {
	wd := ""
	if len(dirs) > 0 {
		var err error
		if wd, err = c.workingDir(); err != nil {
			return nil, err
		}
	}
	return policy.Load(policy.Options{Dirs: dirs, BaseDir: wd})
}
