// Package benchcorpus builds synthetic serverless.yml files for the Go
// benchmarks, in the shape of ../shared/bench/gen_corpus.py (which bench/run.sh
// uses for the whole-program runs): a provider with a VPC, capacity
// providers, functions with events and variables, IAM statements and a
// resources block with CloudFormation short-form tags. About a third of the
// services carry seeded mistakes so that rules report findings.
//
// It lives in its own package so the loader, engine and report benchmarks
// share one generator without depending on Python or on files outside the
// repository.
package benchcorpus

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

var (
	runtimes = []string{"nodejs22.x", "nodejs24.x", "python3.13", "java21", "dotnet8", "provided.al2023"}
	arm      = []string{"m7g.large", "m7g.xlarge", "c7g.xlarge", "r7g.large", "r7g.xlarge", "c8g.2xlarge"}
	x86      = []string{"m7i.large", "c7i.xlarge", "r7i.large", "m7a.xlarge", "c6i.2xlarge"}
	cpNames  = []string{"highMem", "general", "compute", "cost-optimized", "batch_pool"}
	mistakes = []string{"no-vpc", "both-types", "vcpu-range", "min-zero", "versionFunctions", "bad-arch"}
)

// Sizes are the function counts of the small, medium and large files the
// benchmarks use: medium is the corpus's 12.
var Sizes = []struct {
	Name      string
	Functions int
}{{"small", 1}, {"medium", 12}, {"large", 100}}

// Service returns service number i with nfn functions; the same seed and i
// always give the same bytes.
func Service(seed uint64, i, nfn int) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	m := map[string]bool{}
	if r.Float64() < 0.35 {
		for range 1 + r.IntN(2) {
			m[pick(mistakes)] = true
		}
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }

	w("service: svc-%05d", i)
	w("frameworkVersion: '4'")
	w("")
	arch := "x86_64"
	if r.IntN(2) == 0 {
		arch = "arm64"
	}
	w("provider:")
	w("  name: aws")
	w("  runtime: %s", pick(runtimes))
	w("  architecture: %s", arch)
	w("  region: ${opt:region, 'us-east-1'}")
	w("  stage: ${opt:stage, 'dev'}")
	w("  memorySize: 2048")
	w("  timeout: 30")
	w("  logRetentionInDays: 14")
	if !m["no-vpc"] {
		w("  vpc:")
		w("    subnetIds:")
		for range 2 + r.IntN(2) {
			w("      - subnet-%08x", r.Uint32())
		}
		w("    securityGroupIds:")
		w("      - sg-%08x", r.Uint32())
	}
	switch {
	case m["versionFunctions"]:
		w("  versionFunctions: true")
	case r.IntN(2) == 0:
		w("  versionFunctions: false")
	}
	w("  environment:")
	w("    TABLE_NAME: ${self:custom.tableName}")
	w("    STAGE: ${self:provider.stage}")
	w("    LOG_LEVEL: ${env:LOG_LEVEL, 'info'}")
	w("  iam:")
	w("    role:")
	w("      statements:")
	w("        - Effect: Allow")
	w("          Action:")
	w("            - dynamodb:GetItem")
	w("            - dynamodb:PutItem")
	w("            - dynamodb:Query")
	w("          Resource:")
	w("            - !GetAtt ItemsTable.Arn")
	w("            - !Sub '${ItemsTable.Arn}/index/*'")
	w("  capacityProviders:")
	var names []string
	for k := range 1 + r.IntN(3) {
		name := pick(cpNames)
		if k > 0 {
			name += strconv.Itoa(k)
		}
		names = append(names, name)
		w("    %s:", name)
		types := arm
		if (arch == "arm64") == (m["bad-arch"] && k == 0) {
			types = x86
		}
		w("      instanceRequirements:")
		w("        allowedInstanceTypes:")
		first := r.IntN(len(types))
		w("          - %s", types[first])
		w("          - %s", types[(first+1+r.IntN(len(types)-1))%len(types)])
		if m["both-types"] && k == 0 {
			w("        excludedInstanceTypes:")
			w("          - t3.small")
		}
		w("        architectures:")
		w("          - %s", arch)
		mode := "auto"
		if r.Float64() < 0.4 {
			mode = "manual"
		}
		vcpu := []int{12, 64, 100, 200, 400, 2000}[r.IntN(6)]
		if m["vcpu-range"] && k == 0 {
			vcpu = []int{4, 16000}[r.IntN(2)]
		}
		w("      scaling:")
		w("        mode: %s", mode)
		w("        maxVCpuCount: %d", vcpu)
		if mode == "manual" {
			w("        policies:")
			w("          - predefinedMetricType: LambdaCapacityProviderAverageCPUUtilization")
			w("            targetValue: %d", []int{50, 60, 70}[r.IntN(3)])
		}
		if r.Float64() < 0.3 {
			w("      permissions:")
			w("        operatorRole: arn:aws:iam::123456789012:role/op-%d-%d", i, k)
		}
	}
	w("")
	w("custom:")
	w("  tableName: items-${self:provider.stage}")
	w("  queueName: work-${self:provider.stage}")
	w("")
	w("functions:")
	for j := range nfn {
		fn := fmt.Sprintf("fn%d", j)
		w("  %s:", fn)
		w("    handler: src/handlers/%s.handler", fn)
		switch use := r.Float64(); {
		case use < 0.35:
			w("    capacityProvider: %s", pick(names))
		case use < 0.75:
			ratio := []int{2, 4, 8}[r.IntN(3)]
			mn, mx := []int{1, 3, 5}[r.IntN(3)], []int{10, 20, 50}[r.IntN(3)]
			if m["min-zero"] && j == 0 {
				mn, mx = 0, 5
			}
			w("    capacityProvider:")
			w("      name: %s", pick(names))
			w("      maxConcurrency: %d", []int{8, 16, 32, 64, 100}[r.IntN(5)])
			w("      memoryPerVCpu: %d", ratio)
			w("      scaling:")
			w("        min: %d", mn)
			w("        max: %d", mx)
			w("    memorySize: %d", ratio*1024*[]int{1, 2, 4}[r.IntN(3)])
		}
		w("    events:")
		w("      - httpApi:")
		w("          path: /%s/{id}", fn)
		w("          method: %s", []string{"get", "post", "put", "delete"}[r.IntN(4)])
		if r.Float64() < 0.3 {
			w("      - sqs:")
			w("          arn: !GetAtt WorkQueue.Arn")
			w("          batchSize: 10")
		}
		w("    environment:")
		w("      FUNCTION_ROLE: %s-${self:provider.stage}", fn)
	}
	b.WriteString(`
resources:
  Resources:
    ItemsTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: ${self:custom.tableName}
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - AttributeName: pk
            AttributeType: S
        KeySchema:
          - AttributeName: pk
            KeyType: HASH
    WorkQueue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: ${self:custom.queueName}
  Outputs:
    ItemsTableArn:
      Value: !GetAtt ItemsTable.Arn
      Export:
        Name: !Join ['-', [!Ref 'AWS::StackName', items]]
`)
	return []byte(b.String())
}
