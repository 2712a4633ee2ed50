package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/mi-lint/mi-lint/internal/discover"
	"github.com/mi-lint/mi-lint/internal/gitrev"
	"github.com/mi-lint/mi-lint/internal/linter"
)

// diffFlags are diff mode's flags: each file is compared with its base
// revision, which the rules see as input.base (MI202-MI204 judge the
// change), and --new-only reports only what the change introduced.
type diffFlags struct {
	base     string
	baseFile string
	newOnly  bool
}

// define defines the diff flags in fs.
func (d *diffFlags) define(fs *pflag.FlagSet) {
	fs.StringVar(&d.base, "base", "", "diff mode: compare each file with its content at git revision `REV` (such as origin/main), for the rules that judge a change")
	fs.StringVar(&d.baseFile, "base-file", "", "diff mode for a single input: its base content is in `PATH` (instead of --base)")
	fs.BoolVar(&d.newOnly, "new-only", false, "with --base or --base-file: report only findings the base does not have (matched by rule, file and YAML path)")
}

// attach gives each file its base. A flag combination that makes no
// sense is a usage error; a base that cannot be read (an unknown
// revision, git missing, an unreadable --base-file) is reported as each
// file's error when the file is linted, and the file is linted without it.
func (d *diffFlags) attach(ctx context.Context, ws discover.Workspace, files []linter.File) error {
	switch {
	case d.base != "" && d.baseFile != "":
		return errors.New("--base and --base-file both give the base: use one of them")
	case d.newOnly && d.base == "" && d.baseFile == "":
		return errors.New("--new-only needs a base to compare with: add --base REV (such as --base origin/main) or --base-file PATH")
	case d.base != "" && strings.HasPrefix(d.base, "-"):
		return fmt.Errorf("--base %q is not a revision", d.base)
	case d.baseFile != "" && len(files) > 1:
		return fmt.Errorf("--base-file gives the base of a single input, but %d files are linted: name one file, or use --base REV", len(files))
	}
	switch {
	case d.base != "":
		rev := gitrev.New(ws.Root, d.base)
		label := fmt.Sprintf("revision %q", d.base)
		revFiles := rev.FS(ctx)
		for i := range files {
			name := files[i].Name
			files[i].Base = &linter.Base{
				Label:   label,
				Files:   revFiles,
				NewOnly: d.newOnly,
				Read: func() ([]byte, bool, error) {
					if strings.HasPrefix(name, "<") || filepath.IsAbs(filepath.FromSlash(name)) || strings.HasPrefix(name, "/") {
						return nil, false, fmt.Errorf("%s is not a file of the repository, so it has no revision %q (name standard input with --stdin-filename)", name, d.base)
					}
					return rev.ReadFile(ctx, name)
				},
			}
		}
	case d.baseFile != "":
		path := absFrom(ws.WD, d.baseFile)
		for i := range files {
			files[i].Base = &linter.Base{
				Label:   fmt.Sprintf("file %q", d.baseFile),
				NewOnly: d.newOnly,
				Read: func() ([]byte, bool, error) {
					content, err := os.ReadFile(path)
					if err != nil {
						return nil, false, fmt.Errorf("--base-file %s: %s", d.baseFile, discover.DescribeOpenError(err))
					}
					return content, true, nil
				},
			}
		}
	}
	return nil
}
