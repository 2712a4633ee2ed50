package policy

import (
	"crypto/sha256"
	_ "embed" // the generated registry
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"

	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/policies"
)

// builtinRulesJSON is the registry of the built-in rules, generated from
// the embedded policies (TestBuiltinRulesFileIsFresh rewrites it with
// -update), so that a run reads the rules without parsing every module's
// METADATA and scanning every rule for the facts it reads.
//
//go:embed builtin_rules.json
var builtinRulesJSON []byte

// builtinRegistry is the content of builtin_rules.json.
type builtinRegistry struct {
	// Fingerprint identifies what the rules were read from (see
	// rulesFingerprint): a registry whose fingerprint differs is stale.
	Fingerprint string         `json:"fingerprint"`
	Rules       []finding.Rule `json:"rules"`
}

// generateBuiltinRules reads the built-in rules from the embedded
// policies and returns what builtin_rules.json must hold.
func generateBuiltinRules() ([]byte, error) {
	modules, err := parseModules(policies.FS, false, nil)
	if err != nil {
		return nil, err
	}
	rules, err := readRules(modules)
	if err != nil {
		return nil, err
	}
	fp, err := rulesFingerprint(policies.FS)
	if err != nil {
		return nil, err
	}
	// Rules are strings and lists of strings: marshalling cannot fail.
	b, _ := json.MarshalIndent(builtinRegistry{Fingerprint: fp, Rules: rules}, "", "\t")
	return append(b, '\n'), nil
}

// builtinRules returns the built-in rules: those of the generated
// registry when it was generated from these policies; otherwise (a policy
// changed since) read from the parsed modules, which it returns too so
// that they are not parsed again for the compilation.
func builtinRules(generated []byte) ([]finding.Rule, []Module, error) {
	var reg builtinRegistry
	if err := json.Unmarshal(generated, &reg); err == nil {
		if fp, err := rulesFingerprint(policies.FS); err == nil && fp == reg.Fingerprint {
			return reg.Rules, nil, nil
		}
	}
	modules, err := parseModules(policies.FS, false, nil)
	if err != nil {
		return nil, nil, err
	}
	rules, err := readRules(modules)
	if err != nil {
		return nil, nil, err
	}
	return rules, modules, nil
}

// rulesFingerprint hashes what the rules are read from: every module but
// the tests (METADATA, and the facts each rule reads) and the facts'
// sources.
func rulesFingerprint(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rego := strings.HasSuffix(p, ".rego") && !strings.HasSuffix(p, "_test.rego")
		if !rego && p != policies.SourcesFile {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		// Lengths first, so that no two file sets hash alike.
		fmt.Fprintf(h, "%d %s %d\n", len(p), p, len(src))
		h.Write(src)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("fingerprint policies: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
