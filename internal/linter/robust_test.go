package linter_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/hostile"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/report"
)

// robustFixtures are the good files the robustness tests lint, named
// relative to the repository root: every rule fixture, the clean and
// golden inputs and the examples.
func robustFixtures(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, pattern := range []string{"testdata/rules/*/*.yml", "testdata/clean/*.yml", "testdata/golden/input/*/serverless.yml", "examples/*/serverless.yml"} {
		names = append(names, fixtureFiles(t, pattern)...)
	}
	if len(names) < 50 {
		t.Fatalf("only %d fixtures", len(names))
	}
	return names
}

func repoFile(name string) linter.File {
	return linter.File{Name: name, Read: func() ([]byte, error) { return os.ReadFile(filepath.Join(repoRoot, name)) }}
}

// robustEngine is an engine that reads includes from the repository.
func robustEngine(t *testing.T) *linter.Engine {
	t.Helper()
	eng, err := linter.New(context.Background(), linter.Options{Loader: loader.Options{Files: repoFS(t)}})
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// renderAll writes a result in every format.
func renderAll(t *testing.T, res report.Result) map[string][]byte {
	t.Helper()
	opts := report.Options{
		Tool:       report.Tool{Name: "mi-lint", Version: "test"},
		SrcRootURI: "file:///src/",
		LineText: func(file string, line int) (string, bool) {
			b, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(file)))
			if err != nil {
				return "", false
			}
			lines := splitLines(b)
			if line < 1 || line > len(lines) {
				return "", false
			}
			return lines[line-1], true
		},
	}
	out := map[string][]byte{}
	for _, format := range report.FormatNames() {
		write, err := report.FormatterFor(format)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := write(&buf, res, opts); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out[format] = buf.Bytes()
	}
	return out
}

// TestDeterministicOutput lints the fixtures under several GOMAXPROCS
// values and file orders: every format must come out byte for byte the
// same.
func TestDeterministicOutput(t *testing.T) {
	names := robustFixtures(t)
	// A file that cannot be read belongs in the output too (the golden
	// input "broken" does not load).
	names = append(names, "testdata/does-not-exist.yml")
	ctx := context.Background()
	var want map[string][]byte
	wantRun := ""
	for _, procs := range []int{1, 2, 8} {
		prev := runtime.GOMAXPROCS(procs)
		eng := robustEngine(t) // compiled under procs too
		runtime.GOMAXPROCS(prev)
		for shuffle := range 2 {
			run := fmt.Sprintf("GOMAXPROCS=%d order=%d", procs, shuffle)
			order := slices.Clone(names)
			if shuffle > 0 {
				r := rand.New(rand.NewPCG(uint64(procs), uint64(shuffle)))
				r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			}
			files := make([]linter.File, len(order))
			for i, n := range order {
				files[i] = repoFile(n)
			}
			prev := runtime.GOMAXPROCS(procs)
			res := eng.Lint(ctx, files)
			runtime.GOMAXPROCS(prev)
			if len(res.Findings) < 50 || len(res.Errors) < 2 {
				t.Fatalf("%s: %d findings and %d errors; the fixtures give more", run, len(res.Findings), len(res.Errors))
			}
			got := renderAll(t, res)
			if want == nil {
				want, wantRun = got, run
				continue
			}
			for format, w := range want {
				if !bytes.Equal(w, got[format]) {
					t.Errorf("%s output differs between %s and %s:\n%s", format, wantRun, run, cmp.Diff(string(w), string(got[format])))
				}
			}
		}
	}
}

// TestPanicInOneFile makes reading one file panic: that file gets an
// internal error and the others' findings are complete.
func TestPanicInOneFile(t *testing.T) {
	ctx := context.Background()
	eng := robustEngine(t)
	names := robustFixtures(t)
	var files []linter.File
	var want []finding.Finding
	var wantErrs []finding.FileError
	for _, n := range names {
		f := repoFile(n)
		files = append(files, f)
		out := eng.Check(ctx, f)
		if out.Err != nil {
			wantErrs = append(wantErrs, *out.Err) // the golden input "broken"
		}
		want = append(want, out.Findings...)
	}
	const bad = "testdata/panics.yml"
	files = append(files[:len(files)/2:len(files)/2], append([]linter.File{{Name: bad, Read: func() ([]byte, error) {
		panic("reading went wrong")
	}}}, files[len(files)/2:]...)...)
	res := eng.Lint(ctx, files)
	sorted := report.Result{Findings: want, Errors: append(wantErrs, finding.FileError{File: bad, Message: "internal error: reading went wrong"})}
	sorted.Sort()
	if diff := cmp.Diff(sorted.Errors, res.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(sorted.Findings, res.Findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if !slices.Contains(res.FileNames, bad) || res.Files != len(names)+1 {
		t.Errorf("the failed file is not counted: Files = %d, FileNames has it: %v", res.Files, slices.Contains(res.FileNames, bad))
	}
}

// findingKey is a finding without its file name, to compare the same
// configuration written in two files.
func findingKey(f finding.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %d:%d-%d:%d %s %s", f.RuleID, f.Level, f.Region.StartLine, f.Region.StartColumn,
		f.Region.EndLine, f.Region.EndColumn, f.YAMLPath, f.Message)
	for _, r := range f.Related {
		fmt.Fprintf(&b, " | %d:%d-%d:%d %s", r.Region.StartLine, r.Region.StartColumn, r.Region.EndLine, r.Region.EndColumn, r.Message)
	}
	return b.String()
}

func findingKeys(fs []finding.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = findingKey(f)
	}
	slices.Sort(out)
	return out
}

// TestHostileTree lints a tree mixing every hostile input with the good
// fixtures: each bad file has exactly its one error and no findings, each
// good file in an unusual encoding has the findings of its plain form, and
// the fixtures' findings are complete.
func TestHostileTree(t *testing.T) {
	cases := hostile.Cases()
	if !testing.Short() {
		cases = append(cases, hostile.Large()...)
	}
	dir := t.TempDir()
	if err := hostile.Write(dir, cases); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	eng := robustEngine(t)
	var files []linter.File
	var wantFindings []finding.Finding
	var wantErrs []finding.FileError
	for _, n := range robustFixtures(t) {
		f := repoFile(n)
		files = append(files, f)
		out := eng.Check(ctx, f)
		wantFindings = append(wantFindings, out.Findings...)
		if out.Err != nil {
			wantErrs = append(wantErrs, *out.Err) // the golden input "broken"
		}
	}
	byName := map[string]hostile.Case{}
	for _, c := range cases {
		name := "hostile/" + c.Name + "/serverless.yml"
		byName[name] = c
		files = append(files, linter.File{Name: name, Read: func() ([]byte, error) { return os.ReadFile(c.File(dir)) }})
		if c.Msg != "" {
			wantErrs = append(wantErrs, finding.FileError{File: name, Line: c.Line, Column: c.Col, Message: c.Msg})
		}
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	res := eng.Lint(ctx, files)

	sorted := report.Result{Errors: wantErrs}
	sorted.Sort()
	if diff := cmp.Diff(sorted.Errors, res.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	var gotFixtures []finding.Finding
	gotHostile := map[string][]finding.Finding{}
	for _, f := range res.Findings {
		if _, ok := byName[f.File]; ok {
			gotHostile[f.File] = append(gotHostile[f.File], f)
		} else {
			gotFixtures = append(gotFixtures, f)
		}
	}
	sorted = report.Result{Findings: wantFindings}
	sorted.Sort()
	if diff := cmp.Diff(sorted.Findings, gotFixtures); diff != "" {
		t.Errorf("fixture findings (-want +got):\n%s", diff)
	}
	for name, c := range byName {
		if c.Same == nil {
			if len(gotHostile[name]) > 0 {
				t.Errorf("%s: findings on a file that does not load: %v", name, gotHostile[name])
			}
			continue
		}
		plain := eng.Check(ctx, linter.File{Name: "plain.yml", Read: func() ([]byte, error) { return c.Same, nil }})
		if plain.Err != nil || len(plain.Findings) == 0 {
			t.Fatalf("%s: the plain form gives %v and %d findings; want findings", name, plain.Err, len(plain.Findings))
		}
		if diff := cmp.Diff(findingKeys(plain.Findings), findingKeys(gotHostile[name])); diff != "" {
			t.Errorf("%s: findings differ from the plain UTF-8 form (-want +got):\n%s", name, diff)
		}
	}
}
