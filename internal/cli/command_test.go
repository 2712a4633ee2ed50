package cli_test

import (
	"bytes"
	"io"

	"github.com/mi-lint/mi-lint/internal/cli"
)

// runIn runs mi-lint in dir with stdin as its standard input and an empty
// environment; args follow the program name.
func runIn(dir string, stdin io.Reader, args ...string) run {
	var stdout, stderr bytes.Buffer
	c := &cli.Command{
		Stdin:  stdin,
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: func(string) string { return "" },
		Getwd:  func() (string, error) { return dir, nil },
	}
	code := c.Main(append([]string{"mi-lint"}, args...))
	return run{stdout: stdout.Bytes(), stderr: stderr.Bytes(), code: code}
}
