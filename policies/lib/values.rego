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

# known holds for a value that is neither unknown nor an intrinsic.
known(x) if {
	not unknown(x)
	not intrinsic(x)
}

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

missing(obj, key) if obj[key] == null

missing(obj, key) if obj[key] == []

missing(obj, key) if obj[key] == ""

# describe renders a value for a message: strings quoted, the rest as JSON.
describe(x) := sprintf("%q", [x]) if is_string(x)

describe(x) := json.marshal(x) if not is_string(x)

# type_name names a value's type for a message.
type_name(x) := "a string" if is_string(x)

type_name(x) := "a number" if is_number(x)

type_name(x) := "a boolean" if is_boolean(x)

type_name(x) := "null" if is_null(x)

type_name(x) := "a list" if is_array(x)

type_name(x) := "a mapping" if is_object(x)
