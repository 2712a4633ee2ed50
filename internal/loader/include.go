package loader

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// MaxIncludeSize bounds a file that ${file(...)} reads.
const MaxIncludeSize = 10 << 20

// include is a parsed ${file(...)} target, cached per document.
type include struct {
	root *Node
	// problem says why the file has no value (missing, outside the root,
	// unreadable); empty when root is set.
	problem string
}

// includePath resolves a ${file(...)} argument against the directory of
// the configuration, as a slash path relative to the source root. It
// refuses absolute paths and paths that leave the root.
func includePath(configFile, arg string) (string, error) {
	arg = strings.TrimSpace(strings.Trim(strings.TrimSpace(arg), `'"`))
	if arg == "" {
		return "", errors.New("names no file")
	}
	if path.IsAbs(arg) || strings.HasPrefix(arg, "~") || (len(arg) > 1 && arg[1] == ':') {
		return "", errors.New("is an absolute path; mi-lint reads only files inside the repository")
	}
	if strings.HasPrefix(configFile, "<") {
		return "", errors.New("is relative to standard input, which has no directory; name it with --stdin-filename")
	}
	if strings.HasPrefix(configFile, "/") {
		return "", errors.New("is relative to a configuration outside the repository root; mi-lint does not read it")
	}
	p := path.Join(path.Dir(configFile), arg)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", errors.New("is outside the repository root; mi-lint does not read it")
	}
	return p, nil
}

// loadInclude reads and parses an include target through the root-confined
// file system. JSON and YAML files are read; anything else is unknown.
func (r *resolver) loadInclude(name string) include {
	if inc, ok := r.includes[name]; ok {
		return inc
	}
	inc := r.readInclude(name)
	r.includes[name] = inc
	return inc
}

func (r *resolver) readInclude(name string) include {
	if r.opts.Files == nil {
		return include{problem: "is not read here"}
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".yml", ".yaml", ".json":
	default:
		return include{problem: "is not a YAML or JSON file; its value is known only at deploy time"}
	}
	f, err := r.opts.Files.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return include{problem: "does not exist"}
		}
		if escapesRoot(err) {
			return include{problem: "is a symbolic link that leads outside the repository root; mi-lint does not read it"}
		}
		return include{problem: "cannot be read: " + describeFSError(err)}
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return include{problem: "cannot be read: " + describeFSError(err)}
	}
	if info.IsDir() {
		return include{problem: "is a directory"}
	}
	if info.Size() > MaxIncludeSize {
		return include{problem: fmt.Sprintf("is larger than %d bytes", MaxIncludeSize)}
	}
	src := make([]byte, info.Size())
	if _, err := readFull(f, src); err != nil {
		return include{problem: "cannot be read: " + describeFSError(err)}
	}
	root, err := parseNode(name, src, r.lim)
	if err != nil {
		var le *Error
		if errors.As(err, &le) && le.Line > 0 {
			return include{problem: fmt.Sprintf("does not parse (%s:%d:%d: %s)", le.File, le.Line, le.Col, le.Msg)}
		}
		if le != nil {
			return include{problem: fmt.Sprintf("does not parse (%s: %s)", le.File, le.Msg)}
		}
		return include{problem: "does not parse: " + err.Error()}
	}
	return include{root: root}
}

func readFull(f fs.File, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := f.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// escapesRoot reports whether err is os.Root's refusal of a path that
// leads outside it (through a symbolic link, since includePath already
// refuses ".."); os does not export that error, only its text.
func escapesRoot(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && pe.Err.Error() == "path escapes from parent"
}

// describeFSError strips the path from a file system error: the warning
// already names the include.
func describeFSError(err error) string {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
