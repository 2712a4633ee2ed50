package loader_test

import (
	"errors"
	"testing"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// num is a number node's canonical text, so that expectations tell a
// number from a string.
type num string

// unknown is an unknown node as the tests compare it.
type unknown struct {
	Str, Reason, Tag string
}

// plain turns a node into comparable Go values: map[string]any, []any,
// string, num, bool, nil and unknown.
func plain(n *loader.Node) any {
	if n == nil {
		return "<absent>"
	}
	switch n.Kind {
	case loader.KindNull:
		return nil
	case loader.KindBool:
		return n.Bool
	case loader.KindNumber:
		return num(n.Str)
	case loader.KindString:
		return n.Str
	case loader.KindUnknown:
		return unknown{Str: n.Str, Reason: n.Reason, Tag: n.Tag}
	case loader.KindList:
		out := make([]any, len(n.Items))
		for i, item := range n.Items {
			out[i] = plain(item)
		}
		return out
	case loader.KindMap:
		out := make(map[string]any, len(n.Entries))
		for _, e := range n.Entries {
			out[e.Key] = plain(e.Value)
		}
		return out
	}
	return "<bad kind>"
}

// inputPlain turns a value of Document.Input into comparable Go values:
// nodes as plain does, paths as []any.
func inputPlain(v any) any {
	switch x := v.(type) {
	case *loader.Node:
		return plain(x)
	case loader.Path:
		return []any(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = inputPlain(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = inputPlain(e)
		}
		return out
	}
	return v
}

// get follows a path of keys and indexes from a node; nil when absent.
func get(n *loader.Node, path ...any) *loader.Node {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			n = n.Get(k)
		case int:
			if n == nil || n.Kind != loader.KindList || k >= len(n.Items) {
				return nil
			}
			n = n.Items[k]
		}
		if n == nil {
			return nil
		}
	}
	return n
}

// load loads src as file "s.yml" with default limits, failing the test on
// an error.
func load(t *testing.T, src string, opts loader.Options) *loader.Document {
	t.Helper()
	doc, err := loader.Load(loader.Source{Path: "s.yml", Content: []byte(src)}, opts, loader.DefaultLimits)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return doc
}

// loadErr loads src and returns its error, failing the test when loading
// succeeds or fails with anything but an *loader.Error.
func loadErr(t *testing.T, src string, opts loader.Options, lim loader.Limits) *loader.Error {
	t.Helper()
	doc, err := loader.Load(loader.Source{Path: "s.yml", Content: []byte(src)}, opts, lim)
	if err == nil {
		t.Fatalf("Load succeeded with config %v, want an error", plain(doc.Config))
	}
	var le *loader.Error
	if !errors.As(err, &le) {
		t.Fatalf("Load error is %T (%v), want *loader.Error", err, err)
	}
	if doc != nil {
		t.Errorf("Load returned a document with its error")
	}
	return le
}

// rng is a range in file s.yml.
func rng(line, col, endLine, endCol int) loader.Range {
	return loader.Range{File: "s.yml", Line: line, Col: col, EndLine: endLine, EndCol: endCol}
}
