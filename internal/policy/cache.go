package policy

import (
	"encoding/json"
	"io/fs"
	"sync"

	"github.com/mi-lint/mi-lint/internal/cache"
	"github.com/mi-lint/mi-lint/internal/finding"
	"github.com/mi-lint/mi-lint/policies"
)

const (
	// registryKind is the cache entries of rules read from policies.
	registryKind = "rules"
	// registryFormat changes when an entry's shape or meaning does.
	registryFormat = "mi-lint cache 1"
)

// registry is the rules read from the policies, kept so that a run whose
// files are all cached reads no policy at all.
type registry struct {
	Builtin []finding.Rule `json:"builtin"`
	Custom  []finding.Rule `json:"custom"`
}

func (s *Set) registryKey() (cache.Key, error) {
	fp, err := s.fingerprint()
	if err != nil {
		return cache.Key{}, err
	}
	return cache.NewKey([]byte(registryFormat), []byte(registryKind), []byte(s.opts.CacheSalt), fp), nil
}

// builtinFingerprint hashes the embedded policies and facts, once.
var builtinFingerprint = sync.OnceValues(func() (cache.Key, error) {
	var parts [][]byte
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(policies.FS, p)
		parts = append(parts, []byte(p), src)
		return err
	})
	return cache.NewKey(parts...), err
})

// policyFingerprint identifies the policies and facts a run evaluates
// with: the embedded ones, the custom modules and the facts' overrides.
func policyFingerprint(custom []Module, facts map[string]any) ([]byte, error) {
	builtin, err := builtinFingerprint()
	if err != nil {
		return nil, err
	}
	parts := [][]byte{builtin[:]}
	for _, m := range custom {
		parts = append(parts, []byte(m.File), []byte(m.Source))
	}
	if facts != nil {
		// Map keys are marshalled in sorted order: the same facts give the
		// same bytes.
		b, err := json.Marshal(facts)
		if err != nil {
			return nil, err
		}
		parts = append(parts, []byte("facts"), b)
	}
	key := cache.NewKey(parts...)
	return key[:], nil
}
