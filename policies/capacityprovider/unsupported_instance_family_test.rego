package milint.rules.capacityprovider["unsupported-instance-family_test"]

import data.milint.rules.capacityprovider["unsupported-instance-family"] as rule

_path := ["provider", "capacityProviders", "pool"]

_allowed(types) := {"capacityProviders": {"pool": {
	"name": "pool",
	"path": _path,
	"config": {"instanceRequirements": {"allowedInstanceTypes": types}},
}}}

test_burstable if {
	findings := rule.report with input as _allowed(["m7i.large", "t3.large"])
	findings == {{
		"rule": "MI011",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", 1]),
		"message": "instance type \"t3.large\" is of the burstable (T) family; Lambda Managed Instances run on current-generation C (xlarge and up), M and R (large and up) instances, such as c7i.xlarge, m7i.large or r7i.large",
	}}
}

test_other_families if {
	types := ["t4g.xlarge", "g5.xlarge", "p5.48xlarge", "inf2.xlarge", "trn1.2xlarge", "dl1.24xlarge", "i4i.large", "d3.xlarge", "h1.2xlarge", "x2gd.large", "u-6tb1.metal", "z1d.large", "mac2.metal", "im4gn.large", "q9.large"]
	count(rule.report) == count(types) with input as _allowed(types)
}

test_previous_generation if {
	some finding in rule.report with input as _allowed(["m4.large"])
	finding.message == "instance type \"m4.large\" is of a previous generation (4): Lambda Managed Instances run on the general purpose (M) family from generation 5; use a current type such as m7i.large"
}

test_size_boundaries if {
	count(rule.report) == 0 with input as _allowed(["c7i.xlarge", "m7g.large", "r8g.large", "c8g.metal-24xl", "m7i.48xlarge", "r7i.metal"])
	findings := rule.report with input as _allowed(["c7g.large"])
	findings == {{
		"rule": "MI011",
		"path": array.concat(_path, ["instanceRequirements", "allowedInstanceTypes", 0]),
		"message": "instance type \"c7g.large\" is smaller than xlarge, the smallest compute optimized (C) size Lambda Managed Instances run on; use c7g.xlarge or larger",
	}}
	count(rule.report) == 1 with input as _allowed(["m7g.medium"])
}

test_current_variants_pass if {
	types := ["c6i.xlarge", "c7i.xlarge", "c7a.xlarge", "c7gn.xlarge", "c6id.xlarge", "c6in.xlarge", "m6i.large", "m7a.large", "m6gd.large", "m5.large", "r6i.large", "r7iz.large", "r8g.large", "r7gd.large", "m7i-flex.large"]
	count(rule.report) == 0 with input as _allowed(types)
}

test_unlisted_variant if {
	count(rule.report) == 1 with input as _allowed(["m7i-huge.large"])
}

test_upper_case_judged_as_lower if {
	count(rule.report) == 1 with input as _allowed(["T3.LARGE"])
	count(rule.report) == 0 with input as _allowed(["M7I.LARGE"])
}

test_skipped_items if {
	# Wildcards, invalid names and unknown values are other rules' business;
	# excluded types may be of any family.
	count(rule.report) == 0 with input as _allowed(["t3.*", "t3 large", {"Ref": "T"}, {"$unknown": "${ssm:/t}", "reason": "deploy time"}])
	count(rule.report) == 0 with input as {"capacityProviders": {"pool": {
		"name": "pool",
		"path": _path,
		"config": {"instanceRequirements": {"excludedInstanceTypes": ["t3.large"]}},
	}}}
}

# A single type is wrapped into a one-item list by the framework's schema:
# judged at the key.
test_single_type if {
	findings := rule.report with input as _allowed("t3.large")
	some f in findings
	f.path == array.concat(_path, ["instanceRequirements", "allowedInstanceTypes"])
	startswith(f.message, "instance type \"t3.large\" is of the burstable (T) family")
	count(rule.report) == 0 with input as _allowed("m7i.large")
}
