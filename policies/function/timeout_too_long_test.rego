package milint.rules.function["timeout-too-long_test"]

import data.milint.lib.values
import data.milint.rules.function["timeout-too-long"] as rule

_fn(config, managed, provider) := {
	"config": {"provider": provider},
	"functions": {"api": {
		"name": "api",
		"path": ["functions", "api"],
		"config": config,
		"managed": managed,
		"capacityProvider": {"path": ["functions", "api", "capacityProvider"], "form": "string", "target": "default", "provider": "default"},
		"timeout": _timeout(config, provider),
	}},
}

# The effective timeout, with the number the input gives it.
_timeout(config, provider) := _numbered({"value": config.timeout, "path": ["functions", "api", "timeout"], "inherited": false}) if {
	config.timeout != null
} else := _numbered({"value": provider.timeout, "path": ["provider", "timeout"], "inherited": true}) if {
	provider.timeout != null
} else := {"value": null, "path": null, "inherited": false}

_numbered(setting) := object.union(setting, {"number": n}) if {
	n := values.deployed_number(setting.value)
} else := setting

_managed(config) := _fn(config, true, {})

_http := [{"http": "GET /"}]

test_above_900_warns if {
	findings := rule.report with input as _managed({"timeout": 901, "events": _http})
	findings == {{
		"rule": "MI112",
		"path": ["functions", "api", "timeout"],
		"message": "function \"api\" has timeout 901 s; the Lambda Managed Instances docs give a function a timeout of up to 900 s (the API's 5400 s is for other uses): set timeout to 900 or less",
	}}
}

test_at_900_passes if {
	count(rule.report) == 0 with input as _managed({"timeout": 900, "events": _http})
	count(rule.report) == 0 with input as _managed({"timeout": 900})
}

# Whatever invokes the function: asynchronous and event-source functions
# are reported alike.
test_asynchronous_and_no_events_warn_too if {
	some f in rule.report with input as _managed({"timeout": 5400, "events": [{"sqs": "arn"}, {"schedule": "rate(1 hour)"}]})
	not f.level
	count(rule.report) == 1 with input as _managed({"timeout": 3600, "url": false})
	count(rule.report) == 1 with input as _managed({"timeout": 3600})
}

test_above_5400_is_an_error if {
	findings := rule.report with input as _managed({"timeout": 5401})
	some f in findings
	f.level == "error"
	count(findings) == 1
	count(rule.report) == 1 with input as _managed({"timeout": 5401, "events": _http})
}

test_inherited_from_provider if {
	findings := rule.report with input as _fn({"events": _http}, true, {"timeout": 1200})
	some f in findings
	f.path == ["provider", "timeout"]
	f.related == [{"path": ["functions", "api", "capacityProvider"], "message": "function \"api\" inherits provider.timeout here"}]
	count(rule.report) == 0 with input as _fn({"events": _http, "timeout": 30}, true, {"timeout": 1200})
}

test_unknown_and_plain_pass if {
	count(rule.report) == 0 with input as _managed({"timeout": {"$unknown": "${ssm:/t}", "reason": "deploy time"}, "events": _http})
	count(rule.report) == 0 with input as _fn({"timeout": 6000, "events": _http}, false, {})
}

# The framework's schema coerces a quoted whole number (type integer); the
# message shows the value as written.
test_quoted_timeout_is_coerced if {
	findings := rule.report with input as _managed({"timeout": "6000"})
	some f in findings
	f.path == ["functions", "api", "timeout"]
	f.message == `function "api" has timeout "6000" s; a managed-instance function may run at most 5400 s: set timeout to 900 or less`
	count(rule.report) == 1 with input as _managed({"timeout": "901"})
	count(rule.report) == 0 with input as _managed({"timeout": "900"})
}

test_text_timeout_passes if {
	count(rule.report) == 0 with input as _managed({"timeout": "forever"})
}
