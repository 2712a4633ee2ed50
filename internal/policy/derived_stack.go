package policy

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// stackDerived gives, from the run's facts, where a service's resources
// land: each capacity provider's CloudFormation logical ID and the deploy
// region's partition. Rules would otherwise work them out on every
// document, the way data.milint.lib.stack.logical_id and
// data.milint.lib.regions.partition still do for any other name or
// region. See docs/input.md, "Logical IDs and partition".
type stackDerived struct {
	// logicalIDSuffix is facts.capacity_provider_config.logicalIdSuffix;
	// without it (hasSuffix false) no logical ID is given.
	logicalIDSuffix string
	hasSuffix       bool
	// prefixes are facts.regions.partitions, one entry per prefix.
	prefixes []partitionPrefix
}

type partitionPrefix struct {
	prefix, partition string
	// length is the prefix's length in characters, which ranks a match.
	length int
}

// newStackDerived reads the facts the fields need; what they lack, or
// have in another shape, is left out as the Rego helpers leave it out.
func newStackDerived(facts map[string]any) stackDerived {
	var s stackDerived
	config, _ := facts["capacity_provider_config"].(map[string]any)
	s.logicalIDSuffix, s.hasSuffix = config["logicalIdSuffix"].(string)
	regions, _ := facts["regions"].(map[string]any)
	partitions, _ := regions["partitions"].(map[string]any)
	for name, v := range partitions {
		list, _ := v.([]any)
		for _, p := range list {
			if prefix, ok := p.(string); ok {
				lower := strings.ToLower(prefix)
				s.prefixes = append(s.prefixes, partitionPrefix{prefix: lower, partition: name, length: len([]rune(prefix))})
			}
		}
	}
	return s
}

// addTo adds logicalId to each capacity provider of a document's input
// (not its base's: derived.addTo calls it for each), and partition to its
// region when the region is a known, non-empty string.
func (s stackDerived) addTo(root ast.Object) {
	if cps, ok := valueAt(root, "capacityProviders").(ast.Object); ok && s.hasSuffix {
		cps.Foreach(func(k, cp *ast.Term) {
			name, ok := k.Value.(ast.String)
			obj, isObj := cp.Value.(ast.Object)
			if ok && isObj {
				obj.Insert(ast.InternedTerm("logicalId"), ast.StringTerm(logicalID(string(name), s.logicalIDSuffix)))
			}
		})
	}
	if region, ok := valueAt(root, "region").(ast.Object); ok {
		if value, ok := valueAt(region, "value").(ast.String); ok && value != "" {
			region.Insert(ast.InternedTerm("partition"), ast.StringTerm(s.partition(string(value))))
		}
	}
}

// logicalID is the capacity provider's CloudFormation logical ID, as the
// framework names it: "-" written as "Dash", "_" as "Underscore", the
// first character upper-cased, the suffix appended.
func logicalID(name, suffix string) string {
	spelled := []rune(strings.ReplaceAll(strings.ReplaceAll(name, "-", "Dash"), "_", "Underscore"))
	if len(spelled) == 0 {
		return suffix
	}
	return strings.ToUpper(string(spelled[:1])) + string(spelled[1:]) + suffix
}

// partition names the region's partition: the one with the longest
// listed prefix of the lower-cased region (on equal length, the greatest
// name), else the commercial partition, aws.
func (s stackDerived) partition(region string) string {
	r := strings.ToLower(region)
	best, bestLength := "", -1
	for _, p := range s.prefixes {
		if !strings.HasPrefix(r, p.prefix) {
			continue
		}
		if p.length > bestLength || (p.length == bestLength && p.partition > best) {
			best, bestLength = p.partition, p.length
		}
	}
	if bestLength < 0 {
		return "aws"
	}
	return best
}
