package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitSkipped `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// WriteJUnit writes a JUnit XML report for CI systems that show test
// results: one <testsuite> per file linted, named as text output names it,
// with one <testcase> per finding holding a <failure> (its type is the
// finding's level), one per unreadable file holding an <error>, one per
// notice (a problem that did not stop the file, such as a missing include)
// marked <skipped>, and for a clean file one passing <testcase>, so that
// the file shows as checked.
// A failure's text is what text output prints for the finding. A finding
// below Options.FailLevel does not fail the run, so it is a passing
// <testcase> with that text as its <system-out>.
func WriteJUnit(w io.Writer, res Result, opts Options) error {
	out := junitSuites{Name: opts.toolName()}
	for _, fr := range byFile(res) {
		name := opts.display(fr.Name)
		s := junitSuite{Name: name}
		for _, e := range fr.Errors {
			s.Cases = append(s.Cases, junitCase{
				Name: "could not be linted", Classname: name,
				Error: &junitProblem{Message: e.Message, Type: "error", Text: xmlText(errorLine(e, opts, plain))},
			})
			s.Errors++
		}
		for _, n := range fr.Notices {
			caseName := "notice"
			if n.Line > 0 {
				caseName = fmt.Sprintf("notice at %d:%d", n.Line, n.Column)
			}
			s.Cases = append(s.Cases, junitCase{Name: caseName, Classname: name, Skipped: &junitSkipped{Message: n.Message}})
			s.Skipped++
		}
		for _, f := range fr.Findings {
			var text strings.Builder
			text.WriteString(TextLine(f, opts))
			for _, r := range f.Related {
				fmt.Fprintf(&text, "\n  %s:%d:%d: %s", opts.display(r.File), r.Region.StartLine, r.Region.StartColumn, r.Message)
			}
			c := junitCase{
				Name:      fmt.Sprintf("%s %s at %d:%d", f.RuleID, f.RuleName, f.Region.StartLine, f.Region.StartColumn),
				Classname: name,
			}
			if opts.fails(f) {
				c.Failure = &junitProblem{Message: f.Message, Type: string(f.Level), Text: xmlText(text.String())}
				s.Failures++
			} else {
				c.SystemOut = xmlText(text.String())
			}
			s.Cases = append(s.Cases, c)
		}
		if len(s.Cases) == 0 {
			s.Cases = append(s.Cases, junitCase{Name: "no problems", Classname: name})
		}
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
		out.Suites = append(out.Suites, s)
	}
	return writeXML(w, out)
}

// xmlText replaces what XML 1.0 cannot hold (most control characters,
// invalid UTF-8) with U+FFFD, for text written as CDATA, which
// encoding/xml does not escape.
func xmlText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 || !xmlChar(r) {
			b.WriteRune(utf8.RuneError)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// xmlChar reports whether XML 1.0's Char production allows r.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF
}
