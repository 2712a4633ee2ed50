package config

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/testjson"
)

const factsJSON = `{
  "regions": {
    "partitions": {"aws-cn": ["cn-"], "aws-us-gov": ["us-gov-"]},
    "managedInstances": {"supportedPartitions": ["aws"], "unsupported": ["il-central-1", "me-south-1"], "supported": []}
  },
  "limits": {
    "maxVCpuCount": {"min": 12, "max": 15000},
    "vpcSubnets": {"max": 16, "recommendedMin": 3}
  },
  "scaling": {"modes": ["auto", "manual"], "maxPolicies": 10, "strict": true},
  "schema": {"capacityProvider": [{"path": [], "keys": ["vpc"]}]}
}`

func facts(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(factsJSON), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestResolveData(t *testing.T) {
	c := mustParse(t, `data:
  regions:
    partitions:
      aws-eusc: [eusc-]
    managedInstances:
      unsupported: [il-central-1]
  limits:
    maxVCpuCount:
      max: 20_000
  scaling:
    strict: false
    modes: []
`)
	known := facts(t)
	got, err := c.ResolveData(known)
	if err != nil {
		t.Fatal(err)
	}
	want := facts(t)
	testjson.Object(t, want, "regions", "partitions")["aws-eusc"] = []any{"eusc-"}
	testjson.Object(t, want, "regions", "managedInstances")["unsupported"] = []any{"il-central-1"}
	testjson.Object(t, want, "limits", "maxVCpuCount")["max"] = float64(20000)
	testjson.Object(t, want, "scaling")["strict"] = false
	testjson.Object(t, want, "scaling")["modes"] = []any{}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ResolveData (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(facts(t), known); diff != "" {
		t.Errorf("ResolveData modified the facts it was given (-want +got):\n%s", diff)
	}
	wantData := map[string]any{
		"regions": map[string]any{
			"partitions":       map[string]any{"aws-eusc": []any{"eusc-"}},
			"managedInstances": map[string]any{"unsupported": []any{"il-central-1"}},
		},
		"limits":  map[string]any{"maxVCpuCount": map[string]any{"max": float64(20000)}},
		"scaling": map[string]any{"strict": false, "modes": []any{}},
	}
	if diff := cmp.Diff(wantData, c.Data); diff != "" {
		t.Errorf("Data (-want +got):\n%s", diff)
	}
	if c.DataPos != (Pos{2, 3}) {
		t.Errorf("DataPos = %v", c.DataPos)
	}
}

func TestResolveDataUnset(t *testing.T) {
	known := facts(t)
	got, err := mustParse(t, "stage: dev\n").ResolveData(known)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(known, got); diff != "" {
		t.Errorf("ResolveData without data (-want +got):\n%s", diff)
	}
}

func TestResolveDataErrors(t *testing.T) {
	c := mustParse(t, `data:
  region:
    managedInstances: {}
  colours: {}
  regions:
    managedInstance:
      unsupported: []
    managedInstances:
      unsupported: me-south-1
      supportedPartitions: [aws, 3, [x]]
    partitions: [aws]
  limits:
    maxVCpuCount:
      max: "16000"
      min: true
  scaling: [auto]
  schema:
    capacityProvider: [{path: [], keys: [vpc, scaling]}, 7]
`)
	got, err := c.ResolveData(facts(t))
	if got != nil {
		t.Errorf("ResolveData returned facts with its errors")
	}
	want := []string{
		`c.yaml:2:3: data.region: there is no facts file named "region"; did you mean "regions"?`,
		`c.yaml:4:3: data.colours: there is no facts file named "colours"; the facts files are limits, regions, scaling, schema`,
		`c.yaml:6:5: data.regions has no key "managedInstance"; did you mean "managedInstances"?`,
		`c.yaml:9:20: data.regions.managedInstances.unsupported must be a list, like the fact it overrides, not the string "me-south-1"`,
		"c.yaml:10:34: data.regions.managedInstances.supportedPartitions[1] must be a string, like the items of the list it replaces, not the number 3",
		"c.yaml:10:37: data.regions.managedInstances.supportedPartitions[2] must be a string, like the items of the list it replaces, not a list",
		"c.yaml:11:17: data.regions.partitions must be a mapping, like the fact it overrides, not a list",
		`c.yaml:14:12: data.limits.maxVCpuCount.max must be a number, like the fact it overrides (15000), not the string "16000"`,
		"c.yaml:15:12: data.limits.maxVCpuCount.min must be a number, like the fact it overrides (12), not the boolean true",
		"c.yaml:16:12: data.scaling must be a mapping, like the fact it overrides, not a list",
		"c.yaml:18:58: data.schema.capacityProvider[1] must be a mapping, like the items of the list it replaces, not the number 7",
	}
	if diff := cmp.Diff(want, messages(err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
