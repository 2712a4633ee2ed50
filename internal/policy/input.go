package policy

import (
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mi-lint/mi-lint/internal/loader"
)

// inputBuilder turns a loaded document into the Rego input value directly,
// with no JSON round trip. Nodes shared between places (the effective
// values reuse configuration nodes) are converted once.
//
// Terms are never modified once built, so the builder shares them freely:
// a mapping or list node is converted once however often it is reached,
// and common keys use terms made once for all documents. Terms and array
// elements are carved out of larger blocks, which costs far fewer
// allocations than one per value.
type inputBuilder struct {
	// done maps a mapping or list node to its term. Scalars are cheap to
	// convert again and are not recorded.
	done map[*loader.Node]*ast.Term
	// terms is the free part of the current block of terms.
	terms []ast.Term
	// elems is the free part of the current block of array elements.
	elems []*ast.Term
	// pairs is scratch space for object pairs: ast.NewObject copies them.
	pairs [][2]*ast.Term
}

const (
	termBlock = 256
	elemBlock = 256
)

func buildInput(doc *loader.Document) ast.Value {
	b := inputBuilder{done: make(map[*loader.Node]*ast.Term, 64)}
	return b.term(doc.Input).Value
}

// commonStrings are the input model's keys and fixed values, and keys and
// values that most configurations write. Their terms are made once.
var commonStrings = []string{
	// The input model (internal/loader/model.go).
	"version", "service", "stage", "region", "config", "capacityProviders", "functions",
	"value", "path", "inherited", "source", "flag", "file", "default",
	"name", "managed", "capacityProvider", "memorySize", "runtime", "architecture", "versioned", "memoryPerVCpu",
	"form", "ref", "refPath", "target", "provider", "unknown", "intrinsic", "object", "string", "invalid",
	"missing", "undeclared", "declared", "arn", "empty", "vpc", "references", "index",
	"$unknown", "reason", "tag", loader.InputVersion,
	// Serverless configuration keys.
	"frameworkVersion", "plugins", "custom", "resources", "package", "params", "stages", "useDotenv",
	"handler", "events", "environment", "timeout", "description", "layers", "role", "tags", "image",
	"instanceRequirements", "architectures", "allowedInstanceTypes", "excludedInstanceTypes",
	"scaling", "mode", "maxVCpuCount", "minVCpuCount", "policies", "permissions", "operatorRole",
	"subnetIds", "securityGroupIds", "versionFunctions", "logRetentionInDays", "deploymentBucket",
	"iam", "statements", "iamRoleStatements", "Effect", "Action", "Resource", "Allow", "Deny",
	"http", "httpApi", "method", "sqs", "sns", "s3", "schedule", "stream", "rate", "enabled",
	"aws", "x86_64", "arm64", "auto", "manual", "get", "post", "put", "delete", "patch", "any",
	"individually", "patterns", "include", "exclude", "reservedConcurrency", "provisionedConcurrency",
	// CloudFormation.
	"Resources", "Outputs", "Conditions", "Parameters", "Mappings", "Type", "Properties", "DependsOn",
	"Value", "Export", "Name", "Ref", "Condition", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::If",
	"Fn::Split", "Fn::Select", "Fn::FindInMap", "Fn::ImportValue", "Fn::GetAZs", "Fn::Base64",
	"Fn::Cidr", "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Arn",
}

var commonTerms, maxCommonLen = func() (map[string]*ast.Term, int) {
	m := make(map[string]*ast.Term, len(commonStrings))
	n := 0
	for _, s := range commonStrings {
		m[s] = ast.StringTerm(s)
		n = max(n, len(s))
	}
	return m, n
}()

// newTerm returns a term for v, carved out of the current block.
func (b *inputBuilder) newTerm(v ast.Value) *ast.Term {
	if len(b.terms) == 0 {
		b.terms = make([]ast.Term, termBlock)
	}
	t := &b.terms[0]
	t.Value = v
	b.terms = b.terms[1:]
	return t
}

// stringTerm returns a term for s, shared when s is common.
func (b *inputBuilder) stringTerm(s string) *ast.Term {
	if len(s) <= maxCommonLen {
		if t, ok := commonTerms[s]; ok {
			return t
		}
	}
	return b.newTerm(ast.String(s))
}

// elemSlice returns a slice of n array elements with no spare capacity,
// so that appending to it never writes into a neighbour.
func (b *inputBuilder) elemSlice(n int) []*ast.Term {
	if n > elemBlock/4 {
		return make([]*ast.Term, n)
	}
	if len(b.elems) < n {
		b.elems = make([]*ast.Term, elemBlock)
	}
	s := b.elems[:n:n]
	b.elems = b.elems[n:]
	return s
}

// object builds an object term from b.pairs[start:] and drops them.
func (b *inputBuilder) object(start int) *ast.Term {
	t := b.newTerm(ast.NewObject(b.pairs[start:]...))
	b.pairs = b.pairs[:start]
	return t
}

func (b *inputBuilder) term(v any) *ast.Term {
	switch x := v.(type) {
	case nil:
		return ast.InternedNullTerm
	case bool:
		return ast.InternedTerm(x)
	case int:
		return ast.IntNumberTerm(x)
	case string:
		return b.stringTerm(x)
	case *loader.Node:
		return b.node(x)
	case loader.Path:
		terms := b.elemSlice(len(x))
		for i, e := range x {
			terms[i] = b.term(e)
		}
		return b.newTerm(ast.NewArray(terms...))
	case []any:
		terms := b.elemSlice(len(x))
		for i, e := range x {
			terms[i] = b.term(e)
		}
		return b.newTerm(ast.NewArray(terms...))
	case map[string]any:
		start := len(b.pairs)
		for k, e := range x {
			// Convert the value first: it uses the scratch space too.
			val := b.term(e)
			b.pairs = append(b.pairs, [2]*ast.Term{b.stringTerm(k), val})
		}
		return b.object(start)
	}
	panic("engine: unsupported input value type") // a loader bug; recovered per file
}

func (b *inputBuilder) node(n *loader.Node) *ast.Term {
	switch n.Kind {
	case loader.KindNull:
		return ast.InternedNullTerm
	case loader.KindBool:
		return ast.InternedTerm(n.Bool)
	case loader.KindNumber:
		if t := ast.InternedIntNumberTermFromString(n.Str); t != nil {
			return t // a small integer, whose text is its number's
		}
		if _, err := strconv.ParseFloat(n.Str, 64); err != nil {
			return b.stringTerm(n.Str)
		}
		return b.newTerm(ast.Number(n.Str))
	case loader.KindString:
		return b.stringTerm(n.Str)
	case loader.KindUnknown:
		start := len(b.pairs)
		b.pairs = append(b.pairs,
			[2]*ast.Term{b.stringTerm("$unknown"), b.stringTerm(n.Str)},
			[2]*ast.Term{b.stringTerm("reason"), b.stringTerm(n.Reason)})
		if n.Tag != "" {
			b.pairs = append(b.pairs, [2]*ast.Term{b.stringTerm("tag"), b.stringTerm(n.Tag)})
		}
		return b.object(start)
	case loader.KindList, loader.KindMap:
		// built below, once per node
	}
	if t, ok := b.done[n]; ok {
		return t
	}
	var t *ast.Term
	switch n.Kind {
	case loader.KindList:
		terms := b.elemSlice(len(n.Items))
		for i, item := range n.Items {
			terms[i] = b.node(item)
		}
		t = b.newTerm(ast.NewArray(terms...))
	case loader.KindMap:
		start := len(b.pairs)
		for i := range n.Entries {
			e := &n.Entries[i]
			val := b.node(e.Value)
			b.pairs = append(b.pairs, [2]*ast.Term{b.stringTerm(e.Key), val})
		}
		t = b.object(start)
	default:
		panic("engine: unsupported node kind") // a loader bug; recovered per file
	}
	b.done[n] = t
	return t
}
