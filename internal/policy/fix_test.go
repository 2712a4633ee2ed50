package policy

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/mi-lint/mi-lint/internal/finding"
)

// A rule's page says what fix it offers (METADATA custom.fix): the rules
// that build a fix with lib.result.with_fix declare safe or unsafe, and
// the others none.
func TestFixMetadataMatchesRules(t *testing.T) {
	set, err := Load(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range set.Rules() {
		src, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(r.File)))
		if err != nil {
			t.Fatal(err)
		}
		offers := bytes.Contains(src, []byte("result.with_fix("))
		if offers != (r.Fix != finding.FixNone) {
			t.Errorf("%s: METADATA custom.fix is %q, but the rule %s lib.result.with_fix", r.ID, r.Fix, map[bool]string{true: "calls", false: "never calls"}[offers])
		}
	}
}
