package report

import (
	"slices"
	"strings"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// fileReport is what a run found in one file: the formats that group by
// file (checkstyle, junit) write one element per fileReport.
type fileReport struct {
	// Name is the file's name as in Finding.File.
	Name     string
	Errors   []finding.FileError
	Notices  []finding.Notice
	Findings []finding.Finding
}

// byFile groups a result by file, sorted by name: every file of
// res.FileNames (clean ones too), of res.Errors, res.Notices and
// res.Findings, each once. Within a file, each list keeps the result's
// order.
func byFile(res Result) []fileReport {
	index := map[string]int{}
	var files []fileReport
	at := func(name string) *fileReport {
		i, ok := index[name]
		if !ok {
			i = len(files)
			index[name] = i
			files = append(files, fileReport{Name: name})
		}
		return &files[i]
	}
	for _, n := range res.FileNames {
		at(n)
	}
	for _, e := range res.Errors {
		f := at(e.File)
		f.Errors = append(f.Errors, e)
	}
	for _, n := range res.Notices {
		f := at(n.File)
		f.Notices = append(f.Notices, n)
	}
	for _, fd := range res.Findings {
		f := at(fd.File)
		f.Findings = append(f.Findings, fd)
	}
	slices.SortStableFunc(files, func(a, b fileReport) int { return strings.Compare(a.Name, b.Name) })
	return files
}

// ruleHelp maps rule IDs to their documentation URIs.
func ruleHelp(rules []finding.Rule) map[string]string {
	m := make(map[string]string, len(rules))
	for _, r := range rules {
		if r.HelpURI != "" {
			m[r.ID] = r.HelpURI
		}
	}
	return m
}
