// Command mi-lint checks Serverless Framework configurations that use AWS
// Lambda Managed Instances. See README.md.
package main

import (
	"os"

	"github.com/mi-lint/mi-lint/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
