package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/mi-lint/mi-lint/internal/finding"
)

func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		in, data, prop string
	}{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"%0A is not a newline", "%250A is not a newline", "%250A is not a newline"},
		{"a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"},
		{"key: value, more", "key: value, more", "key%3A value%2C more"},
		{"::error::injected", "::error::injected", "%3A%3Aerror%3A%3Ainjected"},
		{"größe", "größe", "größe"},
	}
	for _, tt := range tests {
		if got := githubData(tt.in); got != tt.data {
			t.Errorf("githubData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := githubProperty(tt.in); got != tt.prop {
			t.Errorf("githubProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
}

func TestGitHubRegion(t *testing.T) {
	tests := []struct {
		r    finding.Region
		want string
	}{
		{finding.Region{StartLine: 18, StartColumn: 9, EndLine: 18, EndColumn: 50}, "line=18,col=9,endLine=18,endColumn=49"},
		// A one-character span: GitHub's endColumn is inclusive.
		{finding.Region{StartLine: 5, StartColumn: 17, EndLine: 5, EndColumn: 18}, "line=5,col=17,endLine=5,endColumn=17"},
		// Columns only on one line.
		{finding.Region{StartLine: 3, StartColumn: 5, EndLine: 7, EndColumn: 9}, "line=3,endLine=7"},
		// Ending at the start of the next line ends on this one.
		{finding.Region{StartLine: 3, StartColumn: 5, EndLine: 4, EndColumn: 1}, "line=3,col=5,endLine=3"},
		{finding.Region{StartLine: 2}, "line=2,endLine=2"},
		{finding.Region{}, ""},
	}
	for _, tt := range tests {
		if got := strings.Join(githubRegion(tt.r), ","); got != tt.want {
			t.Errorf("githubRegion(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestWriteGitHub(t *testing.T) {
	res := sampleResult()
	res.Findings = append(res.Findings, finding.Finding{
		RuleID: "MI201", RuleName: "versioned", Level: finding.LevelNote, Message: "50% done\nnext line",
		Location: finding.Location{File: "a,b/c:d.yml", Region: finding.Region{StartLine: 2, StartColumn: 1, EndLine: 3, EndColumn: 4}},
	})
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, res, Options{DisplayPath: func(s string) string { return "../" + s }}); err != nil {
		t.Fatal(err)
	}
	// File names are root-relative whatever DisplayPath says; a message
	// is data, where only %, CR and LF are escaped.
	want := "::error file=/elsewhere/serverless.yml,line=2,col=1,title=mi-lint could not lint this file::invalid YAML: oops\n" +
		"::error file=svc/serverless.yml,line=9,col=5,endLine=9,endColumn=11,title=MI001 missing-vpc::no VPC%0Asvc/serverless.yml:4:3: inherited from here\n" +
		"::notice file=a%2Cb/c%3Ad.yml,line=2,endLine=3,title=MI201 versioned::50%25 done%0Anext line\n"
	if got := buf.String(); got != want {
		t.Errorf("github output:\n%s\nwant:\n%s", got, want)
	}
}

func TestTextLineIsTextOutput(t *testing.T) {
	res := sampleResult()
	opts := Options{DisplayPath: func(s string) string { return "./" + s }}
	var buf bytes.Buffer
	if err := WriteText(&buf, res, opts); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	if got := errorLine(res.Errors[0], opts, plain); got != lines[0] {
		t.Errorf("errorLine = %q, text output has %q", got, lines[0])
	}
	if got := TextLine(res.Findings[0], opts); got != lines[1] {
		t.Errorf("TextLine = %q, text output has %q", got, lines[1])
	}
}

func TestByteColumn(t *testing.T) {
	tests := []struct {
		text      string
		col, want int
	}{
		{"  maxVCpuCount: 8", 3, 3},
		{"ab", 1, 1},
		{"ab", 3, 3},
		{"ab", 5, 5},
		{"größe: 1", 6, 8},
		{"a𐐀b", 2, 2},
		{"a𐐀b", 3, 6},
		{"a𐐀b", 4, 7},
		{"", 2, 2},
	}
	for _, tt := range tests {
		if got := byteColumn(tt.text, tt.col); got != tt.want {
			t.Errorf("byteColumn(%q, %d) = %d, want %d", tt.text, tt.col, got, tt.want)
		}
	}
}

func TestRDJSONL(t *testing.T) {
	res := sampleResult()
	res.Findings[0].Level = finding.LevelNote
	res.Findings[0].Message = "größe\nand <html> & \"quotes\""
	lines := map[int]string{9: "    größe: x", 4: "  über: y"}
	opts := Options{
		Tool: Tool{Name: "mi-lint", InformationURI: "https://example.com/mi-lint"},
		DisplayPath: func(s string) string {
			if strings.HasPrefix(s, "/") {
				return s
			}
			return "sub/" + s
		},
		LineText: func(file string, line int) (string, bool) {
			s, ok := lines[line]
			return s, ok && file == "svc/serverless.yml"
		},
	}
	var buf bytes.Buffer
	if err := WriteRDJSONL(&buf, res, opts); err != nil {
		t.Fatal(err)
	}
	var got []rdDiagnostic
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var d rdDiagnostic
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if strings.Contains(sc.Text(), `\u003c`) {
			t.Errorf("HTML characters are escaped: %s", sc.Text())
		}
		got = append(got, d)
	}
	if len(got) != 2 {
		t.Fatalf("%d diagnostics, want 2", len(got))
	}
	e := got[0]
	if e.Severity != "ERROR" || e.Code != nil || e.Location.Path != "/elsewhere/serverless.yml" ||
		e.Location.Range == nil || e.Location.Range.Start != (rdPosition{Line: 2, Column: 1}) || e.Location.Range.End != nil {
		t.Errorf("load error diagnostic = %+v", e)
	}
	d := got[1]
	if d.Severity != "INFO" || d.Message != res.Findings[0].Message {
		t.Errorf("severity %q message %q", d.Severity, d.Message)
	}
	if d.Code == nil || *d.Code != (rdCode{Value: "MI001", URL: "https://example.com/MI001"}) {
		t.Errorf("code = %+v", d.Code)
	}
	if d.Source == nil || *d.Source != (rdSource{Name: "mi-lint", URL: "https://example.com/mi-lint"}) {
		t.Errorf("source = %+v", d.Source)
	}
	if d.OriginalOutput != TextLine(res.Findings[0], opts) {
		t.Errorf("original_output = %q, want the text line", d.OriginalOutput)
	}
	// Columns 5 and 12 in code points are bytes 5 and 14 on "    größe: x".
	wantRange := rdRange{Start: rdPosition{Line: 9, Column: 5}, End: &rdPosition{Line: 9, Column: 14}}
	if d.Location.Path != "sub/svc/serverless.yml" || d.Location.Range.Start != wantRange.Start || *d.Location.Range.End != *wantRange.End {
		t.Errorf("location = %s %+v %+v", d.Location.Path, d.Location.Range.Start, d.Location.Range.End)
	}
	if len(d.RelatedLocations) != 1 || d.RelatedLocations[0].Message != "inherited from here" ||
		d.RelatedLocations[0].Location.Range.Start != (rdPosition{Line: 4, Column: 3}) ||
		*d.RelatedLocations[0].Location.Range.End != (rdPosition{Line: 4, Column: 7}) {
		t.Errorf("related = %+v", d.RelatedLocations)
	}
}

func TestRDJSONIsOneResult(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRDJSON(&buf, Result{}, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if string(doc["diagnostics"]) != "[]" {
		t.Errorf("diagnostics = %s, want []", doc["diagnostics"])
	}
	if !strings.Contains(string(doc["source"]), `"name": "mi-lint"`) {
		t.Errorf("source = %s", doc["source"])
	}
	var lines bytes.Buffer
	if err := WriteRDJSONL(&lines, Result{}, Options{}); err != nil || lines.Len() != 0 {
		t.Errorf("rdjsonl of no findings = %q, %v; want nothing", lines.String(), err)
	}
}

// hostileResult has text that XML must escape or cannot hold.
func hostileResult() Result {
	res := sampleResult()
	res.Findings[0].Message = "a <b> & \"c\" 'd' ]]> e\x07f\x00g\xffh\ti"
	res.FileNames = []string{"svc/serverless.yml", "clean/serverless.yml", "/elsewhere/serverless.yml"}
	return res
}

func TestCheckstyle(t *testing.T) {
	res := hostileResult()
	var buf bytes.Buffer
	if err := WriteCheckstyle(&buf, res, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc csReport
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	if doc.Version != "4.3" || len(doc.Files) != 3 {
		t.Fatalf("report = %+v", doc)
	}
	names := []string{doc.Files[0].Name, doc.Files[1].Name, doc.Files[2].Name}
	if strings.Join(names, " ") != "/elsewhere/serverless.yml clean/serverless.yml svc/serverless.yml" {
		t.Errorf("files = %v, want sorted, clean one included", names)
	}
	if len(doc.Files[1].Errors) != 0 {
		t.Errorf("clean file has errors: %+v", doc.Files[1].Errors)
	}
	e := doc.Files[2].Errors[0]
	want := csError{Line: 9, Column: 5, Severity: "error", Message: "a <b> & \"c\" 'd' ]]> e\uFFFDf\uFFFDg\uFFFDh\ti", Source: "mi-lint.MI001"}
	if e != want {
		t.Errorf("error = %+v\nwant    %+v", e, want)
	}
	if l := doc.Files[0].Errors[0]; l.Source != "mi-lint" || l.Line != 2 || l.Severity != "error" {
		t.Errorf("load error = %+v", l)
	}
}

func TestJUnit(t *testing.T) {
	res := hostileResult()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, res, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	if doc.Tests != 3 || doc.Failures != 1 || doc.Errors != 1 || len(doc.Suites) != 3 {
		t.Fatalf("totals tests=%d failures=%d errors=%d suites=%d", doc.Tests, doc.Failures, doc.Errors, len(doc.Suites))
	}
	clean := doc.Suites[1]
	if clean.Name != "clean/serverless.yml" || len(clean.Cases) != 1 || clean.Cases[0].Failure != nil || clean.Cases[0].Error != nil {
		t.Errorf("clean file suite = %+v, want one passing test case", clean)
	}
	if c := doc.Suites[0].Cases[0]; c.Error == nil || c.Error.Message != "invalid YAML: oops" {
		t.Errorf("load error case = %+v", c)
	}
	f := doc.Suites[2].Cases[0]
	if f.Failure == nil || f.Name != "MI001 missing-vpc at 9:5" || f.Classname != "svc/serverless.yml" {
		t.Fatalf("finding case = %+v", f)
	}
	wantText := "svc/serverless.yml:9:5: error: a <b> & \"c\" 'd' ]]> e\uFFFDf\uFFFDg\uFFFDh\ti (MI001 missing-vpc)\n" +
		"  svc/serverless.yml:4:3: inherited from here"
	if f.Failure.Text != wantText {
		t.Errorf("failure text = %q\nwant %q", f.Failure.Text, wantText)
	}
}

func TestSARIFAutomationID(t *testing.T) {
	tests := map[string]string{"": "mi-lint/", "mi-lint/": "mi-lint/", "services/api": "services/api/", "x/": "x/"}
	for in, want := range tests {
		if got := sarifAutomationID(in); got != want {
			t.Errorf("sarifAutomationID(%q) = %q, want %q", in, got, want)
		}
	}
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, Result{}, Options{Tool: Tool{Name: "mi-lint", Version: "1.0.0"}, SARIFCategory: "api"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			AutomationDetails struct {
				ID string `json:"id"`
			} `json:"automationDetails"`
			Results json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if id := log.Runs[0].AutomationDetails.ID; id != "api/" {
		t.Errorf("automationDetails.id = %q, want %q", id, "api/")
	}
	// A clean run still uploads an empty result list, so alerts close.
	if r := string(log.Runs[0].Results); r != "[]" {
		t.Errorf("results of a clean run = %s, want []", r)
	}
}

func TestNoticesInCIFormats(t *testing.T) {
	res := Result{
		Notices:   []finding.Notice{{File: "svc/serverless.ts", Message: "serverless.ts is not linted"}, {File: "svc/serverless.yml", Line: 3, Column: 5, Message: "include missing.yml: no such file"}},
		FileNames: []string{"svc/serverless.yml"},
		Files:     1,
	}
	tests := []struct {
		format Formatter
		want   []string
	}{
		{WriteGitHub, []string{
			"::warning file=svc/serverless.ts,title=mi-lint notice::serverless.ts is not linted\n",
			"::warning file=svc/serverless.yml,line=3,col=5,title=mi-lint notice::include missing.yml: no such file\n",
		}},
		{WriteRDJSONL, []string{
			`{"message":"serverless.ts is not linted","location":{"path":"svc/serverless.ts"},"severity":"WARNING",`,
			`"original_output":"svc/serverless.yml:3:5: notice: include missing.yml: no such file"`,
		}},
		{WriteCheckstyle, []string{
			`<file name="svc/serverless.ts">` + "\n" + `    <error severity="warning" message="serverless.ts is not linted" source="mi-lint"></error>`,
			`<error line="3" column="5" severity="warning" message="include missing.yml: no such file" source="mi-lint"></error>`,
		}},
		{WriteJUnit, []string{
			`<testsuites name="mi-lint" tests="2" failures="0" errors="0" skipped="2">`,
			`<testcase name="notice" classname="svc/serverless.ts">` + "\n" + `      <skipped message="serverless.ts is not linted"></skipped>`,
			`<testcase name="notice at 3:5" classname="svc/serverless.yml">`,
		}},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := tt.format(&buf, res, Options{}); err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("output lacks %q:\n%s", w, buf.String())
			}
		}
	}
}

// A finding below --fail-level does not fail the run, so JUnit shows it
// as a passing test case with the finding's text as its output.
func TestJUnitFailLevel(t *testing.T) {
	res := hostileResult() // one finding, at level error
	for level, wantFailures := range map[string]int{"": 1, "error": 1, "warning": 1, "note": 1, "none": 0} {
		var buf bytes.Buffer
		if err := WriteJUnit(&buf, res, Options{FailLevel: level}); err != nil {
			t.Fatal(err)
		}
		var doc junitSuites
		if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("not XML: %v\n%s", err, buf.String())
		}
		c := doc.Suites[2].Cases[0]
		if doc.Failures != wantFailures || doc.Suites[2].Failures != wantFailures || (c.Failure != nil) != (wantFailures == 1) {
			t.Errorf("--fail-level %q: failures %d (suite %d), case %+v; want %d", level, doc.Failures, doc.Suites[2].Failures, c, wantFailures)
		}
		wantOut := ""
		if wantFailures == 0 {
			wantOut = "svc/serverless.yml:9:5: error: a <b> & \"c\" 'd' ]]> e\uFFFDf\uFFFDg\uFFFDh\ti (MI001 missing-vpc)\n" +
				"  svc/serverless.yml:4:3: inherited from here"
		}
		if c.SystemOut != wantOut {
			t.Errorf("--fail-level %q: system-out %q, want %q", level, c.SystemOut, wantOut)
		}
	}
	res.Findings[0].Level = "warning"
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, res, Options{FailLevel: "error"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `failures="0"`) || strings.Contains(buf.String(), "<failure") {
		t.Errorf("a warning under --fail-level error is a failure:\n%s", buf.String())
	}
}
