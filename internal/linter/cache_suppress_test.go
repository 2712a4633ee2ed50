package linter

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/report"
)

// suppressedService has directives of every kind the suppression step
// reads: one in the include that suppresses its finding, an expired one,
// an unused one and a malformed one in the file itself.
const suppressedService = `service: shop # mi-lint:ignore MI003 until=2026-01-01 -- expired
provider:
  name: aws
  runtime: nodejs22.x # mi-lint:ignore MI201 -- unused
  versionFunctions: false # mi-lint:ignore -- no rule named
  vpc: ${file(./vpc.yml)}
  capacityProviders:
    pool: {}
functions:
  api:
    handler: h.api
    capacityProvider: pool
`

const suppressedVPC = "subnetIds: [subnet-0a1] # mi-lint:ignore MI016 -- one zone in dev\nsecurityGroupIds: [sg-0a1]\n"

// TestCacheSuppressions checks that the cache keeps a file's result after
// its suppression step: a cached run gives exactly what an uncached one
// does, suppressed findings and the directives' own findings included,
// and a change to a directive in an include alone makes the file be
// linted again.
func TestCacheSuppressions(t *testing.T) {
	files := fstest.MapFS{
		"serverless.yml": {Data: []byte(suppressedService)},
		"vpc.yml":        {Data: []byte(suppressedVPC)},
	}
	dir := t.TempDir()
	first := cachedEngine(t, dir, files, nil)
	want := lintFS(t, first, files)
	if diff := cmp.Diff([]string{"MI901 serverless.yml:1", "MI900 serverless.yml:4", "MI900 serverless.yml:5"}, placesOf(want)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	var suppressed []string
	for _, s := range want.Suppressed {
		suppressed = append(suppressed, s.RuleID+" at "+s.File+" by "+s.Directive.File)
	}
	if diff := cmp.Diff([]string{"MI016 at vpc.yml by vpc.yml"}, suppressed); diff != "" {
		t.Errorf("suppressed (-want +got):\n%s", diff)
	}

	checkCachedRun(t, dir, first, files, want)

	// The directive in the include goes: its finding is back.
	files["vpc.yml"] = &fstest.MapFile{Data: []byte(oneSubnet)}
	third := cachedEngine(t, dir, files, nil)
	got := lintFS(t, third, files)
	wantPlaces := append(placesOf(want), "MI016 vpc.yml:1")
	if diff := cmp.Diff(wantPlaces, placesOf(got)); diff != "" {
		t.Errorf("findings after the include's directive went (-want +got):\n%s", diff)
	}
	if len(got.Suppressed) != 0 || !third.eval.Compiled() {
		t.Errorf("the file was not linted again: suppressed %v", got.Suppressed)
	}
}

// placesOf is each finding's rule and position.
func placesOf(res report.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s %s:%d", f.RuleID, f.File, f.Region.StartLine))
	}
	return out
}
