package milint.lib.values_test

import data.milint.lib.values

# Ajv coerceTypes "array", type integer.
test_as_integer_coerces if {
	values.as_integer(100) == 100
	values.as_integer("100") == 100
	values.as_integer(" 100\n") == 100
	values.as_integer("+5") == 5
	values.as_integer("1e3") == 1000
	values.as_integer("12.0") == 12
	values.as_integer("0x800") == 2048
	values.as_integer("0o17") == 15
	values.as_integer("0b101") == 5
	values.as_integer("  ") == 0
	values.as_integer(true) == 1
	values.as_integer(false) == 0
	values.as_integer(["8"]) == 8
	values.as_integer([null]) == 0
}

test_as_integer_leaves_non_integers if {
	not values.as_integer(12.5)
	not values.as_integer("12.5")
	not values.as_integer("abc")
	not values.as_integer("")
	not values.as_integer("1_000")
	not values.as_integer("-0x10")
	not values.as_integer("0o8")
	not values.as_integer("Infinity")
	not values.as_integer("1e400")
	not values.as_integer(null)
	not values.as_integer([1, 2])
	not values.as_integer([[1]])
	not values.as_integer({"Ref": "X"})
	not values.as_integer({"$unknown": "${ssm:/x}", "reason": "deploy time"})
}

test_as_number_takes_fractions if {
	values.as_number("12.5") == 12.5
	values.as_number(".5") == 0.5
	values.as_number(["3.5"]) == 3.5
	values.as_number(true) == 1
	not values.as_number("abc")
}

test_as_boolean if {
	values.as_boolean(true) == true
	values.as_boolean("true") == true
	values.as_boolean(1) == true
	values.as_boolean(false) == false
	values.as_boolean("false") == false
	values.as_boolean(0) == false
	values.as_boolean(["false"]) == false
	values.as_boolean([null]) == false
	not values.as_boolean("yes")
	not values.as_boolean("False")
	not values.as_boolean(2)
	not values.as_boolean("")
	not values.as_boolean([])
}

test_as_list_wraps_scalars if {
	values.as_list("subnet-0a1") == ["subnet-0a1"]
	values.as_list(5) == [5]
	values.as_list(true) == [true]
	values.as_list(["a", "b"]) == ["a", "b"]
	not values.as_list(null)
	not values.as_list({"Fn::Split": [",", "a,b"]})
}

test_deployed_number if {
	values.deployed_number("2048") == 2048
	values.deployed_number(2048.5) == 2048.5
	not values.deployed_number("2048.5")
	not values.deployed_number("abc")
}

test_item_path if {
	values.item_path(["a"], ["k"], 0) == ["k", 0]
	values.item_path("a", ["k"], 0) == ["k"]
}

# A number coerced from text is written as JSON writes it.
test_number_text_of_coerced_numbers if {
	values.number_text(2048) == "2048"
	values.number_text(1.5) == "1.5"
	values.number_text(values.as_integer("+5")) == "5"
	values.number_text(values.as_integer("5.")) == "5"
	values.number_text(values.as_integer("1e1")) == "10"
	values.number_text(values.as_number(" 0x10 ")) == "16"
}
