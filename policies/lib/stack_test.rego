package milint.lib.stack_test

import data.milint.lib.stack

test_logical_id if {
	stack.logical_id("pool") == "PoolLambdaCapacityProvider"
	stack.logical_id("my-pool") == "MyDashpoolLambdaCapacityProvider"
	stack.logical_id("batch_pool") == "BatchUnderscorepoolLambdaCapacityProvider"
	stack.logical_id("-x") == "DashxLambdaCapacityProvider"
	stack.logical_id("my_pool-a") == "MyUnderscorepoolDashaLambdaCapacityProvider"
}

test_logical_id_suffix_from_facts if {
	stack.logical_id("pool") == "PoolCP" with data.milint.facts.capacity_provider_config.logicalIdSuffix as "CP"
}

test_same_stack if {
	stack.same_stack with input as {"service": "s", "stage": "dev", "base": {"service": "s", "stage": "dev"}}
	not stack.same_stack with input as {"service": "s", "stage": "prod", "base": {"service": "s", "stage": "dev"}}
	not stack.same_stack with input as {"service": "t", "stage": "dev", "base": {"service": "s", "stage": "dev"}}
	not stack.same_stack with input as {"service": "s", "stage": "dev", "base": null}
}
