# METADATA
# description: |
#   Builds findings, so that every rule, built-in or custom, reports in one
#   shape: the rule ID from the rule's METADATA, the path of the offending
#   value in input.config, a message, and optionally related locations and
#   a level other than the rule's default.
package milint.lib.result

# fail is a finding of the rule whose METADATA heads chain (pass
# rego.metadata.chain()), at path, an array of keys and indexes into
# input.config.
fail(chain, path, message) := {
	"rule": _rule_id(chain),
	"path": path,
	"message": message,
}

# with_related adds a related location, such as the place an inherited value
# is written.
with_related(finding, path, message) := object.union(finding, {"related": array.concat(
	object.get(finding, "related", []),
	[{"path": path, "message": message}],
)})

# with_level reports the finding at another level than the rule's default.
with_level(finding, level) := object.union(finding, {"level": level})

_rule_id(chain) := id if {
	some link in chain
	id := link.annotations.custom.id
}

# with_fix offers a remedy with finding: replace the key (part "key") or
# the scalar value (part "value") written at path with text, or remove the
# entry at path from its block mapping (part "entry", text ""). safe says the
# result is certainly what the author meant and changes nothing else (a
# misspelt key, a value in the wrong letter case); a remedy that changes
# behaviour or cost is not safe. mi-lint offers the fix only where the text
# at path is the value's own, never through a variable, alias or merge.
with_fix(finding, path, part, text, safe) := object.union(finding, {"fix": {
	"path": path,
	"part": part,
	"text": text,
	"safe": safe,
}})
