# METADATA
# description: |
#   Judging values as the catalogue says: a value still holding a variable,
#   or a CloudFormation intrinsic, is unknown, and unknown is not wrong.
package milint.lib.values

# unknown holds for a value the loader could not resolve (${ssm:...},
# ${opt:x} with no value, an unknown YAML tag).
unknown(x) if is_string(x["$unknown"])

# intrinsic holds for a CloudFormation intrinsic function object.
intrinsic(x) if {
	is_object(x)
	count(x) == 1
	some key, _ in x
	_intrinsic_key(key)
}

_intrinsic_key(key) if startswith(key, "Fn::")

_intrinsic_key("Ref")

_intrinsic_key("Condition")

# known holds for a value that is neither unknown nor an intrinsic. Rules
# call it on most values they judge: one negation is cheaper than two.
known(x) if not _opaque(x)

# _opaque is unknown(x) or intrinsic(x).
_opaque(x) if is_string(x["$unknown"])

_opaque(x) if intrinsic(x)

# integer holds for a whole number.
integer(x) if {
	is_number(x)
	round(x) == x
}

# nonempty holds for a list with items, or an intrinsic standing for one.
nonempty(x) if {
	is_array(x)
	count(x) > 0
}

nonempty(x) if intrinsic(x)

# missing holds where a list is absent, null or empty; an unknown or an
# intrinsic value counts as present.
missing(obj, key) if not obj[key]

# One membership test rather than a definition for each empty value.
missing(obj, key) if obj[key] in {null, [], ""}

# describe renders a value for a message: strings quoted, the rest as JSON.
describe(x) := sprintf("%q", [x]) if is_string(x)

describe(x) := json.marshal(x) if not is_string(x)

# type_text names a value's type for a message (not type_name, which
# would shadow OPA's built-in of that name).
type_text(x) := "a string" if is_string(x)

type_text(x) := "a number" if is_number(x)

type_text(x) := "a boolean" if is_boolean(x)

type_text(x) := "null" if is_null(x)

type_text(x) := "a list" if is_array(x)

type_text(x) := "a mapping" if is_object(x)

# number_text renders a number for a message as JSON does: 2048, 1.5.
# Adding 0 writes a number coerced from text ("+5", "5.", "1e1") in JSON's
# form (5, 5, 10), which json.marshal requires.
number_text(n) := json.marshal(n + 0)

# inherited_text is " (from <where>)" for an effective setting
# {value, path, inherited} taken from where (such as provider.runtime),
# else "".
inherited_text(setting, where) := sprintf(" (from %s)", [where]) if setting.inherited

else := ""

# Type coercion. The Serverless Framework validates the configuration with
# Ajv `coerceTypes: "array"`, which converts values in place before the
# CloudFormation template is compiled: where the schema says `type:
# integer` the string "100" becomes 100 and deploys. Only a `type` keyword
# coerces: a setting with only an `enum` (memoryPerVCpu, architecture,
# runtime) keeps a quoted "4" as a string. Rules judge the coerced value
# and show the value as written. A key whose value is null is taken out
# before validation, so null is never coerced at the top level.

# as_integer is the whole number Ajv makes of x for `type: integer`:
# x itself, a numeric string ("100", " 100 ", "1e3", "0x800"), a boolean
# (1 or 0), or the one item of a one-item list. Undefined where Ajv leaves
# a value that is not a whole number (12.5, "12.5", "abc", "").
as_integer(x) := x if {
	integer(x) # the usual case, settled first
} else := n if {
	n := _scalar_number(x)
	integer(n)
} else := n if {
	is_array(x)
	count(x) == 1
	n := _item_number(x[0])
	integer(n)
}

# as_number is the number Ajv makes of x for `type: number`, as
# as_integer but fractions pass ("12.5" becomes 12.5).
as_number(x) := _scalar_number(x)

as_number(x) := n if {
	is_array(x)
	count(x) == 1
	n := _item_number(x[0])
}

# as_boolean is the boolean Ajv makes of x for `type: boolean`: x itself,
# "true" or 1 (true), "false" or 0 (false), or the one item of a one-item
# list. Undefined for anything else ("yes", "False", 2).
as_boolean(x) := _scalar_boolean(x)

as_boolean(x) := b if {
	is_array(x)
	count(x) == 1
	b := _item_boolean(x[0])
}

# as_list is the list Ajv makes of x for `type: array`: x itself, or a
# single string, number or boolean wrapped into a one-item list
# (`subnetIds: subnet-0a1` deploys as [subnet-0a1]). Undefined for a
# mapping (an intrinsic or an unknown value included) or null. The usual
# list is settled by the first test.
as_list(x) := x if {
	is_array(x)
} else := [x] if {
	_scalar(x)
}

# deployed_number is the number the framework deploys for a setting typed
# `integer`: the coerced whole number, else a number Ajv leaves as it is
# (a fraction such as 12.5 fails validation, which only warns by default,
# and is deployed as written). Undefined for anything that is no number.
deployed_number(x) := n if {
	n := as_integer(x)
} else := x if is_number(x)

# item_path is where the i-th item of a list-typed setting at path is
# written: at its index in a written list; at the key itself for a single
# value that the framework wraps into a one-item list.
item_path(x, path, i) := array.concat(path, [i]) if {
	is_array(x)
} else := path

_scalar(x) if is_string(x)

_scalar(x) if is_number(x)

_scalar(x) if is_boolean(x)

_scalar_number(x) := x if is_number(x)

_scalar_number(true) := 1

_scalar_number(false) := 0

# Ajv coerces a non-empty string that JavaScript's Number() reads.
_scalar_number(x) := _js_number(x) if {
	is_string(x)
	x != ""
}

# Inside a one-item list a null is coerced too (0 / false).
_item_number(x) := _scalar_number(x) if not is_null(x)

_item_number(null) := 0

_item_boolean(null) := false

_item_boolean(x) := _scalar_boolean(x) if not is_null(x)

_scalar_boolean(x) := x if is_boolean(x)

_scalar_boolean("true") := true

_scalar_boolean("false") := false

_scalar_boolean(1) := true

_scalar_boolean(0) := false

# _js_number is what JavaScript's Number() gives for a string, when it is a
# finite number of a sane size: surrounding white space is ignored, an
# empty or blank string is 0; decimal with optional sign, fraction and
# exponent; 0x / 0o / 0b literals without a sign. Undefined for NaN, for
# Infinity, and for literals too long to matter (more than 30 characters,
# or an exponent beyond 99), which no range accepts anyway.
_js_number(s) := n if {
	t := _js_trim(s)
	t == ""
	n := 0
}

_js_number(s) := n if {
	t := _js_trim(s)
	count(t) <= 30
	regex.match(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,2})?$`, t)
	n := to_number(t)
}

_js_number(s) := n if {
	t := _js_trim(s)
	parts := regex.find_all_string_submatch_n(`^0([xXoObB])([0-9a-fA-F]{1,12})$`, t, 1)
	count(parts) == 1
	shift := _radix_bits[lower(parts[0][1])]
	digits := split(lower(parts[0][2]), "")
	every d in digits {
		_hex_digits[d] < bits.lsh(1, shift)
	}
	n := sum([bits.lsh(_hex_digits[d], shift * ((count(digits) - 1) - i)) | some i, d in digits])
}

_js_trim(s) := regex.replace(s, `^[\t\n\v\f\r \x{00A0}\x{FEFF}\x{2028}\x{2029}\p{Zs}]+|[\t\n\v\f\r \x{00A0}\x{FEFF}\x{2028}\x{2029}\p{Zs}]+$`, "")

_radix_bits := {"x": 4, "o": 3, "b": 1}

_hex_digits := {
	"0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7,
	"8": 8, "9": 9, "a": 10, "b": 11, "c": 12, "d": 13, "e": 14, "f": 15,
}
