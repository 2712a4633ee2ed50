package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mi-lint/mi-lint/internal/report"
)

// output is one report of a run: a format written to standard output (an
// empty path) or to a file.
type output struct {
	format    string
	formatter report.Formatter
	path      string
	// name is the file as the user gave it, for messages.
	name string
}

// parseOutputs reads the --format values: NAME writes to standard output
// (or to --output FILE), NAME=FILE to a file. At most one format writes to
// standard output.
func parseOutputs(formats []string, outputFile string) ([]output, error) {
	if len(formats) == 0 {
		formats = []string{"text"}
	}
	var outs []output
	toStdout := 0
	for _, f := range formats {
		name, path, hasPath := strings.Cut(f, "=")
		formatter, err := report.FormatterFor(name)
		if err != nil {
			return nil, unknownValue("--format", name, "formats", report.FormatNames())
		}
		if hasPath && path == "" {
			return nil, fmt.Errorf("--format %q: name a file after =", f)
		}
		if !hasPath {
			toStdout++
			path = outputFile
		}
		outs = append(outs, output{format: name, formatter: formatter, path: path, name: path})
	}
	if toStdout > 1 {
		return nil, errors.New("only one --format may write to standard output; give the others a file (--format NAME=FILE)")
	}
	if toStdout == 0 && outputFile != "" {
		return nil, errors.New("--output names a file for standard output, but every --format has its own file")
	}
	return outs, nil
}
