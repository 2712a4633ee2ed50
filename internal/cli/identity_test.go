package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/testfs"
)

// identityService has three unused directives alike but for their place,
// and two functions inheriting one provider.memorySize that two rules
// report: eight findings, which code scanning and baselines must keep
// apart.
const identityService = `service: shop
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  memorySize: 40000
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1] # mi-lint:ignore MI003
  capacityProviders:
    pool:
      scaling:
        maxVCpuCount: 12 # mi-lint:ignore MI003
functions:
  api:
    handler: handler.api # mi-lint:ignore MI003
    capacityProvider: pool
  worker:
    handler: handler.worker
    capacityProvider: pool
`

func TestFindingIdentities(t *testing.T) {
	root := testfs.Repo(t, map[string]string{"serverless.yml": identityService})
	out := invocation{wd: root}.run(t, "-f", "json")
	var report struct {
		Findings []struct {
			Rule struct {
				ID string `json:"id"`
			} `json:"rule"`
			YAMLPath  string `json:"yamlPath"`
			StartLine int    `json:"startLine"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out.stdout), &report); err != nil {
		t.Fatalf("%v\n%s", err, out.stdout)
	}
	var got []string
	for _, f := range report.Findings {
		if f.Rule.ID == "MI900" {
			got = append(got, f.YAMLPath)
		}
	}
	// A directive is keyed by the place in the YAML tree of the node it
	// covers.
	want := []string{"provider.vpc.securityGroupIds", "provider.capacityProviders.pool.scaling.maxVCpuCount", "functions.api.handler"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("MI900 yamlPaths (-want +got):\n%s", diff)
	}

	prints := sarifPrints(t, root)
	if len(prints) != 8 {
		t.Fatalf("%d findings, want 8", len(prints))
	}
	seen := map[string]int{}
	for i, fp := range prints {
		if j, ok := seen[fp]; ok {
			t.Errorf("findings %d and %d share the fingerprint %s", j, i, fp)
		}
		seen[fp] = i
	}

	// A baseline of these findings hides each of them, and no new one: a
	// fourth unused directive, and a third function inheriting the
	// memory size, are reported. (MI205's message changes, but it is the
	// same finding about the same maxVCpuCount.)
	if out := (invocation{wd: root}).run(t, "--write-baseline", "baseline.json"); out.code != ExitOK {
		t.Fatalf("--write-baseline: exit %d\n%s", out.code, out.stderr)
	}
	edited := strings.Replace(identityService, "    handler: handler.worker\n", "    handler: handler.worker # mi-lint:ignore MI003\n", 1) +
		"  jobs:\n    handler: handler.jobs\n    capacityProvider: pool\n"
	if err := os.WriteFile(filepath.Join(root, "serverless.yml"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	out = invocation{wd: root}.run(t, "--baseline", "baseline.json")
	wantNew := []string{
		"serverless.yml:6:3 warning MI107",
		"serverless.yml:6:3 error MI108",
		"serverless.yml:19:29 warning MI900",
		"3 problems in 1 file (1 error, 2 warnings, 0 notes)",
	}
	if diff := cmp.Diff(wantNew, textFindings(out.stdout)); diff != "" {
		t.Errorf("new findings (-want +got):\n%s\n%s", diff, out.stdout)
	}
}

// sarifPrints lints the repository at root as SARIF and returns each
// result's partial fingerprint (fingerprint_test.go, outside the package,
// has its own reader).
func sarifPrints(t *testing.T, root string) []string {
	t.Helper()
	out := invocation{wd: root}.run(t, "-f", "sarif")
	var log struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out.stdout), &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v\n%s", err, out.stdout)
	}
	var prints []string
	for _, r := range log.Runs[0].Results {
		prints = append(prints, r.PartialFingerprints["miLintFindingHash/v1"])
	}
	return prints
}
