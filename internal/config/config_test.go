package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// messages renders every error in err, in order.
func messages(err error) []string {
	errs := Errors(err)
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

var ignoreData = cmpopts.IgnoreUnexported(Config{})

func TestParseEveryKey(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "policies", "org"), 0o755); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, ".mi-lint.yaml")
	src := `rules:
  MI016: off
  max-vcpu-range: warning
  MI201: note
  MI005: error
fail-level: note
exclude:
  - "legacy/**"
  - "**/gen/*.yml"
stage: prod
region: eu-west-1
params:
  domain: example.com
  count: 3
  ratio: 1.50
  on: true
opts:
  account: "123"
data:
  regions:
    managedInstances:
      unsupported: [me-south-1]
policies:
  - policies/org
  - ` + filepath.Join(dir, "policies") + `
require-reason: true
show-suppressed: false
baseline: base/line.json
`
	got, err := Parse(name, []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := &Config{
		File: name,
		Dir:  dir,
		Rules: []RuleEntry{
			{Key: "MI016", KeyPos: Pos{2, 3}, Level: "off", Pos: Pos{2, 10}},
			{Key: "max-vcpu-range", KeyPos: Pos{3, 3}, Level: "warning", Pos: Pos{3, 19}},
			{Key: "MI201", KeyPos: Pos{4, 3}, Level: "note", Pos: Pos{4, 10}},
			{Key: "MI005", KeyPos: Pos{5, 3}, Level: "error", Pos: Pos{5, 10}},
		},
		FailLevel: &Value[string]{"note", Pos{6, 13}},
		Exclude:   []Value[string]{{"legacy/**", Pos{8, 5}}, {"**/gen/*.yml", Pos{9, 5}}},
		Stage:     &Value[string]{"prod", Pos{10, 8}},
		Region:    &Value[string]{"eu-west-1", Pos{11, 9}},
		Params: Params{
			{Name: "domain", NamePos: Pos{13, 3}, Value: "example.com", Pos: Pos{13, 11}},
			{Name: "count", NamePos: Pos{14, 3}, Value: "3", Pos: Pos{14, 10}},
			{Name: "ratio", NamePos: Pos{15, 3}, Value: "1.50", Pos: Pos{15, 10}},
			{Name: "on", NamePos: Pos{16, 3}, Value: "true", Pos: Pos{16, 7}},
		},
		Opts: Params{{Name: "account", NamePos: Pos{18, 3}, Value: "123", Pos: Pos{18, 12}}},
		Data: map[string]any{"regions": map[string]any{"managedInstances": map[string]any{
			"unsupported": []any{"me-south-1"}}}},
		DataPos: Pos{20, 3},
		Policies: []Path{
			{Raw: "policies/org", Path: filepath.Join(dir, "policies", "org"), Pos: Pos{24, 5}},
			{Raw: filepath.Join(dir, "policies"), Path: filepath.Join(dir, "policies"), Pos: Pos{25, 5}},
		},
		RequireReason:  &Value[bool]{true, Pos{26, 17}},
		ShowSuppressed: &Value[bool]{false, Pos{27, 18}},
		Baseline:       &Path{Raw: "base/line.json", Path: filepath.Join(dir, "base", "line.json"), Pos: Pos{28, 11}},
	}
	if diff := cmp.Diff(want, got, ignoreData); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"domain": "example.com", "count": "3", "ratio": "1.50", "on": "true"}, got.Params.Map()); diff != "" {
		t.Errorf("Params.Map (-want +got):\n%s", diff)
	}
	if got.Opts.Map()["account"] != "123" || Params(nil).Map() != nil {
		t.Errorf("Opts.Map() = %v", got.Opts.Map())
	}
}

// TestParseEmpty: a file with nothing in it is a valid, empty configuration,
// and so is a key written with no value.
func TestParseEmpty(t *testing.T) {
	for _, src := range []string{
		"", "\n", "# only a comment\n", "---\n", "--- # marker\n...\n", "~\n", "null\n", "{}\n",
		"rules:\nexclude:\nparams:\ndata:\npolicies:\nfail-level:\nstage: ~\nbaseline:\nrequire-reason:\n",
	} {
		got, err := Parse("dir/.mi-lint.yaml", []byte(src))
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		if diff := cmp.Diff(&Config{File: "dir/.mi-lint.yaml", Dir: "dir"}, got, ignoreData); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", src, diff)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{"top-level list", "- rules\n- exclude\n", []string{
			"c.yaml:1:1: the top level must be a mapping of settings (rules, fail-level, exclude...), not a list"}},
		{"top-level scalar", "# hello\nrules off\n", []string{
			`c.yaml:2:1: the top level must be a mapping of settings (rules, fail-level, exclude...), not the string "rules off"`}},
		{"unknown key with suggestion", "failLevel: error\npolicy: [x]\nrule: {}\nexclusions: []\n", []string{
			`c.yaml:1:1: unknown key "failLevel"; did you mean "fail-level"?`,
			`c.yaml:2:1: unknown key "policy"; did you mean "policies"?`,
			`c.yaml:3:1: unknown key "rule"; did you mean "rules"?`,
			`c.yaml:4:1: unknown key "exclusions"; did you mean "exclude"?`}},
		{"unknown key without suggestion", "colour: red\n", []string{
			`c.yaml:1:1: unknown key "colour"; valid keys are baseline, data, exclude, fail-level, opts, params, policies, region, require-reason, rules, show-suppressed, stage`}},
		{"non-scalar key", "? [a, b]\n: c\n", []string{
			"c.yaml:1:3: a key must be a plain value, not a list"}},
		{"duplicate key", "stage: dev\nregion: eu-west-1\nstage: prod\n", []string{
			`c.yaml:3:1: duplicate key "stage" (first at line 1)`}},
		{"rules not a mapping", "rules: [MI016]\n", []string{
			"c.yaml:1:8: rules must be a mapping of rule ID or name to a level (off, error, warning, note), such as {MI016: off}, not a list"}},
		{"rule levels", "rules:\n  MI001: warn\n  MI002: Warning\n  MI003:\n  MI004: false\n  MI005: {level: off}\n  MI006: info\n", []string{
			`c.yaml:2:10: rules.MI001 is "warn"; valid levels are off, error, warning, note; did you mean "warning"?`,
			`c.yaml:3:10: rules.MI002 is "Warning"; valid levels are off, error, warning, note; did you mean "warning"?`,
			"c.yaml:4:9: rules.MI003 has no level; write one of off, error, warning, note",
			"c.yaml:5:10: rules.MI004 must be one of off, error, warning, note, not the boolean false",
			"c.yaml:6:10: rules.MI005 must be one of off, error, warning, note, not a mapping",
			`c.yaml:7:10: rules.MI006 is "info"; valid levels are off, error, warning, note`}},
		{"duplicate rule key", "rules:\n  MI001: off\n  MI001: error\n", []string{
			`c.yaml:3:3: duplicate key "MI001" (first at line 2)`}},
		{"empty rule key", "rules:\n  \"\": off\n", []string{
			"c.yaml:2:3: a rules key must be a rule ID or name, not an empty string"}},
		{"fail-level", "fail-level: warn\n", []string{
			`c.yaml:1:13: fail-level is "warn"; valid levels are error, warning, note, none; did you mean "warning"?`}},
		{"fail-level not a string", "fail-level: [error]\n", []string{
			"c.yaml:1:13: fail-level must be one of error, warning, note, none, not a list"}},
		{"exclude not a list", "exclude: legacy/**\n", []string{
			`c.yaml:1:10: exclude must be a list, such as ["**/node_modules/**", "legacy/*.yml"], not the string "legacy/**"`}},
		{"exclude bad globs", "exclude:\n  - \"\"\n  - ./\n  - \"[abc\"\n  - 42\n  - [a]\n  - ok/**\n", []string{
			`c.yaml:2:5: exclude[0]: the pattern is empty; write a glob such as "legacy/**"`,
			`c.yaml:3:5: exclude[1]: the pattern is empty; write a glob such as "legacy/**"`,
			`c.yaml:4:5: exclude[2]: pattern "[abc" is malformed (an unclosed "[" or "{", or a trailing "\"?)`,
			`c.yaml:5:5: exclude[3] must be a string, not the number 42; quote it ("42") if that is meant`,
			"c.yaml:6:5: exclude[4] must be a string, not a list"}},
		{"stage and region", "stage: 2024\nregion: \"\"\n", []string{
			`c.yaml:1:8: stage must be a string, not the number 2024; quote it ("2024") if that is meant`,
			"c.yaml:2:9: region is empty; remove the key or give it a value"}},
		{"region not a string", "region: {name: eu-west-1}\n", []string{
			"c.yaml:1:9: region must be a string, not a mapping"}},
		{"tagged string", "stage: !Ref Stage\n", []string{
			"c.yaml:1:8: stage must be a string, not a value tagged !Ref"}},
		{"params", "params: [a=b]\nopts:\n  a: [1]\n  b:\n  stage: prod\n  \"\": x\n", []string{
			"c.yaml:1:9: params must be a mapping of names to values, such as {domain: example.com}, not a list",
			"c.yaml:3:6: opts.a must be a string, number or boolean, not a list",
			"c.yaml:4:5: opts.b must be a string, number or boolean, not null",
			"c.yaml:5:3: opts.stage has no effect: ${opt:stage} reads the top-level stage key; move it there",
			"c.yaml:6:3: an opts name must not be empty"}},
		{"data not a mapping", "data: [regions]\n", []string{
			"c.yaml:1:7: data must be a mapping of facts file names to overrides, such as {regions: {managedInstances: {unsupported: [me-south-1]}}}, not a list"}},
		{"data bad scalars", "data:\n  limits:\n    a: .inf\n    b: !Ref X\n    c: [.nan]\n", []string{
			"c.yaml:3:8: data.limits.a is .inf, which has no JSON form; write a finite number",
			"c.yaml:4:8: data.limits.b has the tag !Ref; data holds plain values only",
			"c.yaml:5:9: data.limits.c[0] is .nan, which has no JSON form; write a finite number"}},
		{"data alias cycle", "data:\n  x: &a [*a]\n", []string{
			"c.yaml:2:10: data.x[0][0][0][0]... nests deeper than 100 levels (an alias inside its own anchor?)"}},
		{"data alias bomb", "data:\n  a: &a [x,x,x,x,x,x,x,x,x,x]\n  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n  f: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n", []string{
			"c.yaml:6:31: the file expands to more than 100000 values (an alias bomb?)"}},
		{"merge bomb", "data:\n  a: &a {a0: 1, a1: 1, a2: 1, a3: 1, a4: 1, a5: 1, a6: 1, a7: 1, a8: 1, a9: 1}\n  b: &b {<<: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]}\n  c: &c {<<: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]}\n  d: &d {<<: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]}\n  e: &e {<<: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]}\n  f: &f {<<: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]}\n", []string{
			"c.yaml:6:14: the file expands to more than 100000 values (an alias bomb?)"}},
		{"self merge", "rules: &r\n  <<: *r\n", []string{
			"c.yaml:2:7: a merge key (<<) brings in the mapping that holds it"}},
		{"policies not a list", "policies: rules/\n", []string{
			`c.yaml:1:11: policies must be a list, such as [policies/], not the string "rules/"`}},
		{"policies", "policies:\n  - missing\n  - config.go\n  - \"\"\n  - 1\n", []string{
			`c.yaml:2:5: policy directory "missing" does not exist (looked for missing)`,
			`c.yaml:3:5: policy directory "config.go" is not a directory; name the directory that holds the .rego files`,
			"c.yaml:4:5: policies[2] is empty; give a directory of Rego policies",
			`c.yaml:5:5: policies[3] must be a string, not the number 1; quote it ("1") if that is meant`}},
		{"booleans", "require-reason: yes\nshow-suppressed: 1\n", []string{
			`c.yaml:1:17: require-reason must be true or false, not the string "yes"`,
			"c.yaml:2:18: show-suppressed must be true or false, not the number 1"}},
		{"baseline", "baseline: [a.json]\n", []string{
			"c.yaml:1:11: baseline must be a string, not a list"}},
		{"every problem at once", "fail-level: all\nstage: [dev]\nrules:\n  MI001: nope\nunknown: 1\n", []string{
			`c.yaml:1:13: fail-level is "all"; valid levels are error, warning, note, none`,
			"c.yaml:2:8: stage must be a string, not a list",
			`c.yaml:4:10: rules.MI001 is "nope"; valid levels are off, error, warning, note; did you mean "note"?`,
			`c.yaml:5:1: unknown key "unknown"; valid keys are baseline, data, exclude, fail-level, opts, params, policies, region, require-reason, rules, show-suppressed, stage`}},
		{"bad merge key", "<<: [1]\n", []string{
			"c.yaml:1:5: a merge key (<<) takes a mapping or a list of mappings"}},
		{"syntax error", "rules:\n  MI001: off\n   bad: [\n", []string{
			"c.yaml:3:4: invalid YAML: mapping values are not allowed in this context"}},
		{"unclosed flow", "rules: {MI001: off\nstage: dev\n", []string{
			"c.yaml:2:1: invalid YAML: did not find expected ',' or '}'"}},
		{"second document", "stage: dev\n---\nstage: prod\n", []string{
			"c.yaml:2:1: a second YAML document starts here; the configuration is a single document"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("c.yaml", []byte(tc.src))
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", c)
			}
			// The settings that were valid come back, for the caller to
			// check the rest; a file that is not a mapping has none.
			notMapping := map[string]bool{"top-level list": true, "top-level scalar": true, "syntax error": true, "unclosed flow": true, "second document": true}[tc.name]
			if (c == nil) != notMapping {
				t.Errorf("Parse returned Config %+v with its errors", c)
			}
			if diff := cmp.Diff(tc.want, messages(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if len(Errors(err)) != len(strings.Split(err.Error(), "\n")) {
				t.Errorf("not every error is a *config.Error: %v", err)
			}
		})
	}
}

// TestParseAliasesAndMerge: anchors, aliases and merge keys work as in YAML;
// keys written in the mapping win over merged ones.
func TestParseAliasesAndMerge(t *testing.T) {
	src := `rules:
  <<: &common {MI016: off, MI003: warning}
  MI003: error
stage: &s prod
params:
  stage: *s
`
	c, err := Parse("c.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []RuleEntry{
		{Key: "MI003", KeyPos: Pos{3, 3}, Level: "error", Pos: Pos{3, 10}},
		{Key: "MI016", KeyPos: Pos{2, 16}, Level: "off", Pos: Pos{2, 23}},
	}
	if diff := cmp.Diff(want, c.Rules); diff != "" {
		t.Errorf("Rules (-want +got):\n%s", diff)
	}
	if got := c.Params.Map()["stage"]; got != "prod" {
		t.Errorf("params.stage = %q, want the aliased prod", got)
	}
}

func TestErrorString(t *testing.T) {
	for _, tc := range []struct {
		e    *Error
		want string
	}{
		{&Error{File: "a/.mi-lint.yaml", Line: 3, Col: 7, Msg: "bad"}, "a/.mi-lint.yaml:3:7: bad"},
		{&Error{File: "a/.mi-lint.yaml", Msg: "bad"}, "a/.mi-lint.yaml: bad"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	c := &Config{File: "x.yaml"}
	if got := c.ErrorAt(Pos{2, 5}, "baseline %q does not exist", "b.json").Error(); got != `x.yaml:2:5: baseline "b.json" does not exist` {
		t.Errorf("ErrorAt = %q", got)
	}
	joined := errors.Join(&Error{File: "f", Msg: "one"}, errors.New("other"), errors.Join(&Error{File: "f", Msg: "two"}))
	if diff := cmp.Diff([]string{"f: one", "f: two"}, messages(joined)); diff != "" {
		t.Errorf("Errors (-want +got):\n%s", diff)
	}
	if Errors(nil) != nil {
		t.Errorf("Errors(nil) is not nil")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, ".mi-lint.yml")
	if err := os.WriteFile(p, []byte("fail-level: none\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.File != p || c.Dir != dir || c.FailLevel.Value != "none" {
		t.Errorf("Load = %+v", c)
	}
	missing := filepath.Join(dir, "nope.yaml")
	_, err = Load(missing)
	if diff := cmp.Diff([]string{missing + ": cannot read the configuration file: no such file"}, messages(err)); diff != "" {
		t.Errorf("Load(missing) (-want +got):\n%s", diff)
	}
	if err := os.WriteFile(p, []byte("fail-level: nope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(p)
	if diff := cmp.Diff([]string{p + `:1:13: fail-level is "nope"; valid levels are error, warning, note, none; did you mean "note"?`}, messages(err)); diff != "" {
		t.Errorf("Load(bad) (-want +got):\n%s", diff)
	}
}

// TestLoadInvalid: every problem of a file is reported at once, in file
// order, each at its line and column.
func TestLoadInvalid(t *testing.T) {
	p := filepath.Join("..", "..", "testdata", "config", "invalid", ".mi-lint.yaml")
	_, err := Load(p)
	dir := filepath.Dir(p)
	want := []string{
		p + `:4:10: rules.MI016 is "of"; valid levels are off, error, warning, note; did you mean "off"?`,
		p + `:6:1: unknown key "failLevel"; did you mean "fail-level"?`,
		p + `:9:5: exclude[1]: the pattern is empty; write a glob such as "legacy/**"`,
		p + `:10:8: stage must be a string, not the number 42; quote it ("42") if that is meant`,
		p + ":12:11: params.domain must be a string, number or boolean, not a list",
		p + `:16:5: policy directory "no-such-dir" does not exist (looked for ` + filepath.Join(dir, "no-such-dir") + ")",
		p + `:17:17: require-reason must be true or false, not the string "true"; write it without quotes`,
		p + ":19:3: baseline must be a string, not a list",
	}
	if diff := cmp.Diff(want, messages(err)); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
}
