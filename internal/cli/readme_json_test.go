package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/testfs"
)

// jsonShapeMarker starts the README's example of the JSON output; the
// ```json block after it is the documented shape.
const jsonShapeMarker = "<!-- json-shape"

// readmeJSONShape returns the JSON document the README documents the
// JSON output with.
func readmeJSONShape(t *testing.T) any {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(src), jsonShapeMarker)
	if !ok {
		t.Fatalf("README.md has no %q block", jsonShapeMarker)
	}
	lines := strings.Split(after, "\n")
	start := slices.IndexFunc(lines, func(l string) bool { return strings.TrimSpace(l) == "```json" })
	if start < 0 {
		t.Fatal("README.md: no ```json block after the json-shape marker")
	}
	end := slices.IndexFunc(lines[start+1:], func(l string) bool { return strings.TrimSpace(l) == "```" })
	if end < 0 {
		t.Fatal("README.md: the json-shape block is not closed")
	}
	var doc any
	if err := json.Unmarshal([]byte(strings.Join(lines[start+1:start+1+end], "\n")), &doc); err != nil {
		t.Fatalf("README.md: the json-shape block is not JSON: %v", err)
	}
	return doc
}

// keyPaths adds every key path of v to paths: "summary.files", with "[]"
// for the elements of a list ("findings[].rule.id"), over all elements.
func keyPaths(v any, prefix string, paths map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			paths[p] = true
			keyPaths(x, p, paths)
		}
	case []any:
		for _, x := range v {
			keyPaths(x, prefix+"[]", paths)
		}
	}
}

func sortedKeys(paths map[string]bool) []string {
	out := make([]string, 0, len(paths))
	for p := range paths {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// TestREADMEJSONShape: the README's JSON shape has exactly the keys of a
// real -f json run that fills every part of the report: a finding with a
// related location, a finding with a fix, a suppressed finding, a file that does not parse, an
// include that does not exist and a baseline with a stale entry.
func TestREADMEJSONShape(t *testing.T) {
	dir := t.TempDir()
	testfs.WriteTree(t, dir, map[string]string{
		"svc/serverless.yml": `service: checkout
provider:
  name: aws
  runtime: nodejs22.x
  region: eu-west-1
  versionFunctions: false
  memorySize: ${file(./missing.yml):memory}
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    general:
      scaling:
        maxVCpuCount: 8 # mi-lint:ignore MI003 -- sized by the platform team
    other:
      scaling:
        maxVCpuCount: ${self:custom.vcpu}
        mdoe: manual
functions:
  api:
    handler: src/api.handler
    capacityProvider: general
custom:
  vcpu: 9
`,
		"broken/serverless.yml": "service: [oops\n",
		"baseline.json":         `{"version": 1, "findings": [{"rule": "MI003", "file": "gone/serverless.yml", "yamlPath": "provider", "count": 1}]}` + "\n",
	})
	r := runIn(dir, strings.NewReader(""), "--no-cache", "-f", "json", "--baseline", "baseline.json", ".")
	if r.code != 2 {
		t.Fatalf("exit code %d, want 2 (broken/serverless.yml does not parse)\nstderr: %s", r.code, r.stderr)
	}
	var report any
	if err := json.Unmarshal(r.stdout, &report); err != nil {
		t.Fatalf("JSON report: %v\n%s", err, r.stdout)
	}
	got := map[string]bool{}
	keyPaths(report, "", got)
	// The run must fill every list, or a key in it would go unchecked.
	for _, list := range []string{"findings[].related[].message", "findings[].fix.edits[].text", "suppressed[].justification", "errors[].message", "notices[].message", "summary.baselineStale"} {
		if !got[list] {
			t.Fatalf("the run has no %s: the test no longer covers it\n%s", list, r.stdout)
		}
	}
	documented := map[string]bool{}
	keyPaths(readmeJSONShape(t), "", documented)
	if diff := cmp.Diff(sortedKeys(got), sortedKeys(documented)); diff != "" {
		t.Errorf("README.md's JSON shape differs from a real run's keys (-real +README):\n%s", diff)
	}
}
