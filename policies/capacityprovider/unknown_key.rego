# METADATA
# title: unknown-key
# description: |
#   The Serverless Framework's schema lists every key a capacity provider
#   takes (`permissions`, `vpc`, `instanceRequirements`, `scaling`,
#   `kmsKeyArn`, and the keys inside each of those and inside every scaling
#   policy), and every key of a function's `capacityProvider` object (`name`,
#   `maxConcurrency`, `memoryPerVCpu`, `scaling` with `min` and `max`). Any
#   other key is reported, whatever its value, null included, with the
#   nearest known key as a suggestion. (`ipv6AllowedForDualStack` in a
#   capacity provider's `vpc` is left to vpc-limits, MI015.)
#
#   Why it matters: a misspelt or misplaced key such as `maxVcpuCount` is
#   not the setting it looks like. The framework's schema validation flags
#   it (an error or only a warning, as `configValidationMode` says), and the
#   compiler reads only the keys it knows: the setting is never applied,
#   and under a function's `capacityProvider` it is dropped without a word.
#
#   Fix: correct the spelling or the nesting of the key, or remove it.
# related_resources:
#   - ref: https://github.com/mi-lint/mi-lint/blob/main/docs/rules/MI017.md
# custom:
#   id: MI017
#   level: warning
#   fix: safe
#   summary: A key the framework does not know under a capacity provider or a function's capacityProvider.
#   example: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool:
#           scaling:
#             maxVcpuCount: 64
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
#   fixed: |
#     service: shop
#     provider:
#       name: aws
#       runtime: nodejs22.x
#       versionFunctions: false
#       vpc:
#         subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
#         securityGroupIds: [sg-0a1]
#       capacityProviders:
#         pool:
#           scaling:
#             maxVCpuCount: 64
#     functions:
#       api:
#         handler: src/api.handler
#         capacityProvider: pool
package milint.rules.capacityprovider["unknown-key"]

import data.milint.facts
import data.milint.lib.result
import data.milint.lib.textdist

# Keys under a declared capacity provider, at every level the schema closes.
report contains finding if {
	some cp in input.capacityProviders
	some [rel, key] in cp.unknownKeys # usually none: looked at first
	cp.declared
	not _left_to_vpc_limits(rel, key)
	level := _provider_levels[_place(rel)]
	node := object.get(cp.config, rel, {})
	path := array.concat(cp.path, array.concat(rel, [key]))
	finding := _with_fix(
		result.fail(
			_chain,
			path,
			sprintf("`%s` is not a capacity provider setting; %s", [key, _hint(key, level, facts.schema.capacityProvider, "the capacity provider")]),
		),
		path, key, level, facts.schema.capacityProvider, node,
	)
}

# Keys under a function's capacityProvider object: the compiler reads only
# the keys it knows and drops the rest without a word.
report contains finding if {
	some name in input.functionsWithUnknownKeys
	fn := input.functions[name]
	fn.capacityProvider.form == "object"
	some [rel, key] in fn.capacityProvider.unknownKeys
	level := _function_levels[_place(rel)]
	node := object.get(fn.config.capacityProvider, rel, {})
	path := array.concat(fn.capacityProvider.path, array.concat(rel, [key]))
	finding := _with_fix(
		result.fail(
			_chain,
			path,
			sprintf("`%s` is not a function capacityProvider setting, and the framework drops it silently; %s", [key, _hint(key, level, facts.schema.functionCapacityProvider, "`capacityProvider`")]),
		),
		path, key, level, facts.schema.functionCapacityProvider, node,
	)
}

# _with_fix offers to rename the key when the author's intent is certain:
# the same key in another letter case, else a single nearest key at the
# same level, and the mapping does not already have that key. A misplaced
# key (known at another level) is not renamed: it has to move.
# The chain names this rule's METADATA; a rule of its own, so that a body
# evaluates it only when it reports.
_chain := rego.metadata.chain()

_with_fix(finding, path, key, level, levels, node) := result.with_fix(finding, path, "key", known, true) if {
	known := _fix_key(key, level, levels)
	not known in object.keys(node)
} else := finding

_fix_key(key, level, levels) := known if {
	known := _same_case(key, level.keys)
} else := known if {
	not _level_of(key, level, levels)
	scores := {[score, known] |
		some known in level.keys
		score := _closeness(lower(key), lower(known))
	}
	best := min(scores)
	count({s | some s in scores; s[0] == best[0]}) == 1
	known := best[1]
}

# The input's unknownKeys (docs/input.md), derived once per run from
# facts.schema, name each unknown key by the place of its mapping; the schema's levels, keyed by place, give the keys
# that mapping takes.
_provider_levels := _index(facts.schema.capacityProvider)

_function_levels := _index(facts.schema.functionCapacityProvider)

_index(levels) := {_schema_place(level.path): level | some level in levels}

# A place inside a block, and a level's path in the schema, spelled alike:
# a list index, which the schema writes "*", becomes null (a key written
# "*" stays a string, and matches no list level).
_place(rel) := [_index_step(step) | some step in rel]

_index_step(step) := null if is_number(step)

else := step

_schema_place(path) := [_schema_step(step) | some step in path]

_schema_step("*") := null

_schema_step(step) := step if step != "*"

# vpc-limits (MI015) reports ipv6AllowedForDualStack inside a capacity
# provider's own vpc: the framework's capacity provider VPC schema lacks it,
# though a function's VPC takes it.
_left_to_vpc_limits(["vpc"], "ipv6AllowedForDualStack")

# _hint suggests the known key the author most likely meant: the same key in
# another letter case, then the same key at another level (misplaced), then
# the nearest key at the same level, then the nearest at another level; with
# nothing close, it lists the keys the level takes.
_hint(key, level, levels, root) := sprintf("did you mean `%s`?", [known]) if {
	known := _same_case(key, level.keys)
} else := sprintf("it belongs %s", [_where(other.path, root)]) if {
	other := _level_of(key, level, levels)
} else := sprintf("did you mean `%s`?", [known]) if {
	known := _nearest(key, level.keys)
} else := sprintf("did you mean `%s` %s?", [best[2], _where(best[1], root)]) if {
	candidates := {[score, other.path, known] |
		some other in levels
		other.path != level.path
		some known in other.keys
		score := _closeness(lower(key), lower(known))
	}
	count(candidates) > 0
	best := min(candidates)
} else := sprintf("the settings here are %s", [concat(", ", [sprintf("`%s`", [k]) | some k in level.keys])])

_same_case(key, keys) := known if {
	some known in keys
	lower(known) == lower(key)
}

# _level_of picks, for a misplaced key, the first other level that lists it.
_level_of(key, level, levels) := [other |
	some other in levels
	other.path != level.path
	_same_case(key, other.keys)
][0]

_where([], root) := sprintf("directly under %s", [root])

_where(path, _) := sprintf("under `%s`", [concat(".", [_show(step) | some step in path])]) if count(path) > 0

_show("*") := "[]"

_show(step) := step if step != "*"

# _nearest is the known key closest to key, ties broken alphabetically.
_nearest(key, keys) := best[1] if {
	candidates := {[score, known] |
		some known in keys
		score := _closeness(lower(key), lower(known))
	}
	count(candidates) > 0
	best := min(candidates)
}

# _closeness scores how near a written key is to a known one (lower is
# nearer): the edit distance when it is small for the known key's length,
# else 10 plus the length difference when one starts or ends with the other
# (`memory` for `memoryPerVCpu`, `instanceTypes` for
# `allowedInstanceTypes`); undefined when they are not close.
_closeness(a, b) := d if {
	d := textdist.distance(a, b, _max_edits(b))
} else := 10 + abs(count(a) - count(b)) if {
	_affix(a, b)
}

_max_edits(b) := min([4, max([1, floor(count(b) / 3)])])

_affix(a, b) if _affix_of(a, b)

_affix(a, b) if _affix_of(b, a)

# _affix_of holds when short begins or ends long and is long enough to mean
# something.
_affix_of(short, long) if {
	count(short) >= 3
	startswith(long, short)
}

_affix_of(short, long) if {
	count(short) >= 4
	endswith(long, short)
}
