package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/loader"
)

// newRepo creates a repository (a directory with .git, which fixes the
// root) holding files, and returns its path.
func newRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeTree(t, dir, files)
	return dir
}

// service is a clean configuration whose capacity provider's maxVCpuCount
// (line 12) and function's capacityProvider (line 16) are given.
func service(maxVCpuCount, capacityProvider string) string {
	return `service: svc
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    main:
      scaling:
        maxVCpuCount: ` + maxVCpuCount + `
functions:
  api:
    handler: h.api
    capacityProvider: ` + capacityProvider + "\n"
}

// clean is a configuration that produces no finding.
var clean = service("64", "main")

// discovered is what collect produced, in comparable form.
type discovered struct {
	Files   []string
	Params  map[string]map[string]string // by file, for files with params
	Errors  []finding.FileError
	Notices []finding.Notice
}

func discover(t *testing.T, ws workspace, paths ...string) discovered {
	t.Helper()
	files, errs, notices := ws.collect(paths, strings.NewReader(""), "<stdin>")
	d := discovered{Files: fileNames(files), Errors: errs, Notices: notices}
	for _, f := range files {
		if f.ComposeParams != nil {
			if d.Params == nil {
				d.Params = map[string]map[string]string{}
			}
			texts := map[string]string{}
			for k, n := range f.ComposeParams {
				texts[k] = n.Str
				if n.Kind == loader.KindUnknown {
					texts[k] = "<unknown>"
				}
			}
			d.Params[f.Name] = texts
		}
	}
	return d
}

func repoWorkspace(t *testing.T, root string, excludes ...string) workspace {
	t.Helper()
	globs, err := parseExcludes(excludes)
	if err != nil {
		t.Fatal(err)
	}
	return workspace{root: root, wd: root, excludes: globs, stage: "dev"}
}

func TestDiscoverCodeConfigurations(t *testing.T) {
	root := newRepo(t, map[string]string{
		"a/serverless.ts":              "export default {}",
		"b/serverless.js":              "module.exports = {}",
		"c/serverless.cjs":             "module.exports = {}",
		"d/serverless.mjs":             "export default {}",
		"e/serverless.yml":             clean,
		"e/serverless.ts":              "export default {}",
		"e/handler.ts":                 "export const api = () => {}",
		"serverless-compose.ts":        "export default {}",
		"node_modules/x/serverless.ts": "export default {}",
	})
	ws := repoWorkspace(t, root)
	got := discover(t, ws, ".", "other/serverless.config.ts")
	want := discovered{
		Files:  []string{"e/serverless.yml"},
		Errors: []finding.FileError{{File: "other/serverless.config.ts", Message: "no such file or directory"}},
		Notices: []finding.Notice{
			{File: "a/serverless.ts", Message: skippedConfig},
			{File: "b/serverless.js", Message: skippedConfig},
			{File: "c/serverless.cjs", Message: skippedConfig},
			{File: "d/serverless.mjs", Message: skippedConfig},
			{File: "e/serverless.ts", Message: skippedConfig},
			{File: "serverless-compose.ts", Message: skippedCompose},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("discovery (-want +got):\n%s", diff)
	}

	// Named on the command line, a code configuration is skipped too,
	// rather than failing to parse as YAML.
	got = discover(t, ws, "a/serverless.ts", "e/handler.ts")
	want = discovered{Files: []string{}, Notices: []finding.Notice{
		{File: "a/serverless.ts", Message: skippedConfig},
		{File: "e/handler.ts", Message: skippedConfig},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("named files (-want +got):\n%s", diff)
	}

	// End to end: a notice is printed, and does not change the exit code.
	out := invocation{wd: root}.run(t, "a", "e")
	wantOut := []string{
		"a/serverless.ts: notice: " + skippedConfig,
		"e/serverless.ts: notice: " + skippedConfig,
		"0 problems in 1 file; 2 notices",
	}
	if diff := cmp.Diff(wantOut, textFindings(out.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if out.code != ExitOK {
		t.Errorf("exit code %d, want %d; stderr:\n%s", out.code, ExitOK, out.stderr)
	}

	// SARIF: a tool execution notification at level warning.
	out = invocation{wd: root}.run(t, "-f", "sarif", "a")
	var sarif struct {
		Runs []struct {
			Invocations []struct {
				ToolExecutionNotifications []struct {
					Level   string `json:"level"`
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out.stdout), &sarif); err != nil {
		t.Fatalf("SARIF: %v\n%s", err, out.stdout)
	}
	notes := sarif.Runs[0].Invocations[0].ToolExecutionNotifications
	if len(notes) != 1 || notes[0].Level != "warning" || notes[0].Message.Text != skippedConfig ||
		len(notes[0].Locations) != 1 || notes[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "a/serverless.ts" {
		t.Errorf("SARIF notifications: %+v", notes)
	}
}

// composeRepo is a monorepo whose compose file passes params to two
// services that use ${param:size} and ${param:cp}.
var composeRepo = map[string]string{
	"serverless-compose.yml": `services:
  small:
    path: services/small
    params:
      size: 8
  big:
    path: services/big
    params:
      size: 64
      cp: nope
      queueUrl: ${small.queueUrl}
`,
	"services/small/serverless.yml": service("${param:size}", "${param:cp, 'main'}"),
	"services/big/serverless.yml":   service("${param:size}", "${param:cp, 'main'}"),
}

func TestDiscoverComposeParams(t *testing.T) {
	root := newRepo(t, composeRepo)

	// The compose params decide the findings: small's size 8 is below the
	// floor (MI003), big's cp names no declared provider (MI104, leaving
	// "main" unused, MI018), big's size 64 is fine.
	out := invocation{wd: root}.run(t)
	want := []string{
		"services/big/serverless.yml:10:5 warning MI018",
		"services/big/serverless.yml:16:5 error MI104",
		"services/small/serverless.yml:12:9 error MI003",
		"3 problems in 2 files (2 errors, 1 warning, 0 notes)",
	}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s\nstderr:\n%s", diff, out.stderr)
	}
	if out.code != ExitFindings {
		t.Errorf("exit code %d, want %d", out.code, ExitFindings)
	}

	// Without the compose file the params are unknown: no finding at all.
	out = invocation{wd: root}.run(t, "services")
	want = []string{"0 problems in 2 files"}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("without compose (-want +got):\n%s", diff)
	}

	// A service named on its own gets no compose params, only --param.
	out = invocation{wd: root}.run(t, "--param", "size=4", "services/small/serverless.yml")
	want = []string{"services/small/serverless.yml:12:9 error MI003", "1 problem in 1 file (1 error, 0 warnings, 0 notes)"}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("--param (-want +got):\n%s", diff)
	}
}

func TestDiscoverComposeDedupe(t *testing.T) {
	root := newRepo(t, composeRepo)
	ws := repoWorkspace(t, root)
	params := map[string]map[string]string{
		"services/big/serverless.yml":   {"size": "64", "cp": "nope", "queueUrl": "<unknown>"},
		"services/small/serverless.yml": {"size": "8"},
	}
	tests := []struct {
		name  string
		paths []string
		files []string
	}{
		// The walk finds serverless-compose.yml first (it sorts before
		// services/), then both services again.
		{"a walk", []string{"."}, []string{"services/small/serverless.yml", "services/big/serverless.yml"}},
		// The walk finds the services first; the compose file named later
		// still gives them their params.
		{"a service first", []string{"services", "serverless-compose.yml"},
			[]string{"services/big/serverless.yml", "services/small/serverless.yml"}},
		{"everything named", []string{"services/small/serverless.yml", "serverless-compose.yml", "services/big/serverless.yml", "."},
			[]string{"services/small/serverless.yml", "services/big/serverless.yml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := discovered{Files: tt.files, Params: params}
			if diff := cmp.Diff(want, discover(t, ws, tt.paths...)); diff != "" {
				t.Errorf("discovery (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiscoverComposeProblems(t *testing.T) {
	root := newRepo(t, map[string]string{
		"serverless-compose.yml": `stages:
  default:
    params:
      region: eu-west-1
  prod:
    params:
      region: eu-central-1
services:
  api:
    path: ./api
  custom:
    path: custom
    config: serverless.custom.yml
  code:
    path: code
  empty:
    path: empty
  gone:
    path: gone
  file:
    path: api/serverless.yml
  outside:
    path: ../elsewhere
  absolute:
    path: /etc
  nopath:
    params: {a: b}
  again:
    path: api
    params:
      region: us-east-1
`,
		"api/serverless.yml":           clean,
		"custom/serverless.custom.yml": clean,
		"custom/serverless.yml":        clean, // found by the walk
		"code/serverless.ts":           "export default {}",
		"empty/README.md":              "nothing here",
		"other/serverless-compose.yaml": `services:
  api:
    path: ../api
    params:
      region: eu-west-1
`,
		"bad/serverless-compose.yml": "services: [a, b]\n",
	})
	ws := repoWorkspace(t, root)
	ws.stage = "prod"
	got := discover(t, ws, ".")
	notice := func(line int, msg string) finding.Notice {
		return finding.Notice{File: "serverless-compose.yml", Line: line, Column: 3, Message: msg}
	}
	// The walk reaches other/serverless-compose.yaml first: its params for
	// api/serverless.yml win; later listings with other params are noted.
	want := discovered{
		Files: []string{"api/serverless.yml", "custom/serverless.yml", "custom/serverless.custom.yml"},
		Params: map[string]map[string]string{
			"api/serverless.yml":           {"region": "eu-west-1"},
			"custom/serverless.custom.yml": {"region": "eu-central-1"},
		},
		Errors: []finding.FileError{{File: "bad/serverless-compose.yml", Line: 1, Column: 1,
			Message: "a serverless-compose file needs a services mapping (services.<name>.path)"}},
		Notices: []finding.Notice{
			// code, through the walk and through the compose file: once.
			{File: "code/serverless.ts", Message: skippedConfig},
			notice(9, `service "api" lists api/serverless.yml, which service "api" of other/serverless-compose.yaml also lists with other params; it is linted once, with the params of "api"`),
			notice(16, `service "empty" is not linted: empty has no serverless.yml, serverless.yaml or serverless.json`),
			notice(18, `service "gone" is not linted: its directory gone does not exist`),
			notice(20, `service "file" is not linted: its path api/serverless.yml is not a directory`),
			notice(22, `service "outside" is not linted: its path ../elsewhere is outside the repository root`),
			notice(24, `service "absolute" is not linted: its path /etc is outside the repository root`),
			notice(26, `service "nopath" is not linted: it has no path`),
			notice(28, `service "again" lists api/serverless.yml, which service "api" of other/serverless-compose.yaml also lists with other params; it is linted once, with the params of "api"`),
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("discovery (-want +got):\n%s", diff)
	}
}

func TestDiscoverExclude(t *testing.T) {
	root := newRepo(t, map[string]string{
		"serverless.yml":                        clean,
		"services/a/serverless.yml":             clean,
		"services/legacy/b/serverless.yml":      clean,
		"services/c/gen/serverless.yml":         clean,
		"tools/gen/serverless.yml":              clean,
		"examples/x/serverless.yml":             clean,
		"examples/serverless.yml":               clean,
		"fixtures/serverless.json":              clean,
		"deep/fixtures/serverless.json":         clean,
		"compose/serverless-compose.yml":        "services:\n  b:\n    path: ../services/legacy/b\n",
		"services/legacy/serverless-compose.ts": "export default {}",
	})
	tests := []struct {
		name     string
		excludes []string
		paths    []string
		files    []string
	}{
		{"none", nil, []string{"."}, []string{
			"deep/fixtures/serverless.json",
			"examples/serverless.yml",
			"examples/x/serverless.yml",
			"fixtures/serverless.json",
			"serverless.yml",
			"services/a/serverless.yml",
			"services/c/gen/serverless.yml",
			"services/legacy/b/serverless.yml",
			"tools/gen/serverless.yml",
		}},
		{"a directory, ** at any depth, /** inside a directory, a file pattern",
			[]string{"services/legacy", "**/gen", "examples/**", "*/fixtures/*.json"}, []string{"."}, []string{
				"fixtures/serverless.json",
				"serverless.yml",
				"services/a/serverless.yml",
			}},
		{"a directory-only pattern and ./", []string{"./fixtures/", "serverless.yml/"}, []string{"."}, []string{
			"deep/fixtures/serverless.json",
			"examples/serverless.yml",
			"examples/x/serverless.yml",
			"serverless.yml",
			"services/a/serverless.yml",
			"services/c/gen/serverless.yml",
			"services/legacy/b/serverless.yml",
			"tools/gen/serverless.yml",
		}},
		{"matched against root-relative paths from a subdirectory", []string{"services/*/gen"}, []string{"services"}, []string{
			"services/a/serverless.yml",
			"services/legacy/b/serverless.yml",
		}},
		{"paths named on the command line are used", []string{"services/**", "compose"}, []string{
			"services/a/serverless.yml", "services/legacy", "compose/serverless-compose.yml"}, []string{
			"services/a/serverless.yml",
			"services/legacy/b/serverless.yml",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := discover(t, repoWorkspace(t, root, tt.excludes...), tt.paths...)
			files := got.Files
			if tt.name != "paths named on the command line are used" {
				files = sortedCopy(files)
			}
			if diff := cmp.Diff(tt.files, files); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExcludeFlag(t *testing.T) {
	root := newRepo(t, map[string]string{
		"a/serverless.yml": service("8", "main"),
		"b/serverless.yml": service("9", "main"),
	})
	out := invocation{wd: root}.run(t, "--exclude", "a", "--exclude=**/nothing")
	want := []string{"b/serverless.yml:12:9 error MI003", "1 problem in 1 file (1 error, 0 warnings, 0 notes)"}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	out = invocation{wd: root}.run(t, "--exclude", "a/[")
	if out.code != ExitError || out.stderr != "mi-lint: --exclude \"a/[\": malformed pattern\n" {
		t.Errorf("bad glob: exit %d, stderr %q", out.code, out.stderr)
	}
}

func TestDiscoverGitignore(t *testing.T) {
	root := newRepo(t, map[string]string{
		".gitignore": `# build output
dist/
/scratch
*.bak.yml
\#literal

`,
		"services/.gitignore": "tmp-*\n!tmp-keep\n",
		"services/deep/.gitignore": `!tmp-deep
/local
`,
		"dist/serverless.yml":                      clean,
		"services/dist/serverless.yml":             clean,
		"scratch/serverless.yml":                   clean,
		"services/scratch/serverless.yml":          clean,
		"services/tmp-a/serverless.yml":            clean,
		"services/tmp-keep/serverless.yml":         clean,
		"services/deep/tmp-deep/serverless.yml":    clean,
		"services/deep/tmp-x/serverless.yml":       clean,
		"services/deep/local/serverless.yml":       clean,
		"services/deep/other/local/serverless.yml": clean,
		"local/serverless.yml":                     clean,
		"#literal/serverless.yml":                  clean,
		"x.bak.yml/serverless.yml":                 clean,
		// A service the walk reaches only through the compose file: an
		// ignored one is left out as the walk would leave it out.
		"serverless-compose.yml": "services:\n  a:\n    path: services/tmp-a\n  keep:\n    path: services/tmp-keep\n",
	})
	ws := repoWorkspace(t, root)
	got := discover(t, ws, ".")
	want := []string{
		"local/serverless.yml",
		"services/deep/other/local/serverless.yml",
		"services/deep/tmp-deep/serverless.yml",
		"services/scratch/serverless.yml",
		"services/tmp-keep/serverless.yml",
	}
	if diff := cmp.Diff(want, sortedCopy(got.Files)); diff != "" {
		t.Errorf("walk of the root (-want +got):\n%s", diff)
	}

	// A walk of a subdirectory still applies the root's .gitignore.
	got = discover(t, ws, "services/deep")
	want = []string{"services/deep/other/local/serverless.yml", "services/deep/tmp-deep/serverless.yml"}
	if diff := cmp.Diff(want, sortedCopy(got.Files)); diff != "" {
		t.Errorf("walk of services/deep (-want +got):\n%s", diff)
	}

	// Ignored paths named on the command line are linted; so are the
	// services of a compose file named there.
	got = discover(t, ws, "scratch/serverless.yml", "dist", "serverless-compose.yml")
	want = []string{"scratch/serverless.yml", "dist/serverless.yml", "services/tmp-a/serverless.yml", "services/tmp-keep/serverless.yml"}
	if diff := cmp.Diff(want, got.Files); diff != "" {
		t.Errorf("named paths (-want +got):\n%s", diff)
	}
}

func TestMatchSegments(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"a/b", "a/b", true},
		{"a/b", "a/b/c", false},
		{"a/*", "a/b", true},
		{"a/*", "a/b/c", false},
		{"*.yml", "x.yml", true},
		{"*.yml", "d/x.yml", false},
		{"**/x.yml", "x.yml", true},
		{"**/x.yml", "a/b/x.yml", true},
		{"a/**/b", "a/b", true},
		{"a/**/b", "a/x/y/b", true},
		{"a/**/b", "a/x/y/c", false},
		{"a/**", "a", false},
		{"a/**", "a/b/c", true},
		{"**", "a", true},
		{"a?c/[bx]", "abc/x", true},
		{"a?c/[bx]", "ac/x", false},
	}
	for _, tt := range tests {
		if got := matchSegments(strings.Split(tt.pattern, "/"), strings.Split(tt.name, "/")); got != tt.want {
			t.Errorf("matchSegments(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}

func TestParseGitignore(t *testing.T) {
	src := "# comment\n\n  \nbuild/\n!keep.yml\n/root.yml\na/b\n**/deep\ntrailing   \nescaped\\ \n\\!bang\n!\n/\n[\r\n"
	want := []ignoreRule{
		{segs: []string{"**", "build"}, dirOnly: true},
		{segs: []string{"**", "keep.yml"}, negate: true},
		{segs: []string{"root.yml"}},
		{segs: []string{"a", "b"}},
		{segs: []string{"**", "deep"}},
		{segs: []string{"**", "trailing"}},
		{segs: []string{"**", `escaped\ `}},
		{segs: []string{"**", `\!bang`}},
	}
	if diff := cmp.Diff(want, parseGitignore([]byte(src)), cmp.AllowUnexported(ignoreRule{})); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
}

func sortedCopy(s []string) []string {
	return slices.Sorted(slices.Values(s))
}
