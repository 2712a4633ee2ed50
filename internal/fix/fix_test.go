package fix

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/finding"
)

func edit(line, col, endCol int, text string) finding.Edit {
	return finding.Edit{Location: finding.Location{File: "f.yml", Region: finding.Region{StartLine: line, StartColumn: col, EndLine: line, EndColumn: endCol}}, Text: text}
}

func TestApply(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		edits       []finding.Edit
		want        string
		applied     int
		overlapping int
	}{
		{
			name:    "edits in any order, bytes between kept",
			in:      "a:\r\n  maxVcpuCount: 1 # c\r\n  arch: ARM64\r\n",
			edits:   []finding.Edit{edit(3, 9, 14, "arm64"), edit(2, 3, 15, "maxVCpuCount")},
			want:    "a:\r\n  maxVCpuCount: 1 # c\r\n  arch: arm64\r\n",
			applied: 2,
		},
		{
			name:    "columns count code points; a byte order mark is not in the first line",
			in:      "\uFEFFé: ARM64 # ü\nb: 1\n",
			edits:   []finding.Edit{edit(1, 4, 9, "arm64")},
			want:    "\uFEFFé: arm64 # ü\nb: 1\n",
			applied: 1,
		},
		{
			name:        "an overlapping edit is left for the next run",
			in:          "key: value\n",
			edits:       []finding.Edit{edit(1, 1, 4, "kez"), edit(1, 2, 5, "x")},
			want:        "kez: value\n",
			applied:     1,
			overlapping: 1,
		},
		{
			name:    "touching replacements both apply",
			in:      "ab: 1\n",
			edits:   []finding.Edit{edit(1, 1, 2, "x"), edit(1, 2, 3, "y")},
			want:    "xy: 1\n",
			applied: 2,
		},
		{
			name:        "an insertion next to another edit is ambiguous",
			in:          "ab: 1\n",
			edits:       []finding.Edit{edit(1, 1, 2, "x"), edit(1, 2, 2, "y")},
			want:        "xb: 1\n",
			applied:     1,
			overlapping: 1,
		},
		{
			name:  "no edits",
			in:    "a: 1\n",
			edits: nil,
			want:  "a: 1\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Apply([]byte(tt.in), tt.edits)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(out.Content)); diff != "" {
				t.Errorf("content (-want +got):\n%s", diff)
			}
			if out.Applied != tt.applied || out.Overlapping != tt.overlapping {
				t.Errorf("applied %d, overlapping %d; want %d, %d", out.Applied, out.Overlapping, tt.applied, tt.overlapping)
			}
		})
	}
}

func TestApplyRefuses(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		edits []finding.Edit
		want  string
	}{
		{"a column past the line", "a: 1\nb: 2\n", []finding.Edit{edit(1, 4, 9, "x")}, "not a place in the file"},
		{"a line past the file", "a: 1\n", []finding.Edit{edit(3, 1, 2, "x")}, "not a place in the file"},
		{"a result that does not parse", "a: 1\n", []finding.Edit{edit(1, 4, 5, "[")}, "would not parse"},
		{"text that is not UTF-8", "a: \xff\n", []finding.Edit{edit(1, 1, 2, "b")}, ErrNotText.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Apply([]byte(tt.in), tt.edits)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
			if string(out.Content) != tt.in {
				t.Errorf("content changed on error: %q", out.Content)
			}
			if tt.want == ErrNotText.Error() && !errors.Is(err, ErrNotText) {
				t.Errorf("error %v is not ErrNotText", err)
			}
		})
	}
}

func TestSelected(t *testing.T) {
	safe := &finding.Fix{Safe: true, Edits: []finding.Edit{edit(1, 1, 2, "a")}}
	unsafe := &finding.Fix{Safe: false, Edits: []finding.Edit{edit(2, 1, 2, "b")}}
	findings := []finding.Finding{{Fix: safe}, {Fix: safe}, {Fix: unsafe}, {}}
	if diff := cmp.Diff(map[string][]finding.Edit{"f.yml": safe.Edits}, Selected(findings, false)); diff != "" {
		t.Errorf("safe only (-want +got):\n%s", diff)
	}
	want := map[string][]finding.Edit{"f.yml": {safe.Edits[0], unsafe.Edits[0]}}
	if diff := cmp.Diff(want, Selected(findings, true)); diff != "" {
		t.Errorf("with unsafe (-want +got):\n%s", diff)
	}
}
