package cli

import (
	"bytes"
	"io"
	"strings"
)

// Output runs mi-lint in process as if started in the directory wd, with
// no standard input and no environment, and returns what it printed on
// standard output and its exit code. The documentation generator uses it
// to show real runs.
func Output(wd string, args ...string) (string, int) {
	var out bytes.Buffer
	c := &Command{
		Stdin:  strings.NewReader(""),
		Stdout: &out,
		Stderr: io.Discard,
		Getwd:  func() (string, error) { return wd, nil },
	}
	code := c.Main(append([]string{"mi-lint"}, args...))
	return out.String(), code
}
