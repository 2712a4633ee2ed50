package discover

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/testfs"
)

// repositoryRoot is the absolute path of the repository.
func repositoryRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// clean stands for a configuration: discovery does not read it.
const clean = "service: svc\n"

// discovered is what collect produced, in comparable form.
type discovered struct {
	Files   []string
	Params  map[string]map[string]string // by file, for files with params
	Errors  []finding.FileError
	Notices []finding.Notice
}

func discover(t *testing.T, ws Workspace, paths ...string) discovered {
	t.Helper()
	files, errs, notices := ws.Collect(t.Context(), paths, strings.NewReader(""), "<stdin>")
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

func repoWorkspace(t *testing.T, root string, excludes ...string) Workspace {
	t.Helper()
	globs, err := ParseExcludes(excludes)
	if err != nil {
		t.Fatal(err)
	}
	return Workspace{Root: root, WD: root, Excludes: globs, Stage: "dev"}
}

func TestDiscoverCodeConfigurations(t *testing.T) {
	root := testfs.Repo(t, map[string]string{
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
	"services/small/serverless.yml": clean,
	"services/big/serverless.yml":   clean,
}

func TestDiscoverComposeDedupe(t *testing.T) {
	root := testfs.Repo(t, composeRepo)
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
	root := testfs.Repo(t, map[string]string{
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
	ws.Stage = "prod"
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
	root := testfs.Repo(t, map[string]string{
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

func TestDiscoverGitignore(t *testing.T) {
	root := testfs.Repo(t, map[string]string{
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

func TestDiscovery(t *testing.T) {
	root := repositoryRoot(t)
	ws := Workspace{Root: root, WD: root}
	tests := []struct {
		name  string
		paths []string
		files []string
		errs  []finding.FileError
	}{
		{"a directory", []string{"testdata/cli/tree"}, []string{
			"testdata/cli/tree/api/serverless.yaml",
			"testdata/cli/tree/jobs/nightly/serverless.yml",
			"testdata/cli/tree/serverless.yml",
			"testdata/cli/tree/web/serverless.json",
		}, nil},
		{"a file named is linted whatever its name", []string{"testdata/cli/tree/api/other.yml", "testdata/cli/tree/caps/Serverless.yml"}, []string{
			"testdata/cli/tree/api/other.yml",
			"testdata/cli/tree/caps/Serverless.yml",
		}, nil},
		{"a skipped directory named on the command line", []string{"testdata/cli/tree/node_modules"}, []string{
			"testdata/cli/tree/node_modules/pkg/serverless.yml",
		}, nil},
		{"a directory and a file in it", []string{"testdata/cli/tree/serverless.yml", "testdata/cli/tree/jobs"}, []string{
			"testdata/cli/tree/serverless.yml",
			"testdata/cli/tree/jobs/nightly/serverless.yml",
		}, nil},
		{"missing paths", []string{"testdata/cli/tree/jobs", "testdata/cli/nope", "nope.yml"}, []string{
			"testdata/cli/tree/jobs/nightly/serverless.yml",
		}, []finding.FileError{
			{File: "testdata/cli/nope", Message: "no such file or directory"},
			{File: "nope.yml", Message: "no such file or directory"},
		}},
		{"standard input", []string{"-", "testdata/cli/tree/jobs"}, []string{
			"<stdin>",
			"testdata/cli/tree/jobs/nightly/serverless.yml",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, errs, _ := ws.Collect(t.Context(), tt.paths, strings.NewReader(""), "<stdin>")
			if diff := cmp.Diff(tt.files, fileNames(files)); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.errs, errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func fileNames(files []File) []string {
	names := make([]string, 0, len(files))
	for _, f := range files {
		names = append(names, f.Name)
	}
	return names
}

func TestWorkspace(t *testing.T) {
	ws := Workspace{Root: "/repo", WD: "/repo/services/api"}
	names := map[string]string{
		"serverless.yml":           "services/api/serverless.yml",
		"../web/serverless.yml":    "services/web/serverless.yml",
		"/repo/x.yml":              "x.yml",
		"/elsewhere/a.yml":         "/elsewhere/a.yml",
		"../../../outside/a.yml":   "/outside/a.yml",
		"./sub/../serverless.yaml": "services/api/serverless.yaml",
	}
	for in, want := range names {
		if got := ws.Name(in); got != want {
			t.Errorf("name(%q) = %q, want %q", in, got, want)
		}
	}
	displays := map[string]string{
		"services/api/serverless.yml": "serverless.yml",
		"services/web/serverless.yml": "../web/serverless.yml",
		"x.yml":                       "../../x.yml",
		"/elsewhere/a.yml":            "/elsewhere/a.yml",
		"<stdin>":                     "<stdin>",
	}
	for in, want := range displays {
		if got := ws.Display(in); got != want {
			t.Errorf("display(%q) = %q, want %q", in, got, want)
		}
	}
}

func sortedCopy(s []string) []string {
	return slices.Sorted(slices.Values(s))
}
