// Package policies holds mi-lint's built-in rules as Rego, with the shared
// helpers and data they use, embedded into the binary as one bundle.
package policies

import "embed"

// FS holds the whole policies tree; readers pick files by suffix, so a new
// category directory needs no change here. Modules are the .rego files,
// those ending in _test.rego are tests, run by the test suite, not by a
// lint.
//
// Data files are laid out as OPA's loader reads a directory: the path of
// the directory holding a data.json is its place under data. So
// milint/facts/NAME/data.json holds the facts at data.milint.facts.NAME
// (limits, runtimes, regions, instance families: what changes over time),
// and milint/sources/data.json the evidence for each fact.
//
//go:embed *
var FS embed.FS

// FactsDir is the directory of the facts, one subdirectory per name.
const FactsDir = "milint/facts"

// SourcesFile maps each fact to the public sources that state it.
const SourcesFile = "milint/sources/data.json"

// DataFile is the name of a data file in a directory of the tree.
const DataFile = "data.json"
