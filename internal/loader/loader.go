package loader

import (
	"errors"
	"fmt"
)

// Source is one input file: the path findings name (relative to the
// repository root, slash-separated) and its content.
type Source struct {
	Path    string
	Content []byte
}

// Document is a loaded configuration.
type Document struct {
	File string
	// Config is the configuration with variables resolved.
	Config *Node
	// Input is the document the rules see: the configuration and the
	// effective values computed from it. Values are map[string]any, []any,
	// string, bool, int, nil, Path and *Node.
	Input map[string]any
	// Warnings are problems that left values unknown without failing the
	// file, in the order found.
	Warnings []Warning
	// Secrets maps each environment value the configuration read to the
	// variable it came from (${env:NAME}), so that output never shows it.
	Secrets map[string]string
}

// Load parses and normalizes one file. The error, if any, is an *Error
// naming the file and, where known, the line and column.
func Load(src Source, opts Options, lim Limits) (doc *Document, err error) {
	defer func() {
		// A loader bug must cost one file, never the run.
		if r := recover(); r != nil {
			doc, err = nil, &Error{File: src.Path, Msg: fmt.Sprintf("internal error while loading: %v", r)}
		}
	}()
	raw, nodes, err := parseYAML(src.Path, src.Content, lim)
	if err != nil {
		return nil, err
	}
	// The memo holds collections and strings with variables only: about a
	// third of the nodes.
	r := newResolver(src.Path, raw, opts, lim, nodes/3)
	cfg, err := r.resolve(raw, 0)
	if errors.Is(err, errExact) {
		r = newResolver(src.Path, raw, opts, lim, nodes)
		r.exact = true
		cfg, err = r.resolve(raw, 0)
	}
	if err != nil {
		return nil, err
	}
	return &Document{File: src.Path, Config: cfg, Input: buildModel(cfg, opts), Warnings: r.warnings, Secrets: r.secrets}, nil
}
