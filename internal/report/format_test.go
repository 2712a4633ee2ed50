package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
)

func TestURIPath(t *testing.T) {
	tests := map[string]string{
		"services/api/serverless.yml": "services/api/serverless.yml",
		"my service/serverless.yml":   "my%20service/serverless.yml",
		"a#b/c?d/100%.yml":            "a%23b/c%3Fd/100%25.yml",
		"<stdin>":                     "%3Cstdin%3E",
		"a:b/serverless.yml":          "a%3Ab/serverless.yml",
		"dienste/größe.yml":           "dienste/gr%C3%B6%C3%9Fe.yml",
		"x/[y]/z.yml":                 "x/%5By%5D/z.yml",
	}
	for in, want := range tests {
		if got := uriPath(in); got != want {
			t.Errorf("uriPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestArtifactLocation(t *testing.T) {
	tests := []struct {
		file, uri, base string
	}{
		{"svc/serverless.yml", "svc/serverless.yml", "%SRCROOT%"},
		{"/tmp/other repo/serverless.yml", "file:///tmp/other%20repo/serverless.yml", ""},
		{"C:/work/serverless.yml", "file:///C:/work/serverless.yml", ""},
	}
	for _, tt := range tests {
		al := artifactLocation(tt.file)
		base := ""
		if al.URIBaseId != nil {
			base = *al.URIBaseId
		}
		if al.URI == nil || *al.URI != tt.uri || base != tt.base {
			t.Errorf("artifactLocation(%q) = {%v, %q}, want {%q, %q}", tt.file, *al.URI, base, tt.uri, tt.base)
		}
	}
}

func TestDirURI(t *testing.T) {
	tests := map[string]string{
		"/work/main":       "file:///work/main/",
		"/work/main/":      "file:///work/main/",
		"/home/a b/repo#1": "file:///home/a%20b/repo%231/",
		"C:\\src\\mi-lint": "file:///C:/src/mi-lint/",
		"/":                "file:///",
	}
	for in, want := range tests {
		if got := DirURI(toSlashForTest(in)); got != want {
			t.Errorf("DirURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// toSlashForTest turns Windows separators into slashes on every OS, so
// the Windows cases run everywhere.
func toSlashForTest(p string) string { return strings.ReplaceAll(p, "\\", "/") }

func sampleResult() Result {
	return Result{
		Rules: []finding.Rule{{ID: "MI001", Name: "missing-vpc", Level: finding.LevelError, Category: "capacityprovider",
			Summary: "s", Description: "d", HelpURI: "https://example.com/MI001"}},
		Findings: []finding.Finding{{
			RuleID: "MI001", RuleName: "missing-vpc", Level: finding.LevelError, Message: "no VPC",
			Location: finding.Location{File: "svc/serverless.yml", Region: finding.Region{StartLine: 9, StartColumn: 5, EndLine: 9, EndColumn: 12}},
			YAMLPath: "provider.capacityProviders.main",
			Related: []finding.RelatedLocation{{
				Location: finding.Location{File: "svc/serverless.yml", Region: finding.Region{StartLine: 4, StartColumn: 3, EndLine: 4, EndColumn: 6}},
				Message:  "inherited from here",
			}},
		}},
		Errors: []finding.FileError{{File: "/elsewhere/serverless.yml", Line: 2, Column: 1, Message: "invalid YAML: oops"}},
		Files:  2,
	}
}

func TestTextRelatedAndColour(t *testing.T) {
	var plain bytes.Buffer
	if err := WriteText(&plain, sampleResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	want := "/elsewhere/serverless.yml:2:1: error: invalid YAML: oops\n" +
		"svc/serverless.yml:9:5: error: no VPC (MI001 missing-vpc)\n" +
		"  svc/serverless.yml:4:3: inherited from here\n" +
		"1 problem in 2 files (1 error, 0 warnings, 0 notes); 1 file could not be linted in full\n"
	if plain.String() != want {
		t.Errorf("plain text:\n%s\nwant:\n%s", plain.String(), want)
	}

	var colour bytes.Buffer
	if err := WriteText(&colour, sampleResult(), Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	wantColour := "\x1b[1m/elsewhere/serverless.yml:2:1\x1b[0m: \x1b[31merror\x1b[0m: invalid YAML: oops\n" +
		"\x1b[1msvc/serverless.yml:9:5\x1b[0m: \x1b[31merror\x1b[0m: no VPC \x1b[2m(MI001 missing-vpc)\x1b[0m\n" +
		"  \x1b[2msvc/serverless.yml:4:3\x1b[0m: inherited from here\n" +
		"1 problem in 2 files (1 error, 0 warnings, 0 notes); 1 file could not be linted in full\n"
	if colour.String() != wantColour {
		t.Errorf("coloured text:\n%q\nwant:\n%q", colour.String(), wantColour)
	}
}

func TestSARIFOutsideRootNotification(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, sampleResult(), Options{Tool: Tool{Name: "mi-lint", Version: "1.0.0"}, SrcRootURI: "file:///repo/"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver map[string]any `json:"driver"`
			} `json:"tool"`
			Invocations []struct {
				Notifications []struct {
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation map[string]string `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	al := log.Runs[0].Invocations[0].Notifications[0].Locations[0].PhysicalLocation.ArtifactLocation
	if al["uri"] != "file:///elsewhere/serverless.yml" || al["uriBaseId"] != "" {
		t.Errorf("notification artifactLocation = %v, want an absolute file URI without uriBaseId", al)
	}
	if _, ok := log.Runs[0].Tool.Driver["informationUri"]; ok {
		t.Errorf("an empty informationUri must be left out, got %v", log.Runs[0].Tool.Driver["informationUri"])
	}
}

// GitHub reads security-severity only on rules tagged security.
func TestSARIFSecuritySeverity(t *testing.T) {
	res := Result{Rules: []finding.Rule{
		{ID: "MI001", Name: "missing-vpc", Level: finding.LevelError, Tags: []string{finding.TagSecurity}},
		{ID: "MI003", Name: "max-vcpu-range", Level: finding.LevelError},
	}}
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, res, Options{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string         `json:"id"`
						Properties map[string]any `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		got[r.ID] = r.Properties["security-severity"]
	}
	if want := map[string]any{"MI001": "7.0", "MI003": nil}; !cmp.Equal(want, got) {
		t.Errorf("security-severity by rule = %v, want %v", got, want)
	}
}
