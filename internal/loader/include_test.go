package loader_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// loadIn loads the file name (root-relative) from files, with includes
// read from the same file system.
func loadIn(t *testing.T, files fstest.MapFS, name string, opts loader.Options) *loader.Document {
	t.Helper()
	opts.Files = files
	doc, err := loader.Load(loader.Source{Path: name, Content: files[name].Data}, opts, loader.DefaultLimits)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return doc
}

func TestFileIncludes(t *testing.T) {
	files := fstest.MapFS{
		"svc/serverless.yml": {Data: []byte(`service: inc
custom:
  whole: ${file(./config/net.yml)}
  part: ${file(./config/net.yml):vpc.subnetIds}
  staged: ${file(./config/${opt:stage, 'dev'}.json):size}
  nested: ${file(./config/outer.yml):inner}
  missingWithFallback: ${file(./config/none.yml), 'fallback'}
  selfInInclude: ${file(./config/self.yml):name}
`)},
		"svc/config/net.yml":   {Data: []byte("vpc:\n  subnetIds: [subnet-1, subnet-2]\n")},
		"svc/config/dev.json":  {Data: []byte(`{"size": 64}`)},
		"svc/config/prod.json": {Data: []byte(`{"size": 128}`)},
		"svc/config/outer.yml": {Data: []byte("inner: ${file(./config/net.yml):vpc.subnetIds.1}\n")},
		"svc/config/self.yml":  {Data: []byte("name: ${self:service}-worker\n")},
	}
	doc := loadIn(t, files, "svc/serverless.yml", loader.Options{})
	custom := get(doc.Config, "custom")
	want := map[string]any{
		"whole":               map[string]any{"vpc": map[string]any{"subnetIds": []any{"subnet-1", "subnet-2"}}},
		"part":                []any{"subnet-1", "subnet-2"},
		"staged":              num("64"),
		"nested":              "subnet-2",
		"missingWithFallback": "fallback",
		"selfInInclude":       "inc-worker",
	}
	if diff := cmp.Diff(want, plain(custom)); diff != "" {
		t.Errorf("custom (-want +got):\n%s", diff)
	}
	if len(doc.Warnings) != 0 {
		t.Errorf("unexpected warnings: %v", doc.Warnings)
	}
	prod := loadIn(t, files, "svc/serverless.yml", loader.Options{Stage: "prod"})
	if got := plain(get(prod.Config, "custom", "staged")); got != num("128") {
		t.Errorf("staged with --stage prod = %v, want 128", got)
	}

	// A key written in an included file is located in that file, with the
	// include site related.
	loc, ok := doc.Locate(loader.Path{"custom", "whole", "vpc", "subnetIds"})
	if !ok {
		t.Fatal("Locate failed")
	}
	wantLoc := loader.Location{
		Range:   loader.Range{File: "svc/config/net.yml", Line: 2, Col: 3, EndLine: 2, EndCol: 34},
		Related: []loader.Related{{Range: loader.Range{File: "svc/serverless.yml", Line: 3, Col: 10, EndLine: 3, EndCol: 35}, Message: "referenced here"}},
	}
	if diff := cmp.Diff(wantLoc, loc); diff != "" {
		t.Errorf("Locate (-want +got):\n%s", diff)
	}
}

func TestFileIncludeProblemsAreWarnings(t *testing.T) {
	files := fstest.MapFS{
		"svc/serverless.yml": {Data: []byte(`service: inc
custom:
  missing: ${file(./config/none.yml)}
  up: ${file(../../etc/passwd)}
  absolute: ${file(/etc/passwd)}
  broken: ${file(./broken.yml)}
  script: ${file(./values.js):size}
  fine: 1
`)},
		"svc/broken.yml": {Data: []byte("a: [1,\n")},
		"svc/values.js":  {Data: []byte("module.exports = {}\n")},
	}
	doc := loadIn(t, files, "svc/serverless.yml", loader.Options{})
	for _, key := range []string{"missing", "up", "absolute", "broken", "script"} {
		if n := get(doc.Config, "custom", key); n == nil || n.Kind != loader.KindUnknown {
			t.Errorf("custom.%s = %v, want an unknown value", key, plain(n))
		}
	}
	var got []string
	for _, w := range doc.Warnings {
		got = append(got, fmt.Sprintf("%s:%d: %s", w.Range.File, w.Range.Line, w.Message))
	}
	want := []string{
		"svc/serverless.yml:3: the include ${file(./config/none.yml)} names svc/config/none.yml, which does not exist; its value is unknown",
		"svc/serverless.yml:4: the include ${file(../../etc/passwd)} is outside the repository root; mi-lint does not read it; its value is unknown",
		"svc/serverless.yml:5: the include ${file(/etc/passwd)} is an absolute path; mi-lint reads only files inside the repository; its value is unknown",
		"svc/serverless.yml:6: the include ${file(./broken.yml)} (svc/broken.yml) does not parse (svc/broken.yml:2:1: invalid YAML: did not find expected node content); its value is unknown",
		"svc/serverless.yml:7: the include ${file(./values.js):size} (svc/values.js) is not a YAML or JSON file; its value is known only at deploy time; its value is unknown",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestFileIncludeSymlinkEscape reads includes through an os.Root, as the
// CLI does: a symlink inside the root that points outside it is refused.
func TestFileIncludeSymlinkEscape(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.yml"), []byte("token: hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rootDir := t.TempDir()
	if err := os.Symlink(filepath.Join(outside, "secret.yml"), filepath.Join(rootDir, "link.yml")); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	root, err := os.OpenRoot(rootDir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	src := "service: s\ncustom:\n  token: ${file(./link.yml):token}\n"
	doc, err := loader.Load(loader.Source{Path: "serverless.yml", Content: []byte(src)}, loader.Options{Files: root.FS()}, loader.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if n := get(doc.Config, "custom", "token"); n == nil || n.Kind != loader.KindUnknown {
		t.Errorf("custom.token = %v, want unknown: the symlink leads outside the root", plain(n))
	}
	if len(doc.Warnings) != 1 {
		t.Fatalf("warnings = %v, want one", doc.Warnings)
	}
}

func TestParamsAndOpts(t *testing.T) {
	src := `service: p
provider:
  stage: ${opt:stage, 'dev'}
params:
  default:
    size: 16
    name: default-name
  prod:
    size: 64
custom:
  size: ${param:size}
  name: ${param:name}
  missing: ${param:nope, 'fb'}
  color: ${opt:color, 'blue'}
`
	tests := []struct {
		name string
		opts loader.Options
		want map[string]any
	}{
		{"defaults", loader.Options{}, map[string]any{"size": num("16"), "name": "default-name", "missing": "fb", "color": "blue"}},
		{"stage params", loader.Options{Stage: "prod"}, map[string]any{"size": num("64"), "name": "default-name", "missing": "fb", "color": "blue"}},
		{"flags win", loader.Options{Stage: "prod", Params: map[string]string{"size": "8"}, Opts: map[string]string{"color": "red"}},
			map[string]any{"size": "8", "name": "default-name", "missing": "fb", "color": "red"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := load(t, src, tt.opts)
			if diff := cmp.Diff(tt.want, plain(get(doc.Config, "custom"))); diff != "" {
				t.Errorf("custom (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEnvIsReadOnlyWhenAllowed(t *testing.T) {
	src := "service: e\ncustom:\n  mem: ${env:MEM}\n  unset: ${env:NOPE, 'fallback'}\n  inString: size-${env:MEM}\n"
	off := load(t, src, loader.Options{})
	if n := get(off.Config, "custom", "mem"); n.Kind != loader.KindUnknown {
		t.Errorf("without Env, custom.mem = %v, want unknown", plain(n))
	}
	if len(off.Secrets) != 0 {
		t.Errorf("without Env, secrets = %v", off.Secrets)
	}
	env := map[string]string{"MEM": "4096"}
	on := load(t, src, loader.Options{Env: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	want := map[string]any{"mem": "4096", "unset": "fallback", "inString": "size-4096"}
	if diff := cmp.Diff(want, plain(get(on.Config, "custom"))); diff != "" {
		t.Errorf("custom (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"4096": "${env:MEM}"}, on.Secrets); diff != "" {
		t.Errorf("secrets (-want +got):\n%s", diff)
	}
}
