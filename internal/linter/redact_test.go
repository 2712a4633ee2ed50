package linter

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/loader"
)

func TestRedactor(t *testing.T) {
	redact := newRedactor(map[string]string{"8": "${env:MAX}", "s3cr3t-subnet": "${env:SUBNET}", "": "${env:EMPTY}"})
	tests := []struct{ in, want string }{
		{`maxVCpuCount is "8"; it must be an integer from 12 to 15000`, `maxVCpuCount is the value from ${env:MAX}; it must be an integer from 12 to 15000`},
		// A short value is replaced only where quoted: 8 in MI008 stays.
		{`see MI008 and 8 vCPUs`, `see MI008 and 8 vCPUs`},
		{`subnet s3cr3t-subnet is not valid`, `subnet the value from ${env:SUBNET} is not valid`},
		{`no secrets here`, `no secrets here`},
		// Part of a longer value: elided, and the variable named after it,
		// never the placeholder spliced into the value.
		{`runtime "pythons3cr3t-subnet", which`, `runtime "python…" (from ${env:SUBNET}), which`},
		{`subnet xs3cr3t-subnety, and`, `subnet x…y (from ${env:SUBNET}), and`},
		{`ids ["a","s3cr3t-subnet-2"]`, `ids ["a","…-2" (from ${env:SUBNET})]`},
		// A short value inside a longer one stays: "8" in "m8g.large".
		{`type "m8g.large"`, `type "m8g.large"`},
		// An unclosed quote is plain text.
		{`odd "s3cr3t-subnet`, `odd "the value from ${env:SUBNET}`},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestEnvValuesNeverReachOutput lints a configuration whose wrong values
// come from the environment: findings name the variable, not the value.
func TestEnvValuesNeverReachOutput(t *testing.T) {
	env := map[string]string{"SUBNET": "subnet_TOPSECRET", "MAX": "8"}
	eng, err := New(context.Background(), Options{Loader: loader.Options{
		Env: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
	}})
	if err != nil {
		t.Fatal(err)
	}
	src := `service: s
provider:
  name: aws
  runtime: nodejs22.x
  versionFunctions: false
  vpc:
    subnetIds: ["${env:SUBNET}", subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
  capacityProviders:
    pool:
      scaling:
        maxVCpuCount: ${env:MAX}
functions:
  a: {handler: h.a, capacityProvider: pool}
`
	res := eng.Check(context.Background(), File{Name: "serverless.yml", Read: func() ([]byte, error) { return []byte(src), nil }})
	if res.Err != nil {
		t.Fatal(res.Err.Message)
	}
	wantNamed := map[string]string{"MI015": "${env:SUBNET}", "MI003": "${env:MAX}"}
	for _, f := range res.Findings {
		if v, ok := wantNamed[f.RuleID]; ok && strings.Contains(f.Message, "the value from "+v) {
			delete(wantNamed, f.RuleID)
		}
		texts := []string{f.Message}
		for _, r := range f.Related {
			texts = append(texts, r.Message)
		}
		for _, text := range texts {
			for _, secret := range env {
				if strings.Contains(text, `"`+secret+`"`) || strings.Contains(text, "TOPSECRET") {
					t.Errorf("%s message leaks an environment value: %s", f.RuleID, text)
				}
			}
		}
	}
	for id, v := range wantNamed {
		t.Errorf("no %s finding naming %s", id, v)
	}
}

// TestEnvValueInsideAValue lints a runtime built from an environment
// value: the message elides the value and names the variable, rather than
// splicing "the value from ..." into the runtime's name.
func TestEnvValueInsideAValue(t *testing.T) {
	env := map[string]string{"PYV": "3.12"}
	eng, err := New(context.Background(), Options{Loader: loader.Options{
		Env: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
	}})
	if err != nil {
		t.Fatal(err)
	}
	src := `service: s
provider:
  name: aws
  runtime: python${env:PYV}
  versionFunctions: false
  vpc:
    subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
    securityGroupIds: [sg-0a1]
functions:
  a: {handler: h.a, capacityProvider: default}
`
	res := eng.Check(context.Background(), File{Name: "serverless.yml", Read: func() ([]byte, error) { return []byte(src), nil }})
	if res.Err != nil {
		t.Fatal(res.Err.Message)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+": "+f.Message)
	}
	want := []string{`MI109: function "a" runs on managed instances with runtime "python…" (from ${env:PYV}) (from provider.runtime), which Lambda Managed Instances do not run; use python3.13 or later`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
