package linter

import (
	"io/fs"
	"time"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/internal/suppress"
)

// SuppressOptions configure inline `# mi-lint:ignore` directives.
type SuppressOptions struct {
	// Now is today for `until=` dates; nil means time.Now.
	Now func() time.Time
	// RequireReason reports directives that give no reason.
	RequireReason bool
}

// includedDirectives reads the directives of the other files findings
// point into, through the root-confined file system includes are read
// with (so that the result cache records them as the file's
// dependencies). A file that cannot be read has none.
func includedDirectives(fsys fs.FS, name string, findings []finding.Finding) []*suppress.Set {
	if fsys == nil {
		return nil
	}
	var out []*suppress.Set
	seen := map[string]bool{name: true}
	for _, f := range findings {
		if seen[f.File] {
			continue
		}
		seen[f.File] = true
		if content, err := fs.ReadFile(fsys, f.File); err == nil {
			set, _ := suppress.Parse(f.File, content)
			out = append(out, set)
		}
	}
	return out
}
