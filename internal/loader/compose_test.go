package loader_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// composeView is what a test compares of a ComposeService.
type composeView struct {
	Name, Path, Config, Problem string
	Line, Col                   int
	Params                      map[string]string
}

func viewCompose(services []loader.ComposeService, stage string) []composeView {
	out := make([]composeView, 0, len(services))
	for _, s := range services {
		out = append(out, composeView{Name: s.Name, Path: s.Path, Config: s.Config, Problem: s.Problem,
			Line: s.Range.Line, Col: s.Range.Col, Params: paramTexts(s.ParamsFor(stage))})
	}
	return out
}

// paramTexts renders typed params for comparison: scalars as written,
// unknown values as <unknown>, collections as <list> and <map>.
func paramTexts(params map[string]*loader.Node) map[string]string {
	if params == nil {
		return nil
	}
	out := make(map[string]string, len(params))
	for k, n := range params {
		switch n.Kind {
		case loader.KindUnknown:
			out[k] = "<unknown>"
		case loader.KindList:
			out[k] = "<list>"
		case loader.KindMap:
			out[k] = "<map>"
		case loader.KindBool:
			out[k] = map[bool]string{true: "true", false: "false"}[n.Bool]
		default:
			out[k] = n.Str
		}
	}
	return out
}

func TestParseCompose(t *testing.T) {
	src := `services:
  core:
    path: services/core
  users:
    path: services/users
    params:
      tableArn: ${core.tableArn}
      queueUrl: ${service:core.queueUrl}
      stageName: ${sls:stage}
      size: 16
      ratio: 1.5
      enabled: true
      name: users-table
      empty: ""
      nothing: null
      list: [a, b]
      object: {a: b}
      ref: !Ref Table
  api:
    path: ./api
    config: serverless.api.yml
    params:
      region: eu-west-1
      shared: from-service
  broken: services/broken
  nopath:
    params: {a: b}
  numeric:
    path: 12
  variable:
    path: ${env:DIR}
`
	services, err := loader.ParseCompose("serverless-compose.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []composeView{
		{Name: "core", Path: "services/core", Line: 2, Col: 3},
		{Name: "users", Path: "services/users", Line: 4, Col: 3, Params: map[string]string{
			"size": "16", "ratio": "1.5", "enabled": "true", "name": "users-table", "empty": "",
			"tableArn": "<unknown>", "queueUrl": "<unknown>", "stageName": "<unknown>",
			"list": "<list>", "object": "<map>", "ref": "<map>",
		}},
		{Name: "api", Path: "./api", Config: "serverless.api.yml", Line: 19, Col: 3, Params: map[string]string{
			"region": "eu-west-1", "shared": "from-service",
		}},
		{Name: "broken", Problem: "its definition is not a mapping with a path", Line: 25, Col: 3},
		{Name: "nopath", Problem: "it has no path", Line: 26, Col: 3},
		{Name: "numeric", Problem: "its path is not a directory name", Line: 28, Col: 3},
		{Name: "variable", Problem: "its path ${env:DIR} is known only at deploy time", Line: 30, Col: 3},
	}
	if diff := cmp.Diff(want, viewCompose(services, "dev")); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}
}

func TestParseComposeSharedParams(t *testing.T) {
	src := `params:
  default:
    size: "8"
    region: us-east-1
    table: ${env:TABLE}
  prod:
    size: 64
stages:
  default:
    params:
      tier: basic
  prod:
    params:
      tier: premium
services:
  a:
    path: a
  b:
    path: b
    params:
      region: eu-west-1
      size: ${a.size}
`
	services, err := loader.ParseCompose("serverless-compose.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		stage string
		want  []map[string]string
	}{
		{"dev", []map[string]string{
			{"size": "8", "region": "us-east-1", "tier": "basic", "table": "<unknown>"},
			// b's own size is a stack output: unknown, and it hides the
			// shared size rather than falling back to it.
			{"size": "<unknown>", "region": "eu-west-1", "tier": "basic", "table": "<unknown>"},
		}},
		{"prod", []map[string]string{
			{"size": "64", "region": "us-east-1", "tier": "premium", "table": "<unknown>"},
			{"size": "<unknown>", "region": "eu-west-1", "tier": "premium", "table": "<unknown>"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.stage, func(t *testing.T) {
			var got []map[string]string
			for _, s := range services {
				got = append(got, paramTexts(s.ParamsFor(tt.stage)))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseComposeErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      loader.Error
	}{
		{"no services", "name: app\n", loader.Error{File: "c.yml", Line: 1, Col: 1,
			Msg: "a serverless-compose file needs a services mapping (services.<name>.path)"}},
		{"services is a list", "name: app\nservices:\n  - a\n", loader.Error{File: "c.yml", Line: 2, Col: 1,
			Msg: "a serverless-compose file needs a services mapping (services.<name>.path)"}},
		{"not a mapping", "- a\n", loader.Error{File: "c.yml", Line: 1, Col: 1,
			Msg: "a serverless-compose file needs a services mapping (services.<name>.path)"}},
		{"invalid YAML", "services:\n  a: [\n", loader.Error{File: "c.yml", Line: 3, Col: 1,
			Msg: "invalid YAML: did not find expected node content"}},
		{"empty", "", loader.Error{File: "c.yml", Msg: "the file is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loader.ParseCompose("c.yml", []byte(tt.src))
			var le *loader.Error
			if !errors.As(err, &le) {
				t.Fatalf("error %v, want a *loader.Error", err)
			}
			if diff := cmp.Diff(tt.want, *le); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseComposeJSON(t *testing.T) {
	src := `{"services": {"a": {"path": "svc/a", "params": {"size": 12}}}}`
	services, err := loader.ParseCompose("serverless-compose.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []composeView{{Name: "a", Path: "svc/a", Line: 1, Col: 15, Params: map[string]string{"size": "12"}}}
	if diff := cmp.Diff(want, viewCompose(services, "dev")); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}
}
