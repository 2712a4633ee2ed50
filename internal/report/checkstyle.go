package report

import (
	"encoding/xml"
	"io"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// CheckstyleVersion is the checkstyle report version the XML declares;
// consumers (Jenkins, reviewdog, GitLab converters) read 4.3's shape.
const CheckstyleVersion = "4.3"

type csReport struct {
	XMLName xml.Name `xml:"checkstyle"`
	Version string   `xml:"version,attr"`
	Files   []csFile `xml:"file"`
}

type csFile struct {
	Name   string    `xml:"name,attr"`
	Errors []csError `xml:"error"`
}

type csError struct {
	Line     int    `xml:"line,attr,omitempty"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// csSeverity maps levels to checkstyle's severities.
var csSeverity = map[finding.Level]string{finding.LevelError: "error", finding.LevelWarning: "warning", finding.LevelNote: "info"}

// WriteCheckstyle writes a checkstyle XML report: one <file> per file
// linted, clean ones included (empty), with one <error> per unreadable
// file, per notice (severity warning) and per finding. A finding's source
// is "mi-lint.MI003"; the others have the source "mi-lint". File names are as
// text output shows them, relative to the working directory.
func WriteCheckstyle(w io.Writer, res Result, opts Options) error {
	out := csReport{Version: CheckstyleVersion}
	tool := opts.toolName()
	for _, fr := range byFile(res) {
		f := csFile{Name: opts.display(fr.Name)}
		for _, e := range fr.Errors {
			f.Errors = append(f.Errors, csError{Line: e.Line, Column: e.Column, Severity: "error", Message: e.Message, Source: tool})
		}
		for _, n := range fr.Notices {
			f.Errors = append(f.Errors, csError{Line: n.Line, Column: n.Column, Severity: "warning", Message: n.Message, Source: tool})
		}
		for _, fd := range fr.Findings {
			f.Errors = append(f.Errors, csError{
				Line: fd.Region.StartLine, Column: fd.Region.StartColumn, Severity: csSeverity[fd.Level],
				Message: fd.Message, Source: tool + "." + fd.RuleID,
			})
		}
		out.Files = append(out.Files, f)
	}
	return writeXML(w, out)
}

// writeXML writes a document with the XML declaration, indented by two
// spaces, ending in a newline.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
