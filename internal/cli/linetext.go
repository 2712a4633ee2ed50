package cli

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
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
	f, err := r.root.Open(filepath.FromSlash(file))
	if err != nil {
		return nil
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for sc.Scan() {
		lines = append(lines, string(bytesTrimCR(sc.Bytes())))
	}
	return lines
}

func bytesTrimCR(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\r' {
		return b[:n-1]
	}
	return b
}
