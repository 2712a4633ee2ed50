// Package policies holds mi-lint's built-in rules as Rego, with the shared
// helpers and data they use, embedded into the binary as one bundle.
package policies

import "embed"

// FS holds every Rego module and data file of the bundle. Modules whose
// name ends in _test.rego are tests, run by the test suite, not by a lint.
//
// Data files in facts/ hold the facts that change over time (limits,
// runtimes, regions, instance families); facts/NAME.json is loaded at
// data.milint.facts.NAME.
//
//go:embed lib/*.rego main.rego facts/*.json capacityprovider/*.rego directives/*.rego function/*.rego service/*.rego
var FS embed.FS

// FactsDir is the directory of the data files.
const FactsDir = "facts"
