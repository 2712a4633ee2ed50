package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mi-lint/mi-lint/internal/cli"
	"github.com/mi-lint/mi-lint/internal/fixture"
	"github.com/mi-lint/mi-lint/internal/report"
	"github.com/mi-lint/mi-lint/internal/testjson"
)

// sarifSchemaFile is the OASIS SARIF 2.1.0 schema as the SARIF Multitool
// 5.7.0 ships it (see testdata/sarif/README.md); it is loaded from disk,
// never fetched.
const sarifSchemaFile = "testdata/sarif/sarif-2.1.0.json"

var (
	sarifSchemaOnce sync.Once
	sarifSchema     *jsonschema.Schema
	sarifSchemaErr  error
)

func loadSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	sarifSchemaOnce.Do(func() {
		f, err := os.Open(inRepo(t, sarifSchemaFile))
		if err != nil {
			sarifSchemaErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			sarifSchemaErr = fmt.Errorf("%s: %w", sarifSchemaFile, err)
			return
		}
		c := jsonschema.NewCompiler()
		// The schema declares its draft in $schema; formats such as uri
		// and uri-reference are asserted, not only annotated.
		c.AssertFormat()
		const loc = "urn:mi-lint:sarif-2.1.0.json"
		if err := c.AddResource(loc, doc); err != nil {
			sarifSchemaErr = err
			return
		}
		sarifSchema, sarifSchemaErr = c.Compile(loc)
	})
	if sarifSchemaErr != nil {
		t.Fatalf("SARIF schema: %v", sarifSchemaErr)
	}
	return sarifSchema
}

// validateSARIF checks a log against the SARIF 2.1.0 schema.
func validateSARIF(t *testing.T, log []byte) {
	t.Helper()
	if err := sarifSchemaError(t, log); err != nil {
		t.Errorf("SARIF does not validate against %s:\n%v", sarifSchemaFile, err)
	}
}

func sarifSchemaError(t *testing.T, log []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	return loadSARIFSchema(t).Validate(inst)
}

// TestSARIFSchemaRejects makes sure the schema check has teeth: small
// breakages of the golden log must fail validation.
func TestSARIFSchemaRejects(t *testing.T) {
	golden, err := os.ReadFile(inRepo(t, "testdata/golden/sarif.golden"))
	if err != nil {
		t.Fatal(err)
	}
	breakages := map[string]func(*testing.T, map[string]any){
		"bad level": func(t *testing.T, log map[string]any) {
			result(t, log)["level"] = "fatal"
		},
		"unknown property": func(t *testing.T, log map[string]any) {
			result(t, log)["severity"] = "high"
		},
		"line 0": func(t *testing.T, log map[string]any) {
			testjson.Object(t, result(t, log), "locations", 0, "physicalLocation", "region")["startLine"] = 0
		},
		"results not an array": func(t *testing.T, log map[string]any) {
			testjson.Object(t, log, "runs", 0)["results"] = map[string]any{}
		},
	}
	for name, breakIt := range breakages {
		t.Run(name, func(t *testing.T) {
			var log map[string]any
			if err := json.Unmarshal(golden, &log); err != nil {
				t.Fatal(err)
			}
			breakIt(t, log)
			broken, err := json.Marshal(log)
			if err != nil {
				t.Fatal(err)
			}
			if sarifSchemaError(t, broken) == nil {
				t.Error("the broken log validates")
			}
		})
	}
}

// result is the first result of a SARIF log decoded into maps.
func result(t *testing.T, log map[string]any) map[string]any {
	t.Helper()
	return testjson.Object(t, log, "runs", 0, "results", 0)
}

func TestSARIFGoldenIsValid(t *testing.T) {
	log, err := os.ReadFile(inRepo(t, "testdata/golden/sarif.golden"))
	if err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, log)
	checkGitHubSARIF(t, log, true)
}

// TestSARIFFixturesAreValid lints every rule fixture and every clean
// fixture and checks the SARIF written: one run per fixture set and set of
// fixture command-line values, since each run compiles the policies.
func TestSARIFFixturesAreValid(t *testing.T) {
	sets := []struct{ name, glob string }{
		{"rules", "testdata/rules/*/*.yml"},
		{"clean", "testdata/clean/*.yml"},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			files, err := filepath.Glob(inRepo(t, set.glob))
			if err != nil {
				t.Fatal(err)
			}
			if len(files) == 0 {
				t.Fatalf("no fixtures match %s: the test would check nothing", set.glob)
			}
			for _, group := range groupByFixtureOptions(t, files) {
				name := strings.Join(group.flags, " ")
				if name == "" {
					name = "no flags"
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					args := append([]string{"-f", "sarif"}, group.flags...)
					r := runCLI(t, nil, append(args, group.files...)...)
					if r.code == cli.ExitError {
						t.Fatalf("exit code %d:\n%s", r.code, r.stderr)
					}
					validateSARIF(t, r.stdout)
					checkGitHubSARIF(t, r.stdout, false)
				})
			}
		})
	}
}

// TestSARIFOutsideRoot lints a broken file outside the repository: its
// notification must name it by an absolute file:// URI, not as a path
// relative to %SRCROOT% that starts with a slash.
func TestSARIFOutsideRoot(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "serverless.yml")
	if err := os.WriteFile(file, []byte("service: [x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "-f", "sarif", file)
	if r.code != cli.ExitError {
		t.Errorf("exit code %d, want %d", r.code, cli.ExitError)
	}
	validateSARIF(t, r.stdout)
	checkGitHubSARIF(t, r.stdout, true)
	var log struct {
		Runs []struct {
			Invocations []struct {
				ToolExecutionNotifications []struct {
					Locations []sarifLocation `json:"locations"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(r.stdout, &log); err != nil {
		t.Fatal(err)
	}
	n := log.Runs[0].Invocations[0].ToolExecutionNotifications
	if len(n) != 1 || len(n[0].Locations) != 1 {
		t.Fatalf("want one notification with one location, got %+v", n)
	}
	al := n[0].Locations[0].PhysicalLocation.ArtifactLocation
	want := fileURIOf(dir) + "serverless.yml"
	if al.URI != want || al.URIBaseID != "" {
		t.Errorf("notification location is {uri: %q, uriBaseId: %q}, want {uri: %q} with no base", al.URI, al.URIBaseID, want)
	}
}

type fixtureGroup struct {
	flags []string
	files []string
}

// groupByFixtureOptions groups fixture files by their `# mi-lint-fixture:`
// command-line values, in a stable order.
func groupByFixtureOptions(t *testing.T, files []string) []fixtureGroup {
	t.Helper()
	byKey := map[string]*fixtureGroup{}
	var keys []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, opts, err := fixture.Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var flags []string
		for _, k := range slices.Sorted(maps.Keys(opts)) {
			switch k {
			case "stage", "region":
				flags = append(flags, "--"+k, opts[k])
			}
		}
		key := strings.Join(flags, "\x00")
		g, ok := byKey[key]
		if !ok {
			g = &fixtureGroup{flags: flags}
			byKey[key] = g
			keys = append(keys, key)
		}
		g.files = append(g.files, f)
	}
	slices.Sort(keys)
	out := make([]fixtureGroup, 0, len(keys))
	for _, k := range keys {
		out = append(out, *byKey[k])
	}
	return out
}

// The parts of a SARIF log that GitHub code scanning relies on. Pointers
// and raw messages tell a missing property from a zero one.
type sarifMessage struct {
	Text *string `json:"text"`
}

type sarifRegion struct {
	StartLine   *int `json:"startLine"`
	StartColumn *int `json:"startColumn"`
	EndLine     *int `json:"endLine"`
	EndColumn   *int `json:"endColumn"`
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region *sarifRegion `json:"region"`
	} `json:"physicalLocation"`
	Message *sarifMessage `json:"message"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     *sarifMultiformat `json:"shortDescription"`
	FullDescription      *sarifMultiformat `json:"fullDescription"`
	Help                 *sarifMultiformat `json:"help"`
	HelpURI              string            `json:"helpUri"`
	DefaultConfiguration *struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
	Properties map[string]json.RawMessage `json:"properties"`
}

type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string      `json:"name"`
				Rules []sarifRule `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results     json.RawMessage `json:"results"`
		Invocations []struct {
			ExecutionSuccessful        *bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level   string       `json:"level"`
				Message sarifMessage `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
	} `json:"runs"`
}

var sarifLevels = []string{"error", "warning", "note"}

// checkGitHubSARIF asserts what GitHub code scanning needs beyond schema
// validity. failed says whether some input could not be linted.
func checkGitHubSARIF(t *testing.T, data []byte, failed bool) {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if log.Version != "2.1.0" {
		t.Errorf("version %q, want 2.1.0", log.Version)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "mi-lint" {
		t.Errorf("tool.driver.name %q, want mi-lint", run.Tool.Driver.Name)
	}
	if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("originalUriBaseIds[%%SRCROOT%%].uri %q: want a file:/// URI ending in /", base)
	}

	// Rules: everything GitHub shows in an alert, ids unique.
	index := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		where := fmt.Sprintf("tool.driver.rules[%d] (%s)", i, r.ID)
		if r.ID == "" {
			t.Errorf("%s: no id", where)
		}
		if _, dup := index[r.ID]; dup {
			t.Errorf("%s: duplicate id", where)
		}
		index[r.ID] = i
		if r.ShortDescription == nil || r.ShortDescription.Text == "" {
			t.Errorf("%s: no shortDescription.text", where)
		}
		if r.FullDescription == nil || r.FullDescription.Text == "" {
			t.Errorf("%s: no fullDescription.text", where)
		}
		if r.Help == nil || r.Help.Text == "" || r.Help.Markdown == "" {
			t.Errorf("%s: help needs text and markdown", where)
		}
		if u, err := url.Parse(r.HelpURI); r.HelpURI == "" || err != nil || !u.IsAbs() {
			t.Errorf("%s: helpUri %q is not an absolute URI", where, r.HelpURI)
		}
		if r.DefaultConfiguration == nil || !slices.Contains(sarifLevels, r.DefaultConfiguration.Level) {
			t.Errorf("%s: defaultConfiguration.level must be one of %v", where, sarifLevels)
		}
		var tags []string
		if err := json.Unmarshal(r.Properties["tags"], &tags); err != nil || len(tags) == 0 {
			t.Errorf("%s: properties.tags must be a non-empty list of strings", where)
		}
		var precision string
		if err := json.Unmarshal(r.Properties["precision"], &precision); err != nil ||
			!slices.Contains([]string{"very-high", "high", "medium", "low"}, precision) {
			t.Errorf("%s: properties.precision %s is not a GitHub precision", where, r.Properties["precision"])
		}
		// GitHub reads security-severity only on rules tagged security.
		raw, hasSeverity := r.Properties["security-severity"]
		var sev string
		switch security := slices.Contains(tags, "security"); {
		case hasSeverity && !security:
			t.Errorf("%s: properties.security-severity on a rule not tagged security", where)
		case !security:
		case json.Unmarshal(raw, &sev) != nil:
			t.Errorf("%s: properties.security-severity must be a string", where)
		default:
			if f, err := strconv.ParseFloat(sev, 64); err != nil || f < 0 || f > 10 {
				t.Errorf("%s: properties.security-severity %q is not a number from 0.0 to 10.0", where, sev)
			}
		}
	}

	// Results: an array even when empty.
	if !bytes.HasPrefix(bytes.TrimSpace(run.Results), []byte("[")) {
		t.Fatalf("results must be an array, got %.40s", run.Results)
	}
	var results []sarifResult
	if err := json.Unmarshal(run.Results, &results); err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		where := fmt.Sprintf("results[%d] (%s)", i, r.RuleID)
		if r.RuleID == "" {
			t.Errorf("%s: no ruleId", where)
		}
		if want, ok := index[r.RuleID]; !ok {
			t.Errorf("%s: ruleId is not in tool.driver.rules", where)
		} else if r.RuleIndex == nil || *r.RuleIndex != want {
			t.Errorf("%s: ruleIndex %v, want %d", where, derefInt(r.RuleIndex), want)
		}
		if !slices.Contains(sarifLevels, r.Level) {
			t.Errorf("%s: level %q must be one of %v", where, r.Level, sarifLevels)
		}
		if r.Message.Text == nil || *r.Message.Text == "" {
			t.Errorf("%s: no message.text", where)
		}
		if len(r.Locations) != 1 {
			t.Errorf("%s: %d locations, want exactly 1", where, len(r.Locations))
		}
		for j, l := range r.Locations {
			checkSARIFLocation(t, fmt.Sprintf("%s.locations[%d]", where, j), l, false)
		}
		for j, l := range r.RelatedLocations {
			checkSARIFLocation(t, fmt.Sprintf("%s.relatedLocations[%d]", where, j), l, true)
		}
		if r.PartialFingerprints[report.FingerprintKey] == "" {
			t.Errorf("%s: no partialFingerprints[%q]", where, report.FingerprintKey)
		}
	}

	// Invocation: failure is reported, with one notification per file.
	if len(run.Invocations) == 0 || run.Invocations[0].ExecutionSuccessful == nil {
		t.Fatalf("invocations[0].executionSuccessful is missing")
	}
	inv := run.Invocations[0]
	if got := *inv.ExecutionSuccessful; got == failed {
		t.Errorf("invocations[0].executionSuccessful is %v, want %v", got, !failed)
	}
	if failed && len(inv.ToolExecutionNotifications) == 0 {
		t.Errorf("a file failed but invocations[0].toolExecutionNotifications is empty")
	}
	if !failed && len(inv.ToolExecutionNotifications) > 0 {
		t.Errorf("no file failed but there are %d toolExecutionNotifications", len(inv.ToolExecutionNotifications))
	}
	for i, n := range inv.ToolExecutionNotifications {
		if n.Level != "error" || n.Message.Text == nil || *n.Message.Text == "" {
			t.Errorf("toolExecutionNotifications[%d]: want level error and a message.text, got %q", i, n.Level)
		}
	}
}

// checkSARIFLocation asserts a root-relative location with a full region.
func checkSARIFLocation(t *testing.T, where string, l sarifLocation, related bool) {
	t.Helper()
	al := l.PhysicalLocation.ArtifactLocation
	if al.URIBaseID != "%SRCROOT%" {
		t.Errorf("%s: uriBaseId %q, want %%SRCROOT%%", where, al.URIBaseID)
	}
	if u, err := url.Parse(al.URI); al.URI == "" || err != nil || u.IsAbs() || strings.HasPrefix(al.URI, "/") {
		t.Errorf("%s: uri %q is not a relative reference", where, al.URI)
	}
	reg := l.PhysicalLocation.Region
	switch {
	case reg == nil || reg.StartLine == nil || reg.StartColumn == nil || reg.EndLine == nil || reg.EndColumn == nil:
		t.Errorf("%s: region needs startLine, startColumn, endLine and endColumn", where)
	case *reg.StartLine < 1 || *reg.StartColumn < 1 || *reg.EndLine < *reg.StartLine ||
		(*reg.EndLine == *reg.StartLine && *reg.EndColumn < *reg.StartColumn):
		t.Errorf("%s: region %d:%d-%d:%d is not a span", where, *reg.StartLine, *reg.StartColumn, *reg.EndLine, *reg.EndColumn)
	}
	if related && (l.Message == nil || l.Message.Text == nil || *l.Message.Text == "") {
		t.Errorf("%s: a related location needs message.text", where)
	}
}

func derefInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
