package policy

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
)

// instanceTypeLists are the instanceRequirements keys that hold instance
// types.
var instanceTypeLists = []*ast.Term{ast.StringTerm("allowedInstanceTypes"), ast.StringTerm("excludedInstanceTypes")}

// The terms every document's items use, made once.
var (
	instanceTypesTerm        = ast.StringTerm("instanceTypes")
	instanceRequirementsTerm = ast.StringTerm("instanceRequirements")
	itemValueTerm            = ast.StringTerm("value")
	itemPathTerm             = ast.StringTerm("path")
	// notANameFields are the fields of an item that is not a string.
	notANameFields = [][2]*ast.Term{
		ast.Item(ast.StringTerm("valid"), ast.InternedTerm(false)),
		ast.Item(ast.StringTerm("wildcard"), ast.InternedTerm(false)),
	}
)

// The shapes of an instance type name, as the rules judged them in Rego:
// the API's family.size pattern, a `*` wildcard, the family's leading
// letters, its class, generation, attributes and variant, and a Graviton
// family (a g right after the generation digits).
var (
	validNamePattern   = regexp.MustCompile(`^[A-Za-z0-9-]+\.[A-Za-z0-9-]+$`)
	wildcardPattern    = regexp.MustCompile(`^[A-Za-z0-9.*-]+$`)
	classPattern       = regexp.MustCompile(`^[a-z]+`)
	familyPartsPattern = regexp.MustCompile(`^([a-z]+)([0-9]+)([a-z]*)(-([a-z0-9]+))?$`)
	gravitonPattern    = regexp.MustCompile(`^[a-z]+[0-9]+g`)
)

// maxCachedInstanceTypes bounds the readings kept for the run: a file
// cannot make the run keep more, however many names it invents.
const maxCachedInstanceTypes = 4096

// instanceTypeReader reads instance type names by the run's facts
// (facts.instance_types.lists.maxNameLength and .graviton.arm64Families),
// each distinct name once per run.
type instanceTypeReader struct {
	// maxNameLength is the longest name the API accepts; without the
	// fact, no name is valid, as the rules found with it undefined.
	maxNameLength    float64
	hasMaxNameLength bool
	arm64Families    map[string]bool

	readings sync.Map // string -> [][2]*ast.Term: a name's fields
	cached   atomic.Int64
}

func newInstanceTypeReader(facts map[string]any) *instanceTypeReader {
	types, _ := facts["instance_types"].(map[string]any)
	lists, _ := types["lists"].(map[string]any)
	graviton, _ := types["graviton"].(map[string]any)
	r := &instanceTypeReader{arm64Families: map[string]bool{}}
	if v, err := ast.InterfaceToValue(lists["maxNameLength"]); err == nil {
		if n, ok := v.(ast.Number); ok {
			r.maxNameLength, r.hasMaxNameLength = n.Float64()
		}
	}
	families, _ := graviton["arm64Families"].([]any)
	for _, f := range families {
		if s, ok := f.(string); ok {
			r.arm64Families[s] = true
		}
	}
	return r
}

// addTo gives capacity provider cp its instanceTypes: for each list key
// whose value is a list, or a single string, number or boolean that the
// framework wraps into one, the items read.
func (r *instanceTypeReader) addTo(cp ast.Object) {
	lists := ast.NewObject()
	cpPath, _ := valueAt(cp, "path").(*ast.Array)
	config, _ := valueAt(cp, "config").(ast.Object)
	var requirements ast.Object
	if config != nil {
		requirements, _ = valueAt(config, "instanceRequirements").(ast.Object)
	}
	if cpPath != nil && requirements != nil {
		for _, key := range instanceTypeLists {
			if items := r.items(requirements, cpPath, key); items != nil {
				lists.Insert(key, items)
			}
		}
	}
	cp.Insert(instanceTypesTerm, ast.NewTerm(lists))
}

// items reads the items of list key, each with its value and the path
// where it is written; nil when the key holds no list or single value.
func (r *instanceTypeReader) items(requirements ast.Object, cpPath *ast.Array, key *ast.Term) *ast.Term {
	written := requirements.Get(key)
	if written == nil {
		return nil
	}
	// Each path is a new array: Append would share, and could write into,
	// the backing store of the provider's path.
	path := func(steps ...*ast.Term) *ast.Term {
		terms := make([]*ast.Term, 0, cpPath.Len()+len(steps)+2)
		cpPath.Foreach(func(t *ast.Term) { terms = append(terms, t) })
		terms = append(terms, instanceRequirementsTerm, key)
		return ast.ArrayTerm(append(terms, steps...)...)
	}
	switch v := written.Value.(type) {
	case *ast.Array:
		items := make([]*ast.Term, v.Len())
		for i := range v.Len() {
			items[i] = r.item(v.Elem(i), path(ast.InternedTerm(i)))
		}
		return ast.ArrayTerm(items...)
	case ast.String, ast.Number, ast.Boolean:
		// A single value is the list's one item, written at the key.
		return ast.ArrayTerm(r.item(written, path()))
	}
	return nil
}

func (r *instanceTypeReader) item(value, path *ast.Term) *ast.Term {
	fields := notANameFields
	if name, ok := value.Value.(ast.String); ok {
		fields = r.read(string(name))
	}
	pairs := make([][2]*ast.Term, 0, 2+len(fields))
	pairs = append(pairs, ast.Item(itemValueTerm, value), ast.Item(itemPathTerm, path))
	return ast.ObjectTerm(append(pairs, fields...)...)
}

// read returns the fields a name reads as, from the cache when the run
// has read it before.
func (r *instanceTypeReader) read(name string) [][2]*ast.Term {
	if cached, ok := r.readings.Load(name); ok {
		if fields, ok := cached.([][2]*ast.Term); ok {
			return fields
		}
	}
	fields := r.fields(name)
	if r.cached.Add(1) <= maxCachedInstanceTypes {
		r.readings.Store(name, fields)
	}
	return fields
}

// fields reads a name: valid (family.size as the API accepts it, which
// names one type: no `*`), wildcard, and for a valid name its lower-cased
// family and size, its architecture, the class when the family starts
// with letters, and generation, attributes and variant when it reads as
// class, digits, letters and an optional -variant.
func (r *instanceTypeReader) fields(name string) [][2]*ast.Term {
	shortEnough := r.hasMaxNameLength && float64(utf8.RuneCountInString(name)) <= r.maxNameLength
	valid := shortEnough && validNamePattern.MatchString(name)
	wildcard := shortEnough && strings.Contains(name, "*") && wildcardPattern.MatchString(name)
	fields := [][2]*ast.Term{
		ast.Item(ast.InternedTerm("valid"), ast.InternedTerm(valid)),
		ast.Item(ast.InternedTerm("wildcard"), ast.InternedTerm(wildcard)),
	}
	if !valid {
		return fields
	}
	family, size, _ := strings.Cut(strings.ToLower(name), ".")
	architecture := "x86_64"
	if gravitonPattern.MatchString(family) || r.arm64Families[family] {
		architecture = "arm64"
	}
	fields = append(fields,
		ast.Item(ast.InternedTerm("family"), ast.StringTerm(family)),
		ast.Item(ast.InternedTerm("size"), ast.StringTerm(size)),
		ast.Item(ast.InternedTerm("architecture"), ast.InternedTerm(architecture)))
	if class := classPattern.FindString(family); class != "" {
		fields = append(fields, ast.Item(ast.InternedTerm("class"), ast.StringTerm(class)))
	}
	if m := familyPartsPattern.FindStringSubmatch(family); m != nil {
		fields = append(fields,
			ast.Item(ast.InternedTerm("generation"), generationTerm(m[2])),
			ast.Item(ast.InternedTerm("attributes"), ast.StringTerm(m[3])),
			ast.Item(ast.InternedTerm("variant"), ast.StringTerm(m[5])))
	}
	return fields
}

// generationTerm is the number a string of digits is, as to_number makes
// it.
func generationTerm(digits string) *ast.Term {
	if t := ast.InternedIntNumberTermFromString(digits); t != nil {
		return t
	}
	return ast.NewTerm(ast.Number(digits))
}

// instanceTypeFieldFacts are the facts an instanceTypes item's fields are
// read by, so that a rule reading them lists their sources.
var instanceTypeFieldFacts = map[string][]string{
	"valid":        {"instance_types.lists.maxNameLength"},
	"wildcard":     {"instance_types.lists.maxNameLength"},
	"architecture": {"instance_types.graviton.arm64Families"},
}

// instanceTypeFacts returns the facts that the references of a rule
// package read through instanceTypes: none unless one of them reads the
// field, else those of the item fields any of them names.
func instanceTypeFacts(refs []ast.Ref) []string {
	readsField := false
	var facts []string
	for _, ref := range refs {
		for _, t := range ref[1:] {
			if s, ok := t.Value.(ast.String); ok {
				readsField = readsField || s == "instanceTypes"
				facts = append(facts, instanceTypeFieldFacts[string(s)]...)
			}
		}
	}
	if !readsField {
		return nil
	}
	return facts
}
