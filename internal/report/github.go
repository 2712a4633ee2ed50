package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// githubCommand names the workflow command of each level.
var githubCommand = map[finding.Level]string{finding.LevelError: "error", finding.LevelWarning: "warning", finding.LevelNote: "notice"}

// WriteGitHub writes one GitHub Actions workflow command per unreadable
// file (::error), per notice (::warning) and per finding, such as
//
//	::error file=svc/serverless.yml,line=18,col=9,endLine=18,endColumn=49,title=MI003 max-vcpu-range::maxVCpuCount is 8; ...
//
// which the runner turns into annotations on the files of the run's
// commit. File names are relative to the source root, which GitHub takes
// to be the repository. Related locations follow the message on lines of
// their own. Nothing else is written.
func WriteGitHub(w io.Writer, res Result, opts Options) error {
	bw := bufio.NewWriter(w)
	for _, e := range res.Errors {
		writeGitHubProblem(bw, "error", e, opts.toolName()+" could not lint this file")
	}
	for _, n := range res.Notices {
		writeGitHubProblem(bw, "warning", n, opts.toolName()+" notice")
	}
	for _, f := range res.Findings {
		command, ok := githubCommand[f.Level]
		if !ok {
			command = "error"
		}
		props := append([]string{"file=" + githubProperty(f.File)}, githubRegion(f.Region)...)
		props = append(props, "title="+githubProperty(f.RuleID+" "+f.RuleName))
		var msg strings.Builder
		msg.WriteString(f.Message)
		for _, r := range f.Related {
			fmt.Fprintf(&msg, "\n%s:%d:%d: %s", r.File, r.Region.StartLine, r.Region.StartColumn, r.Message)
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", command, strings.Join(props, ","), githubData(msg.String()))
	}
	return bw.Flush()
}

// writeGitHubProblem writes the command for an unreadable file or a
// notice, at its position when it is known.
func writeGitHubProblem(w io.Writer, command string, e finding.FileError, title string) {
	props := []string{"file=" + githubProperty(e.File)}
	if e.Line > 0 {
		props = append(props, fmt.Sprintf("line=%d", e.Line))
		if e.Column > 0 {
			props = append(props, fmt.Sprintf("col=%d", e.Column))
		}
	}
	props = append(props, "title="+githubProperty(title))
	fmt.Fprintf(w, "::%s %s::%s\n", command, strings.Join(props, ","), githubData(e.Message))
}

// githubRegion renders a region as annotation properties. GitHub accepts
// columns only for a region on one line, and its endColumn is the last
// column of the span, where mi-lint's end is exclusive; a region that ends
// at the start of a line ends on the line before.
func githubRegion(r finding.Region) []string {
	if r.StartLine <= 0 {
		return nil
	}
	endLine := r.EndLine
	if endLine > r.StartLine && r.EndColumn == 1 {
		endLine--
	}
	if endLine < r.StartLine {
		endLine = r.StartLine
	}
	props := []string{fmt.Sprintf("line=%d", r.StartLine)}
	if endLine == r.StartLine && r.StartColumn > 0 {
		props = append(props, fmt.Sprintf("col=%d", r.StartColumn))
		props = append(props, fmt.Sprintf("endLine=%d", endLine))
		if r.EndLine == r.StartLine && r.EndColumn > r.StartColumn {
			props = append(props, fmt.Sprintf("endColumn=%d", r.EndColumn-1))
		}
		return props
	}
	return append(props, fmt.Sprintf("endLine=%d", endLine))
}

// githubData escapes a workflow command's message the way GitHub's
// actions toolkit does: the runner decodes %25, %0D and %0A.
func githubData(s string) string {
	return githubDataEscaper.Replace(s)
}

// githubProperty escapes a workflow command's property value: as data,
// and also ":" and ",", which would end the value.
func githubProperty(s string) string {
	return githubPropertyEscaper.Replace(s)
}

var (
	githubDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)
