package cli

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/testfs"
)

// service is a clean configuration whose capacity provider's maxVCpuCount
// (line 12) and function's capacityProvider (line 16) are given.
func service(maxVCpuCount, capacityProvider string) string {
	return `service: svc
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    main:
      scaling:
        maxVCpuCount: ` + maxVCpuCount + `
functions:
  api:
    handler: h.api
    capacityProvider: ` + capacityProvider + "\n"
}

// clean is a configuration that produces no finding.
var clean = service("64", "main")

// skippedConfig is the notice for a configuration written as code.
const skippedConfig = "skipped: mi-lint reads only YAML and JSON configurations (serverless.yml, serverless.yaml, serverless.json), not TypeScript or JavaScript ones"

// TestCodeConfigurationNotices: a configuration written as code is
// reported as a notice, which does not change the exit code.
func TestCodeConfigurationNotices(t *testing.T) {
	root := testfs.Repo(t, map[string]string{
		"a/serverless.ts":  "export default {}",
		"e/serverless.yml": clean,
		"e/serverless.ts":  "export default {}",
	})
	// End to end: a notice is printed, and does not change the exit code.
	out := invocation{wd: root}.run(t, "a", "e")
	wantOut := []string{
		"a/serverless.ts: notice: " + skippedConfig,
		"e/serverless.ts: notice: " + skippedConfig,
		"0 problems in 1 file; 2 notices",
	}
	if diff := cmp.Diff(wantOut, textFindings(out.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if out.code != ExitOK {
		t.Errorf("exit code %d, want %d; stderr:\n%s", out.code, ExitOK, out.stderr)
	}

	// SARIF: a tool execution notification at level warning.
	out = invocation{wd: root}.run(t, "-f", "sarif", "a")
	var sarif struct {
		Runs []struct {
			Invocations []struct {
				ToolExecutionNotifications []struct {
					Level   string `json:"level"`
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out.stdout), &sarif); err != nil {
		t.Fatalf("SARIF: %v\n%s", err, out.stdout)
	}
	notes := sarif.Runs[0].Invocations[0].ToolExecutionNotifications
	if len(notes) != 1 || notes[0].Level != "warning" || notes[0].Message.Text != skippedConfig ||
		len(notes[0].Locations) != 1 || notes[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "a/serverless.ts" {
		t.Errorf("SARIF notifications: %+v", notes)
	}
}

// composeRepo is a monorepo whose compose file passes params to two
// services that use ${param:size} and ${param:cp}.
var composeRepo = map[string]string{
	"serverless-compose.yml": `services:
  small:
    path: services/small
    params:
      size: 1
  big:
    path: services/big
    params:
      size: 64
      cp: nope
      queueUrl: ${small.queueUrl}
`,
	"services/small/serverless.yml": service("${param:size}", "${param:cp, 'main'}"),
	"services/big/serverless.yml":   service("${param:size}", "${param:cp, 'main'}"),
}

func TestDiscoverComposeParams(t *testing.T) {
	root := testfs.Repo(t, composeRepo)

	// The compose params decide the findings: small's size 1 is below the
	// API's floor (MI003), big's cp names no declared provider (MI104, leaving
	// "main" unused, MI018), big's size 64 is fine.
	out := invocation{wd: root}.run(t)
	want := []string{
		"services/big/serverless.yml:10:5 warning MI018",
		"services/big/serverless.yml:16:5 error MI104",
		"services/small/serverless.yml:12:9 error MI003",
		"3 problems in 2 files (2 errors, 1 warning, 0 notes)",
	}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s\nstderr:\n%s", diff, out.stderr)
	}
	if out.code != ExitFindings {
		t.Errorf("exit code %d, want %d", out.code, ExitFindings)
	}

	// Without the compose file the params are unknown: no finding at all.
	out = invocation{wd: root}.run(t, "services")
	want = []string{"0 problems in 2 files"}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("without compose (-want +got):\n%s", diff)
	}

	// A service named on its own gets no compose params, only --param.
	out = invocation{wd: root}.run(t, "--param", "size=0", "services/small/serverless.yml")
	want = []string{"services/small/serverless.yml:12:9 error MI003", "1 problem in 1 file (1 error, 0 warnings, 0 notes)"}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("--param (-want +got):\n%s", diff)
	}
}

func TestExcludeFlag(t *testing.T) {
	root := testfs.Repo(t, map[string]string{
		"a/serverless.yml": service("1", "main"),
		"b/serverless.yml": service("0", "main"),
	})
	out := invocation{wd: root}.run(t, "--exclude", "a", "--exclude=**/nothing")
	want := []string{"b/serverless.yml:12:9 error MI003", "1 problem in 1 file (1 error, 0 warnings, 0 notes)"}
	if diff := cmp.Diff(want, textFindings(out.stdout)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	out = invocation{wd: root}.run(t, "--exclude", "a/[")
	if out.code != ExitError || out.stderr != "mi-lint: --exclude \"a/[\": malformed pattern\n" {
		t.Errorf("bad glob: exit %d, stderr %q", out.code, out.stderr)
	}
}
