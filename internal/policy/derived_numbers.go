package policy

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
)

// addNumbers gives each function's memorySize, and a timeout it gains
// here, the number the framework deploys: `number`, beside `value`, as
// data.milint.lib.values.deployed_number gives it. The rules that judge
// these numbers read it instead of coercing the value for every function
// of every document. See docs/input.md, "Numbers as the framework
// deploys them".
func addNumbers(input ast.Value) {
	root, ok := input.(ast.Object)
	if !ok {
		return
	}
	fns, ok := valueAt(root, "functions").(ast.Object)
	if !ok {
		return
	}
	var providerTimeout *ast.Term
	if config, ok := valueAt(root, "config").(ast.Object); ok {
		if provider, ok := valueAt(config, "provider").(ast.Object); ok {
			providerTimeout = written(provider, "timeout")
		}
	}
	fns.Foreach(func(_, fn *ast.Term) {
		obj, ok := fn.Value.(ast.Object)
		if !ok {
			return
		}
		if mem, ok := valueAt(obj, "memorySize").(ast.Object); ok {
			if n, ok := deployedNumber(valueAt(mem, "value")); ok {
				mem.Insert(ast.InternedTerm("number"), ast.NewTerm(n))
			}
		}
		obj.Insert(ast.InternedTerm("timeout"), effectiveTimeout(obj, providerTimeout))
	})
}

// effectiveTimeout is the function's timeout, else provider.timeout, as
// an effective value with its number; a value and path of null when
// neither is written (null counts as not written).
func effectiveTimeout(fn ast.Object, providerTimeout *ast.Term) *ast.Term {
	value, path, inherited := ast.InternedNullTerm, ast.InternedNullTerm, false
	config, _ := valueAt(fn, "config").(ast.Object)
	fnPath, _ := valueAt(fn, "path").(*ast.Array)
	if own := written(config, "timeout"); own != nil && fnPath != nil {
		steps := make([]*ast.Term, 0, fnPath.Len()+1)
		fnPath.Foreach(func(step *ast.Term) { steps = append(steps, step) })
		value, path = own, ast.ArrayTerm(append(steps, ast.InternedTerm("timeout"))...)
	} else if own == nil && providerTimeout != nil {
		value, path, inherited = providerTimeout, ast.ArrayTerm(ast.InternedTerm("provider"), ast.InternedTerm("timeout")), true
	}
	pairs := [][2]*ast.Term{
		{ast.InternedTerm("value"), value},
		{ast.InternedTerm("path"), path},
		{ast.InternedTerm("inherited"), ast.InternedTerm(inherited)},
	}
	if n, ok := deployedNumber(value.Value); ok {
		pairs = append(pairs, [2]*ast.Term{ast.InternedTerm("number"), ast.NewTerm(n)})
	}
	return ast.ObjectTerm(pairs...)
}

// written is obj[key] unless it is absent or null.
func written(obj ast.Object, key string) *ast.Term {
	if obj == nil {
		return nil
	}
	t := obj.Get(ast.InternedTerm(key))
	if t == nil || t.Value.Compare(ast.InternedNullValue) == 0 {
		return nil
	}
	return t
}

// The functions below are data.milint.lib.values' coercions, and give the
// same numbers, written the same way (TestNumbersMatchValuesRego checks
// them against the Rego on a table of values).

// deployedNumber is values.deployed_number: the coerced whole number,
// else a number as it is.
func deployedNumber(v ast.Value) (ast.Number, bool) {
	if n, ok := asInteger(v); ok {
		return n, true
	}
	n, ok := v.(ast.Number)
	return n, ok
}

// asInteger is values.as_integer.
func asInteger(v ast.Value) (ast.Number, bool) {
	if n, ok := v.(ast.Number); ok && isInteger(n) {
		return n, true
	}
	if n, ok := scalarNumber(v); ok && isInteger(n) {
		return n, true
	}
	if a, ok := v.(*ast.Array); ok && a.Len() == 1 {
		item := a.Elem(0).Value
		if _, null := item.(ast.Null); null {
			return ast.Number("0"), true
		}
		if n, ok := scalarNumber(item); ok && isInteger(n) {
			return n, true
		}
	}
	return "", false
}

// scalarNumber is values._scalar_number.
func scalarNumber(v ast.Value) (ast.Number, bool) {
	switch x := v.(type) {
	case ast.Number:
		return x, true
	case ast.Boolean:
		if x {
			return ast.Number("1"), true
		}
		return ast.Number("0"), true
	case ast.String:
		if x == "" {
			return "", false
		}
		return jsNumber(string(x))
	}
	return "", false
}

// isInteger is values.integer, Rego's round(n) == n.
func isInteger(n ast.Number) bool {
	var rounded ast.Number
	if i, ok := n.Int64(); ok && -1<<31 <= i && i <= 1<<31-1 {
		rounded = ast.Number(strconv.FormatInt(i, 10))
	} else {
		f := builtins.NumberToFloat(n)
		var i *big.Int
		if f.Signbit() {
			i, _ = new(big.Float).Sub(f, big.NewFloat(0.5)).Int(nil)
		} else {
			i, _ = new(big.Float).Add(f, big.NewFloat(0.5)).Int(nil)
		}
		rounded = builtins.FloatToNumber(new(big.Float).SetInt(i))
	}
	return ast.NewTerm(rounded).Equal(ast.NewTerm(n))
}

var (
	jsDecimal = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,2})?$`)
	jsRadix   = regexp.MustCompile(`^0([xXoObB])([0-9a-fA-F]{1,12})$`)
)

// jsNumber is values._js_number: JavaScript's Number() on a string, when
// finite and of a sane size.
func jsNumber(s string) (ast.Number, bool) {
	t := strings.TrimFunc(s, jsSpace)
	switch {
	case t == "":
		return ast.Number("0"), true
	case utf8.RuneCountInString(t) <= 30 && jsDecimal.MatchString(t):
		// As Rego's to_number writes the number.
		if it := ast.InternedIntNumberTermFromString(t); it != nil {
			n, ok := it.Value.(ast.Number)
			return n, ok
		}
		if _, err := strconv.ParseFloat(t, 64); err != nil {
			return "", false
		}
		n, err := ast.NumberChecked(t)
		return n, err == nil
	}
	m := jsRadix.FindStringSubmatch(t)
	if m == nil {
		return "", false
	}
	base := map[string]int{"x": 16, "o": 8, "b": 2}[strings.ToLower(m[1])]
	n, err := strconv.ParseInt(m[2], base, 64)
	if err != nil {
		return "", false
	}
	return ast.Number(strconv.FormatInt(n, 10)), true
}

// jsSpace is what JavaScript's Number() trims: white space and line
// terminators.
func jsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\ufeff', '\u2028', '\u2029':
		return true
	}
	return unicode.Is(unicode.Zs, r)
}
