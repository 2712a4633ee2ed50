package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// lineReader returns lines of files under the root, for formats that count
// columns in bytes; each file is read once, on first use.
type lineReader struct {
	root  *os.Root
	mu    sync.Mutex
	files map[string][]string
}

func newLineReader(root *os.Root) *lineReader {
	return &lineReader{root: root, files: map[string][]string{}}
}

func (r *lineReader) text(file string, line int) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	lines, ok := r.files[file]
	if !ok {
		lines = r.read(file)
		r.files[file] = lines
	}
	if line < 1 || line > len(lines) {
		return "", false
	}
	return lines[line-1], true
}

func (r *lineReader) read(file string) []string {
	if !fs.ValidPath(file) {
		return nil
	}
	raw, err := r.root.ReadFile(filepath.FromSlash(file))
	if err != nil {
		return nil
	}
	// Columns are counted in the text the loader read: decoded, no BOM.
	text, err := loader.Text(file, raw)
	if err != nil {
		return nil
	}
	lines := strings.Split(strings.TrimPrefix(string(text), "\uFEFF"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}
