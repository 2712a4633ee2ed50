package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/hostile"
	"github.com/mi-lint/mi-lint/internal/testfs"
)

// TestHostileDirectory runs the CLI over a tree that mixes every small
// hostile input, symbolic-link tricks and good files: exit 2, exactly one
// error per bad file, and every good file's findings in full.
func TestHostileDirectory(t *testing.T) {
	root := testfs.Repo(t, map[string]string{"good/serverless.yml": configService})
	cases := hostile.Cases()
	if err := hostile.Write(root, cases); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "serverless.yml"), []byte(configService), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"escape", "loop", "inside", "dir/serverless.yml"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"escape/serverless.yml": filepath.Join(outside, "serverless.yml"),
		"loop/serverless.yml":   filepath.Join(root, "loop/serverless.yml"),
		"inside/serverless.yml": filepath.Join(root, "good/serverless.yml"),
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Skipf("symlinks unavailable: %v", err)
		}
	}

	out := invocation{wd: root}.run(t, "-f", "json")
	if out.code != ExitError {
		t.Errorf("exit code %d, want %d", out.code, ExitError)
	}
	var res struct {
		Findings []struct {
			Rule      struct{ ID string }
			File      string
			StartLine int `json:"startLine"`
		}
		Errors []struct {
			File         string
			Line, Column int
			Message      string
		}
	}
	if err := json.Unmarshal([]byte(out.stdout), &res); err != nil {
		t.Fatalf("%v\nstderr: %s", err, out.stderr)
	}

	wantErrors := map[string]string{
		"escape/serverless.yml": "the file is a symbolic link that leads outside the repository root; mi-lint does not read it",
	}
	for _, c := range cases {
		if c.Msg != "" {
			wantErrors[c.Name+"/serverless.yml"] = c.Msg
		}
	}
	gotErrors := map[string]string{}
	for _, e := range res.Errors {
		if _, dup := gotErrors[e.File]; dup {
			t.Errorf("%s: more than one error", e.File)
		}
		gotErrors[e.File] = e.Message
	}
	// A link that loops cannot be followed: its message comes from the
	// operating system, so only its presence is compared.
	if _, ok := gotErrors["loop/serverless.yml"]; !ok {
		t.Errorf("no error for the symbolic link loop")
	}
	delete(gotErrors, "loop/serverless.yml")
	if diff := cmp.Diff(wantErrors, gotErrors); diff != "" {
		t.Errorf("errors by file (-want +got):\n%s", diff)
	}

	// The good file and the link that stays inside the root report the
	// same findings; hostile files that load (other encodings) report
	// their plain form's.
	perFile := map[string][]string{}
	for _, f := range res.Findings {
		perFile[f.File] = append(perFile[f.File], f.Rule.ID)
	}
	good := perFile["good/serverless.yml"]
	if len(good) == 0 {
		t.Fatal("the good file has no findings")
	}
	if diff := cmp.Diff(good, perFile["inside/serverless.yml"]); diff != "" {
		t.Errorf("the link inside the root (-good +link):\n%s", diff)
	}
	if _, ok := perFile["dir/serverless.yml"]; ok {
		t.Errorf("a directory named serverless.yml was linted")
	}
}
