package suppress

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTreePath(t *testing.T) {
	src := `service: shop
provider:
  vpc:
    subnetIds:
      - subnet-0a1
      - subnet-0b2
    securityGroupIds: [sg-0a1,
      sg-0b2]
functions:
  - api:
      handler: h.api
  - name: worker
    events:
    - sqs: arn
    - http:
        path: /x
"quoted: key": 1
`
	lines := scan([]byte(src))
	want := []string{
		"service",
		"provider",
		"provider.vpc",
		"provider.vpc.subnetIds",
		"provider.vpc.subnetIds[0]",
		"provider.vpc.subnetIds[1]",
		"provider.vpc.securityGroupIds",
		"provider.vpc.securityGroupIds", // continues the flow sequence
		"functions",
		"functions[0].api",
		"functions[0].api.handler",
		"functions[1].name",
		"functions[1].events",
		"functions[1].events[0].sqs",
		"functions[1].events[1].http",
		"functions[1].events[1].http.path",
		`"quoted: key"`,
	}
	var got []string
	for i := range want {
		got = append(got, treePath(lines, i))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tree paths (-want +got):\n%s", diff)
	}
}
