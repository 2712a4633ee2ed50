package linter

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/cache"
	"github.com/mi-lint/mi-lint/internal/policy"
	"github.com/mi-lint/mi-lint/internal/report"
)

// cachedService reads its VPC from an include; with one subnet there,
// few-subnets (MI016) reports at the include.
const cachedService = `service: shop
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc: ${file(./vpc.yml)}
  capacityProviders:
    pool: {}
functions:
  api:
    handler: h.api
    capacityProvider: pool
`

const (
	oneSubnet    = "subnetIds: [subnet-0a1]\nsecurityGroupIds: [sg-0a1]\n"
	threeSubnets = "subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]\nsecurityGroupIds: [sg-0a1]\n"
)

var cacheDay = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// cachedEngine is an engine over files with the cache in dir.
func cachedEngine(t *testing.T, dir string, files fstest.MapFS, change func(*Options)) *Engine {
	t.Helper()
	c, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Cache: c, CacheSalt: "test"}
	opts.Loader.Files = files
	opts.Suppress.Now = func() time.Time { return cacheDay }
	if change != nil {
		change(&opts)
	}
	if opts.Policies == nil {
		opts.Policies = loadPolicies(t, policy.Options{Cache: c, CacheSalt: opts.CacheSalt})
	}
	eng, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// loadPolicies loads the policies of opts.
func loadPolicies(t *testing.T, opts policy.Options) *policy.Set {
	t.Helper()
	set, err := policy.Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func lintFS(t *testing.T, eng *Engine, files fstest.MapFS) report.Result {
	t.Helper()
	name := "serverless.yml"
	res := eng.Lint(context.Background(), []File{{Name: name, Read: func() ([]byte, error) { return files[name].Data, nil }}})
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	return res
}

func ruleIDsOf(res report.Result) []string {
	ids := []string{}
	for _, f := range res.Findings {
		ids = append(ids, f.RuleID)
	}
	return ids
}

func serviceFS(vpc string) fstest.MapFS {
	files := fstest.MapFS{"serverless.yml": {Data: []byte(cachedService)}}
	if vpc != "" {
		files["vpc.yml"] = &fstest.MapFile{Data: []byte(vpc)}
	}
	return files
}

// checkCachedRun checks that want, first's result on files, is what an
// uncached run gives, and that a second run with the cache in dir gives
// it again without compiling the policies; it returns the second engine.
func checkCachedRun(t *testing.T, dir string, first *Engine, files fstest.MapFS, want report.Result) *Engine {
	t.Helper()
	uncached, err := New(context.Background(), Options{Loader: first.opts.Loader, Suppress: first.opts.Suppress})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(lintFS(t, uncached, files), want); diff != "" {
		t.Errorf("cached run differs from an uncached one (-uncached +cached):\n%s", diff)
	}
	second := cachedEngine(t, dir, files, nil)
	if diff := cmp.Diff(want, lintFS(t, second, files)); diff != "" {
		t.Errorf("second run (-first +second):\n%s", diff)
	}
	if second.eval.Compiled() {
		t.Error("the second run compiled the policies although every file was cached")
	}
	return second
}

// TestCacheReuse checks that a second run over unchanged files gives the
// same result without compiling the policies, and that the result is the
// one an uncached run gives.
func TestCacheReuse(t *testing.T) {
	dir := t.TempDir()
	files := serviceFS(oneSubnet)
	first := cachedEngine(t, dir, files, nil)
	want := lintFS(t, first, files)
	if diff := cmp.Diff([]string{"MI016"}, ruleIDsOf(want)); diff != "" {
		t.Fatalf("first run (-want +got):\n%s", diff)
	}
	second := checkCachedRun(t, dir, first, files, want)
	if diff := cmp.Diff(first.Rules(), second.Rules()); diff != "" {
		t.Errorf("rules read from the cache differ (-compiled +cached):\n%s", diff)
	}
}

// TestCacheInvalidation checks that each thing a result depends on, when
// it changes, makes the file be linted again.
func TestCacheInvalidation(t *testing.T) {
	tests := []struct {
		name   string
		files  fstest.MapFS
		change func(*Options)
		want   []string
	}{
		{name: "include content", files: serviceFS(threeSubnets), want: []string{}},
		{name: "include removed", files: serviceFS(""), want: []string{}},
		{name: "stage", files: serviceFS(oneSubnet), change: func(o *Options) { o.Loader.Stage = "prod" }, want: []string{"MI016"}},
		{name: "day", files: serviceFS(oneSubnet), change: func(o *Options) {
			o.Suppress.Now = func() time.Time { return cacheDay.AddDate(0, 0, 1) }
		}, want: []string{"MI016"}},
		{name: "salt", files: serviceFS(oneSubnet), change: func(o *Options) { o.CacheSalt = "other build" }, want: []string{"MI016"}},
		{name: "facts", files: serviceFS(oneSubnet), change: func(o *Options) {
			facts, err := policy.DefaultFacts()
			if err != nil {
				t.Fatal(err)
			}
			o.Policies = loadPolicies(t, policy.Options{Facts: facts, Cache: o.Cache, CacheSalt: o.CacheSalt})
		}, want: []string{"MI016"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			lintFS(t, cachedEngine(t, dir, serviceFS(oneSubnet), nil), serviceFS(oneSubnet))
			eng := cachedEngine(t, dir, tt.files, tt.change)
			if diff := cmp.Diff(tt.want, ruleIDsOf(lintFS(t, eng, tt.files))); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if !eng.eval.Compiled() {
				t.Error("the file was not linted again")
			}
		})
	}
}

// TestCacheMissingIncludeCreated checks that a result computed while an
// include was missing is not reused once the include exists.
func TestCacheMissingIncludeCreated(t *testing.T) {
	dir := t.TempDir()
	lintFS(t, cachedEngine(t, dir, serviceFS(""), nil), serviceFS(""))
	eng := cachedEngine(t, dir, serviceFS(oneSubnet), nil)
	if diff := cmp.Diff([]string{"MI016"}, ruleIDsOf(lintFS(t, eng, serviceFS(oneSubnet)))); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestCacheSkip checks that the rules a run skips are part of the key.
func TestCacheSkip(t *testing.T) {
	dir := t.TempDir()
	files := serviceFS(oneSubnet)
	lintFS(t, cachedEngine(t, dir, files, nil), files)
	eng := cachedEngine(t, dir, files, func(o *Options) { o.Skip = []string{"MI016"} })
	if got := ruleIDsOf(lintFS(t, eng, files)); len(got) != 0 {
		t.Errorf("with MI016 skipped, a cached finding of %v came back", got)
	}
}

// TestCacheNotKept checks what is never cached: failed files, and files
// linted with the environment readable.
func TestCacheNotKept(t *testing.T) {
	dir := t.TempDir()
	broken := fstest.MapFS{"serverless.yml": {Data: []byte("service: [\n")}}
	eng := cachedEngine(t, dir, broken, nil)
	res := eng.Lint(context.Background(), []File{{Name: "serverless.yml", Read: func() ([]byte, error) { return broken["serverless.yml"].Data, nil }}})
	if len(res.Errors) != 1 {
		t.Fatalf("errors %v, want one", res.Errors)
	}
	files := serviceFS(oneSubnet)
	lintFS(t, cachedEngine(t, dir, files, func(o *Options) {
		o.Loader.Env = func(string) (string, bool) { return "", false }
	}), files)
	entries, err := filepath.Glob(filepath.Join(dir, resultKind, "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("kept %d results, want none", len(entries))
	}
}

// TestCacheEntryTampered checks that a hit really is served from the
// entry, so that the tests above would notice a cache that is never read.
func TestCacheEntryTampered(t *testing.T) {
	dir := t.TempDir()
	files := serviceFS(oneSubnet)
	lintFS(t, cachedEngine(t, dir, files, nil), files)
	entries, err := filepath.Glob(filepath.Join(dir, resultKind, "*", "*.json"))
	if err != nil || len(entries) != 1 {
		t.Fatalf("entries %v (%v), want one", entries, err)
	}
	data, err := os.ReadFile(entries[0])
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(string(data[:len(data)-2]) + `,"Notices":[{"File":"serverless.yml","Line":1,"Column":1,"Message":"from the cache"}]}}`)
	if err := os.WriteFile(entries[0], data, 0o600); err != nil {
		t.Fatal(err)
	}
	res := lintFS(t, cachedEngine(t, dir, files, nil), files)
	if len(res.Notices) != 1 || res.Notices[0].Message != "from the cache" {
		t.Errorf("notices %v, want the one written into the entry", res.Notices)
	}
}
