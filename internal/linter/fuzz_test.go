package linter_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mi-lint/mi-lint/internal/fuzzseed"
	"github.com/mi-lint/mi-lint/internal/linter"
	"github.com/mi-lint/mi-lint/internal/loader"
	"github.com/mi-lint/mi-lint/internal/report"
)

// FuzzLint lints arbitrary bytes end to end and writes the result in every
// format: nothing may panic (Check recovers and reports an internal error,
// which fails the target), every format must write something, and SARIF,
// JSON and rdjson must be valid JSON.
// Run: go test -run '^$' -fuzz '^FuzzLint$' -fuzztime 60s ./internal/linter
func FuzzLint(f *testing.F) {
	fuzzseed.Add(f, repoRoot)
	f.Add([]byte("service: s\nprovider:\n  name: aws\n  capacityProviders:\n    p: ${file(./fuzz.yml)}\nfunctions:\n  f: {capacityProvider: p}\n"))
	ctx := context.Background()
	files := fstest.MapFS{}
	eng, err := linter.New(ctx, linter.Options{Loader: loader.Options{Files: files}})
	if err != nil {
		f.Fatal(err)
	}
	formats := report.FormatNames()
	f.Fuzz(func(t *testing.T, data []byte) {
		// The fuzzed bytes are also the one file ${file(./fuzz.yml)} reads.
		files["fuzz.yml"] = &fstest.MapFile{Data: data}
		const name = "svc/serverless.yml"
		out := eng.Check(ctx, linter.File{Name: name, Read: func() ([]byte, error) { return data, nil }})
		if out.Err != nil && strings.HasPrefix(out.Err.Message, "internal error") {
			t.Fatalf("Check panicked: %s", out.Err.Message)
		}
		res := report.Result{Rules: eng.Rules(), Findings: out.Findings, Notices: out.Notices, Files: 1, FileNames: []string{name}}
		if out.Err != nil {
			res.Errors = append(res.Errors, *out.Err)
		}
		res.Sort()
		lines := splitLines(data)
		opts := report.Options{
			Tool:       report.Tool{Name: "mi-lint", Version: "fuzz"},
			SrcRootURI: "file:///src/",
			LineText: func(file string, line int) (string, bool) {
				if file != name || line < 1 || line > len(lines) {
					return "", false
				}
				return lines[line-1], true
			},
		}
		for _, format := range formats {
			write, err := report.FormatterFor(format)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := write(&buf, res, opts); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			// The line-per-problem formats have nothing to say about a clean file.
			if buf.Len() == 0 && (len(res.Findings)+len(res.Errors) > 0 || (format != "github" && format != "rdjsonl")) {
				t.Fatalf("%s wrote nothing", format)
			}
			switch format {
			case "sarif", "json", "rdjson":
				if !json.Valid(buf.Bytes()) {
					t.Fatalf("%s output is not valid JSON:\n%s", format, buf.Bytes())
				}
			case "rdjsonl":
				for line := range bytes.SplitSeq(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n")) {
					if len(line) > 0 && !json.Valid(line) {
						t.Fatalf("rdjsonl line is not valid JSON: %s", line)
					}
				}
			case "checkstyle", "junit":
				if err := wellFormedXML(buf.Bytes()); err != nil {
					t.Fatalf("%s output is not well-formed XML: %v\n%s", format, err, buf.Bytes())
				}
			}
		}
	})
}

// wellFormedXML reads a whole XML document.
func wellFormedXML(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// splitLines splits as the loader counts lines: at LF, CRLF and CR.
func splitLines(b []byte) []string {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return strings.Split(strings.ReplaceAll(s, "\r", "\n"), "\n")
}
