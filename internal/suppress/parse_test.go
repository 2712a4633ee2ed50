package suppress_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mi-lint/mi-lint/internal/suppress"
)

// dir builds an expected Ignore directive; file directives set Kind.
type dir = suppress.Directive

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse(t *testing.T) {
	const I, F = suppress.Ignore, suppress.IgnoreFile
	tests := []struct {
		name string
		src  string
		want []dir
	}{
		{
			name: "end of line covers the line",
			src:  "a: 1 # mi-lint:ignore MI003 -- the reason\nb: 2\n",
			want: []dir{{Kind: I, Line: 1, Column: 6, EndColumn: 42, Rules: []string{"MI003"}, Reason: "the reason", FromLine: 1, ToLine: 1}},
		},
		{
			name: "alone on its line covers the next line",
			src:  "a: 1\n# mi-lint:ignore MI003\nb: 2\nc: 3\n",
			want: []dir{{Kind: I, Line: 2, Column: 1, EndColumn: 23, Rules: []string{"MI003"}, FromLine: 3, ToLine: 3}},
		},
		{
			name: "the line above skips blank and comment lines",
			src:  "  # mi-lint:ignore MI003\n\n  # a note\n\nb: 2\n",
			want: []dir{{Kind: I, Line: 1, Column: 3, EndColumn: 25, Rules: []string{"MI003"}, FromLine: 5, ToLine: 5}},
		},
		{
			name: "two directives above one line",
			src:  "# mi-lint:ignore MI003\n# mi-lint:ignore MI004\nb: 2\n",
			want: []dir{
				{Kind: I, Line: 1, Column: 1, EndColumn: 23, Rules: []string{"MI003"}, FromLine: 3, ToLine: 3},
				{Kind: I, Line: 2, Column: 1, EndColumn: 23, Rules: []string{"MI004"}, FromLine: 3, ToLine: 3},
			},
		},
		{
			name: "above a mapping key covers its nested block",
			src: `provider:
  capacityProviders:
    # mi-lint:ignore MI003
    pool:
      scaling:
        maxVCpuCount: 8

      # a comment inside the block
      vpc:
        subnetIds: [a]
    other:
      scaling: {}
functions: {}
`,
			want: []dir{{Kind: I, Line: 3, Column: 5, EndColumn: 27, Rules: []string{"MI003"}, FromLine: 4, ToLine: 10}},
		},
		{
			name: "at the end of a mapping key's line",
			src:  "a: # mi-lint:ignore MI003\n  b: 1\n  c:\n    d: 2\n# at column 1\n  e: 3\nf: 4\n",
			want: []dir{{Kind: I, Line: 1, Column: 4, EndColumn: 26, Rules: []string{"MI003"}, FromLine: 1, ToLine: 6}},
		},
		{
			name: "a key with a scalar value covers its line only",
			src:  "a:\n  b: 1 # mi-lint:ignore MI003\n  c: 2\n",
			want: []dir{{Kind: I, Line: 2, Column: 8, EndColumn: 30, Rules: []string{"MI003"}, FromLine: 2, ToLine: 2}},
		},
		{
			name: "a key with a flow value",
			src:  "a: {b: 1, c: [2]} # mi-lint:ignore MI003\nd: 2\n",
			want: []dir{{Kind: I, Line: 1, Column: 19, EndColumn: 41, Rules: []string{"MI003"}, FromLine: 1, ToLine: 1}},
		},
		{
			name: "a key with a flow value over several lines",
			src:  "a: [x, # mi-lint:ignore MI003\n  y,\n]\nb: 1\n",
			want: []dir{{Kind: I, Line: 1, Column: 8, EndColumn: 30, Rules: []string{"MI003"}, FromLine: 1, ToLine: 3}},
		},
		{
			name: "inside a flow collection, only the line",
			src:  "a: [x,\n  y, # mi-lint:ignore MI003\n  z]\n",
			want: []dir{{Kind: I, Line: 2, Column: 6, EndColumn: 28, Rules: []string{"MI003"}, FromLine: 2, ToLine: 2}},
		},
		{
			name: "above an item inside a flow collection",
			src:  "a: {\n  # mi-lint:ignore MI003\n  b: 1,\n  c: 2 }\n",
			want: []dir{{Kind: I, Line: 2, Column: 3, EndColumn: 25, Rules: []string{"MI003"}, FromLine: 3, ToLine: 3}},
		},
		{
			name: "a key with a block scalar covers its text",
			src:  "a: | # mi-lint:ignore MI003\n  x\n\n  y\nb: 1\n",
			want: []dir{{Kind: I, Line: 1, Column: 6, EndColumn: 28, Rules: []string{"MI003"}, FromLine: 1, ToLine: 4}},
		},
		{
			name: "a list item covers the item",
			src: `functions:
  api:
    events:
      # mi-lint:ignore MI003
      - http:
          path: /
          method: get
      - sqs: arn
`,
			want: []dir{{Kind: I, Line: 4, Column: 7, EndColumn: 29, Rules: []string{"MI003"}, FromLine: 5, ToLine: 7}},
		},
		{
			name: "a scalar list item",
			src:  "subnetIds:\n  - subnet-0a1 # mi-lint:ignore MI015\n  - subnet-0b2\n",
			want: []dir{{Kind: I, Line: 2, Column: 16, EndColumn: 38, Rules: []string{"MI015"}, FromLine: 2, ToLine: 2}},
		},
		{
			name: "a mapping list item",
			src:  "- name: a # mi-lint:ignore MI003\n  runtime: b\n- name: c\n",
			want: []dir{{Kind: I, Line: 1, Column: 11, EndColumn: 33, Rules: []string{"MI003"}, FromLine: 1, ToLine: 2}},
		},
		{
			name: "a key whose sequence is not indented",
			src:  "items: # mi-lint:ignore MI003\n- a\n- b:\n    c: 1\nother: 1\n",
			want: []dir{{Kind: I, Line: 1, Column: 8, EndColumn: 30, Rules: []string{"MI003"}, FromLine: 1, ToLine: 4}},
		},
		{
			name: "a key inside a list item",
			src:  "- vpc: # mi-lint:ignore MI003\n    subnetIds: []\n  name: x\n",
			want: []dir{{Kind: I, Line: 1, Column: 8, EndColumn: 30, Rules: []string{"MI003"}, FromLine: 1, ToLine: 3}},
		},
		{
			name: "alone on the last line covers nothing",
			src:  "a: 1\n# mi-lint:ignore MI003\n\n# the end\n",
			want: []dir{{Kind: I, Line: 2, Column: 1, EndColumn: 23, Rules: []string{"MI003"}}},
		},
		{
			name: "ignore-file anywhere",
			src:  "a: 1 # mi-lint:ignore-file MI201 -- generated\n  # mi-lint:ignore-file MI016\n",
			want: []dir{
				{Kind: F, Line: 1, Column: 6, EndColumn: 46, Rules: []string{"MI201"}, Reason: "generated"},
				{Kind: F, Line: 2, Column: 3, EndColumn: 30, Rules: []string{"MI016"}},
			},
		},
		{
			name: "names, IDs and all, with spaces around commas",
			src:  "a: 1 # mi-lint:ignore MI003, max-vcpu-range ,MI004 , all -- r\n",
			want: []dir{{Kind: I, Line: 1, Column: 6, EndColumn: 62, Rules: []string{"MI003", "max-vcpu-range", "MI004", "all"}, Reason: "r", FromLine: 1, ToLine: 1}},
		},
		{
			name: "until",
			src:  "a: 1 # mi-lint:ignore MI003 until=2027-03-31 -- raise the limit first\n",
			want: []dir{{Kind: I, Line: 1, Column: 6, EndColumn: 70, Rules: []string{"MI003"}, Until: day("2027-03-31"), Reason: "raise the limit first", FromLine: 1, ToLine: 1}},
		},
		{
			name: "until without a reason, no space before #",
			src:  "a: 1 #mi-lint:ignore-file MI003 until=2027-03-31\n",
			want: []dir{{Kind: F, Line: 1, Column: 6, EndColumn: 49, Rules: []string{"MI003"}, Until: day("2027-03-31")}},
		},
		{
			name: "an empty reason, and a reason with dashes and hashes",
			src:  "a: 1 # mi-lint:ignore MI003 --\nb: 2 # mi-lint:ignore MI003 -- see #12 -- twice\n",
			want: []dir{
				{Kind: I, Line: 1, Column: 6, EndColumn: 31, Rules: []string{"MI003"}, FromLine: 1, ToLine: 1},
				{Kind: I, Line: 2, Column: 6, EndColumn: 48, Rules: []string{"MI003"}, Reason: "see #12 -- twice", FromLine: 2, ToLine: 2},
			},
		},
		{
			name: "a comment after the rules ends the directive",
			src:  "a: 1 # mi-lint:ignore MI003, MI004 # see below -- not a reason\nb: 2 # mi-lint:ignore MI003 -- a reason # with a hash\n",
			want: []dir{
				{Kind: I, Line: 1, Column: 6, EndColumn: 63, Rules: []string{"MI003", "MI004"}, FromLine: 1, ToLine: 1},
				{Kind: I, Line: 2, Column: 6, EndColumn: 54, Rules: []string{"MI003"}, Reason: "a reason # with a hash", FromLine: 2, ToLine: 2},
			},
		},
		{
			name: "tabs",
			src:  "a: 1\t#\tmi-lint:ignore\tMI003,\tMI004\t--\treason\t\nb:\t[x]\t# mi-lint:ignore MI005\n",
			want: []dir{
				{Kind: I, Line: 1, Column: 6, EndColumn: 45, Rules: []string{"MI003", "MI004"}, Reason: "reason", FromLine: 1, ToLine: 1},
				{Kind: I, Line: 2, Column: 8, EndColumn: 30, Rules: []string{"MI005"}, FromLine: 2, ToLine: 2},
			},
		},
		{
			name: "CRLF line breaks",
			src:  "a: 1 # mi-lint:ignore MI003 -- r\r\nb: |\r\n  # mi-lint:ignore MI004\r\n# mi-lint:ignore MI005\r\nc:\r\n  d: 2\r\ne: 3\r\n",
			want: []dir{
				{Kind: I, Line: 1, Column: 6, EndColumn: 33, Rules: []string{"MI003"}, Reason: "r", FromLine: 1, ToLine: 1},
				{Kind: I, Line: 4, Column: 1, EndColumn: 23, Rules: []string{"MI005"}, FromLine: 5, ToLine: 6},
			},
		},
		{
			name: "CR line breaks",
			src:  "a: 1\r# mi-lint:ignore MI003\rb: 2\r",
			want: []dir{{Kind: I, Line: 2, Column: 1, EndColumn: 23, Rules: []string{"MI003"}, FromLine: 3, ToLine: 3}},
		},
		{
			name: "multi-byte characters before the #",
			src:  "a: café 日本 🙂 # mi-lint:ignore MI003 -- ünïcode\n",
			want: []dir{{Kind: I, Line: 1, Column: 14, EndColumn: 47, Rules: []string{"MI003"}, Reason: "ünïcode", FromLine: 1, ToLine: 1}},
		},
		{
			name: "byte order mark",
			src:  "\uFEFF# mi-lint:ignore MI003\na: 1\n",
			want: []dir{{Kind: I, Line: 1, Column: 1, EndColumn: 23, Rules: []string{"MI003"}, FromLine: 2, ToLine: 2}},
		},
		{
			name: "not directives: text that only looks like one",
			src: `a: '# mi-lint:ignore MI003'
b: "x # mi-lint:ignore MI003"
c: x#mi-lint:ignore MI003
d: 'it''s # mi-lint:ignore MI003'
e: "two
  lines # mi-lint:ignore MI003"
f: |
  # mi-lint:ignore MI003
  text # mi-lint:ignore MI003
g: >-
    # mi-lint:ignore MI003

    # mi-lint:ignore MI003
h:
  - |
    # mi-lint:ignore MI003
# see mi-lint:ignore MI003
#  mi-lint-fixture: stage=prod
i: 1 # want: MI003
`,
		},
		{
			name: "a directive right after a block scalar",
			src:  "f: |\n  text\n# mi-lint:ignore MI003\ng: 1\n",
			want: []dir{{Kind: I, Line: 3, Column: 1, EndColumn: 23, Rules: []string{"MI003"}, FromLine: 4, ToLine: 4}},
		},
		{
			name: "after a quoted scalar or a flow collection without a space",
			src:  "a: 'x'# mi-lint:ignore MI003\nb: [x]# mi-lint:ignore MI004\n",
			want: []dir{
				{Kind: I, Line: 1, Column: 7, EndColumn: 29, Rules: []string{"MI003"}, FromLine: 1, ToLine: 1},
				{Kind: I, Line: 2, Column: 7, EndColumn: 29, Rules: []string{"MI004"}, FromLine: 2, ToLine: 2},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, problems := suppress.Parse("serverless.yml", []byte(tt.src))
			if len(problems) > 0 {
				t.Errorf("unexpected problems: %v", problems)
			}
			if set.File() != "serverless.yml" {
				t.Errorf("File() = %q", set.File())
			}
			// Node and Text have their own test.
			ignoreIdentity := cmpopts.IgnoreFields(suppress.Directive{}, "Node", "Text")
			if diff := cmp.Diff(tt.want, set.Directives(), cmpopts.EquateEmpty(), ignoreIdentity); diff != "" {
				t.Errorf("directives (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		src     string
		col     int
		endCol  int
		message string
	}{
		{"a: 1 # mi-lint:ignore", 6, 22,
			`mi-lint:ignore names no rule: write "# mi-lint:ignore MI003 -- reason", or "all" for every rule`},
		{"a: 1 # mi-lint:ignore -- reason", 6, 32,
			`mi-lint:ignore names no rule: write "# mi-lint:ignore MI003 -- reason", or "all" for every rule`},
		{"a: 1 # mi-lint:ignore # MI003", 6, 30,
			`mi-lint:ignore names no rule: write "# mi-lint:ignore MI003 -- reason", or "all" for every rule`},
		{"a: 1 # mi-lint:ignore-file until=2027-01-01", 6, 44,
			`mi-lint:ignore-file names no rule: write "# mi-lint:ignore-file MI003 -- reason", or "all" for every rule`},
		{"a: 1 # mi-lint:ignore MI003 until=2027-02-30 -- r", 6, 50,
			`mi-lint:ignore has until=2027-02-30, which is not a date: write until=YYYY-MM-DD`},
		{"a: 1 # mi-lint:ignore MI003 until=2027-3-31", 6, 44,
			`mi-lint:ignore has until=2027-3-31, which is not a date: write until=YYYY-MM-DD`},
		{"a: 1 # mi-lint:ignore MI003 until=", 6, 35,
			`mi-lint:ignore has until=, which is not a date: write until=YYYY-MM-DD`},
		{"a: 1 # mi-lint:ignore MI003 until=2027-03-31 until=2028-01-01", 6, 62,
			`mi-lint:ignore has until= twice`},
		{"a: 1 # mi-lint:ignore MI003 expires=2027-03-31", 6, 47,
			`mi-lint:ignore has an unknown option "expires=2027-03-31"; the only option is until=YYYY-MM-DD`},
		{"a: 1 # mi-lint:ignore MI003 untl=2027-03-31", 6, 44,
			`mi-lint:ignore has an unknown option "untl=2027-03-31" (did you mean until?); the only option is until=YYYY-MM-DD`},
		{"a: 1 # mi-lint:ignore MI003 MI004 -- r", 6, 39,
			`mi-lint:ignore has "MI004" after its rules: separate rules with commas, and put the reason after " -- "`},
		{"a: 1 # mi-lint:ignore MI003 because it is fine", 6, 47,
			`mi-lint:ignore has "because" after its rules: separate rules with commas, and put the reason after " -- "`},
		{"a: 1 # mi-lint:ignore MI003,,MI004", 6, 35,
			`mi-lint:ignore has an empty rule name in "MI003,,MI004": separate rules with one comma`},
		{"a: 1 # mi-lint:ignore MI003, -- r", 6, 34,
			`mi-lint:ignore has an empty rule name in "MI003,": separate rules with one comma`},
		{"a: 1 # mi-lint:ignores MI003", 6, 29,
			`unknown directive mi-lint:ignores; did you mean mi-lint:ignore? (the directives are mi-lint:ignore and mi-lint:ignore-file)`},
		{"a: 1 # mi-lint:ignore-fil MI003", 6, 32,
			`unknown directive mi-lint:ignore-fil; did you mean mi-lint:ignore-file? (the directives are mi-lint:ignore and mi-lint:ignore-file)`},
		{"a: 1 # mi-lint:disable MI003", 6, 29,
			`unknown directive mi-lint:disable; did you mean mi-lint:ignore? (the directives are mi-lint:ignore and mi-lint:ignore-file)`},
		{"a: 1 # mi-lint:ignore:MI003,MI004", 6, 34,
			`mi-lint:ignore is followed by a colon: write "# mi-lint:ignore MI003,MI004 -- reason"`},
		{"a: 1 # mi-lint:ignore-file:MI003", 6, 33,
			`mi-lint:ignore-file is followed by a colon: write "# mi-lint:ignore-file MI003 -- reason"`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			src := "x: 0\n" + tt.src + "\n"
			set, problems := suppress.Parse("s.yml", []byte(src))
			if len(set.Directives()) > 0 {
				t.Errorf("a malformed directive was kept: %+v", set.Directives())
			}
			want := []suppress.Problem{{File: "s.yml", Line: 2, Column: tt.col, EndColumn: tt.endCol, Message: tt.message}}
			if diff := cmp.Diff(want, problems, cmpopts.IgnoreFields(suppress.Problem{}, "Node", "Text")); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestProblemAsFindingAndNotice(t *testing.T) {
	_, problems := suppress.Parse("s.yml", []byte("a: 1\n  # mi-lint:ignore\n"))
	if len(problems) != 1 {
		t.Fatalf("problems = %v", problems)
	}
	p := problems[0]
	if got, want := p.String(), `s.yml:2:3: mi-lint:ignore names no rule: write "# mi-lint:ignore MI003 -- reason", or "all" for every rule`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	f := p.Finding(testRules)
	want := directiveFinding("MI900", "unused-suppression", "warning", 2, 3, 19,
		`mi-lint:ignore names no rule: write "# mi-lint:ignore MI003 -- reason", or "all" for every rule; as written, it suppresses nothing`)
	want.Subject = "mi-lint:ignore" // a malformed directive is known by its text
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("Finding() (-want +got):\n%s", diff)
	}
	n := p.Notice()
	if n.File != "s.yml" || n.Line != 2 || n.Column != 3 || n.Message != p.Message {
		t.Errorf("Notice() = %+v", n)
	}
}

// A directive is known by the place in the YAML tree of the node it
// covers and by its text, which stay when lines above it move.
func TestParseIdentity(t *testing.T) {
	src := `provider:
  vpc: # mi-lint:ignore MI001 -- no VPC yet
    subnetIds: [a]
  # mi-lint:ignore MI016

  memorySize: 1024
# mi-lint:ignore-file MI003
functions:
  - api: {} # mi-lint:ignore: MI003
# mi-lint:ignore MI900
`
	set, problems := suppress.Parse("s.yml", []byte(src))
	type identity struct{ Node, Text string }
	var got []identity
	for _, d := range set.Directives() {
		got = append(got, identity{d.Node, d.Text})
	}
	for _, p := range problems {
		got = append(got, identity{p.Node, p.Text})
	}
	want := []identity{
		{"provider.vpc", "mi-lint:ignore MI001 -- no VPC yet"},
		{"provider.memorySize", "mi-lint:ignore MI016"},
		{"", "mi-lint:ignore-file MI003"},
		{"", "mi-lint:ignore MI900"}, // covers nothing
		{"functions[0].api", "mi-lint:ignore: MI003"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("identities (-want +got):\n%s", diff)
	}
}
