package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
)

type streamItem struct {
	Message string   `json:"message"`
	Tags    []string `json:"tags"`
}

type streamRun struct {
	Name    string       `json:"name"`
	Results []streamItem `json:"results"`
	After   []streamItem `json:"after"`
}

type streamDoc struct {
	// Decoy holds the marker text inside a string, which must not match.
	Decoy string       `json:"decoy"`
	Runs  []streamRun  `json:"runs"`
	Items []streamItem `json:"items"`
	Tail  int          `json:"tail"`
}

// TestEncodeStreamed checks that writing arrays item by item gives the
// bytes json.Encoder gives for the whole document, with and without HTML
// escaping, for empty and filled arrays at several depths.
func TestEncodeStreamed(t *testing.T) {
	items := []streamItem{
		{Message: "a <b> & \"c\"\n  \"results\": []", Tags: []string{"x", "y"}},
		{Message: "é\u2028", Tags: []string{}},
		{Message: "last", Tags: nil},
	}
	for _, escape := range []bool{false, true} {
		for _, n := range []int{0, 1, len(items)} {
			full := streamDoc{
				Decoy: "\n      \"results\": []",
				Runs:  []streamRun{{Name: "r", Results: items[:n], After: []streamItem{}}},
				Items: items[:n],
				Tail:  7,
			}
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(escape)
			enc.SetIndent("", "  ")
			if err := enc.Encode(full); err != nil {
				t.Fatal(err)
			}

			frame := full
			frame.Runs = []streamRun{{Name: "r", Results: []streamItem{}, After: []streamItem{}}}
			frame.Items = []streamItem{}
			var got bytes.Buffer
			err := encodeStreamed(&got, escape, frame,
				streamedArray{Key: "results", Depth: 3, Len: n, Item: func(i int) any { return items[i] }},
				streamedArray{Key: "items", Depth: 1, Len: n, Item: func(i int) any { return items[i] }},
			)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Errorf("escape=%v n=%d (-encoder +streamed):\n%s", escape, n, diff)
			}
		}
	}
}

func TestEncodeStreamedMissingArray(t *testing.T) {
	err := encodeStreamed(&bytes.Buffer{}, false, streamDoc{Items: []streamItem{{}}},
		streamedArray{Key: "items", Depth: 1, Len: 1, Item: func(int) any { return streamItem{} }})
	if err == nil || !strings.Contains(err.Error(), `no empty "items" array at depth 1`) {
		t.Fatalf("got %v, want an error naming the array", err)
	}
}

// TestWriteSuppressedStreamed checks the JSON and SARIF writers with
// suppressed findings, which the golden fixture has none of: the
// suppressed ones follow the findings, in order, and the document is
// valid JSON.
func TestWriteSuppressedStreamed(t *testing.T) {
	loc := func(line int) finding.Location {
		return finding.Location{File: "a.yml", Region: finding.Region{StartLine: line, StartColumn: 1, EndLine: line, EndColumn: 2}}
	}
	res := Result{
		Rules:    []finding.Rule{{ID: "MI001", Name: "missing-vpc", Level: finding.LevelError}},
		Findings: []finding.Finding{{RuleID: "MI001", RuleName: "missing-vpc", Level: finding.LevelError, Message: "first <x>", Location: loc(1)}},
		Suppressed: []finding.SuppressedFinding{{
			Finding:       finding.Finding{RuleID: "MI001", RuleName: "missing-vpc", Level: finding.LevelError, Message: "second", Location: loc(2)},
			Directive:     loc(3),
			Justification: "known",
		}},
		Files: 1,
	}
	var out bytes.Buffer
	if err := WriteJSON(&out, res, Options{}); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Findings   []struct{ Message string } `json:"findings"`
		Suppressed []struct {
			Message       string `json:"message"`
			Justification string `json:"justification"`
		} `json:"suppressed"`
	}
	if err := json.Unmarshal(out.Bytes(), &j); err != nil {
		t.Fatalf("JSON report does not parse: %v\n%s", err, out.Bytes())
	}
	if len(j.Findings) != 1 || j.Findings[0].Message != "first <x>" || len(j.Suppressed) != 1 || j.Suppressed[0].Justification != "known" {
		t.Errorf("JSON report: %+v", j)
	}

	out.Reset()
	if err := WriteSARIF(&out, res, Options{SARIFSuppressed: true}); err != nil {
		t.Fatal(err)
	}
	var s struct {
		Runs []struct {
			Results []struct {
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
				Suppressions []struct {
					Kind string `json:"kind"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &s); err != nil {
		t.Fatalf("SARIF log does not parse: %v\n%s", err, out.Bytes())
	}
	rs := s.Runs[0].Results
	if len(rs) != 2 || rs[0].Message.Text != "first <x>" || len(rs[0].Suppressions) != 0 ||
		rs[1].Message.Text != "second" || len(rs[1].Suppressions) != 1 || rs[1].Suppressions[0].Kind != "inSource" {
		t.Errorf("SARIF results: %+v", rs)
	}
}
