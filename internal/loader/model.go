package loader

import "strings"

// InputVersion is the version of the input document, a public contract for
// rules, built-in and custom: it changes whenever a field changes meaning
// or goes away.
const InputVersion = "1"

// Defaults the framework and AWS apply when a setting is absent.
const (
	defaultStage              = "dev"
	defaultRegion             = "us-east-1"
	defaultArchitecture       = "x86_64"
	defaultManagedMemorySize  = 2048
	defaultFunctionMemorySize = 1024
	defaultMemoryPerVCpu      = 2
	defaultProviderName       = "default"
)

// effective is one effective setting: its value and where it is written
// (a nil path for a default), and whether it was inherited from provider.
func effective(value any, path Path, inherited bool) map[string]any {
	var p any
	if path != nil {
		p = path
	}
	return map[string]any{"value": value, "path": p, "inherited": inherited}
}

// pick returns the first of the written settings, else the default.
func pick(def any, candidates ...setting) map[string]any {
	for i, c := range candidates {
		if c.node != nil && c.node.Kind != KindNull {
			return effective(c.node, c.parent.Append(c.key), i > 0)
		}
	}
	return effective(def, nil, false)
}

// setting is a setting that may be written: its node (nil when absent)
// and where it would be, parentPath.key, a path made only when picked.
type setting struct {
	node   *Node
	parent Path
	key    string
}

func at(parent *Node, parentPath Path, key string) setting {
	return setting{node: parent.Get(key), parent: parentPath, key: key}
}

// providerPath is the path of the provider block; paths are never
// modified, and Append copies.
var providerPath = Path{"provider"}

// buildModel computes the effective view of the resolved configuration that
// rules judge (see the catalogue's "How rules judge values").
func buildModel(cfg *Node, opts Options) map[string]any {
	provider := asMap(cfg.Get("provider"))
	cps := asMap(provider.Get("capacityProviders"))
	cpsPath := providerPath.Append("capacityProviders")

	functions, refs := buildFunctions(cfg, provider, cps)
	providers := make(map[string]any, len(cps.Entries))
	for i, e := range cps.Entries {
		cp := buildCapacityProvider(e.Key, e.Value, cpsPath.Append(e.Key), true, provider, refs[e.Key])
		cp["index"] = i
		providers[e.Key] = cp
	}
	if _, declared := providers[defaultProviderName]; !declared && len(refs[defaultProviderName]) > 0 {
		cp := buildCapacityProvider(defaultProviderName, nil, nil, false, provider, refs[defaultProviderName])
		cp["index"] = nil
		providers[defaultProviderName] = cp
	}

	return map[string]any{
		"version":           InputVersion,
		"service":           serviceName(cfg.Get("service")),
		"stage":             stageOf(provider, opts),
		"region":            regionOf(provider, opts),
		"config":            cfg,
		"capacityProviders": providers,
		"functions":         functions,
	}
}

var emptyMap = &Node{Kind: KindMap}

// asMap returns n when it is a mapping, else an empty one, so that a
// malformed section reads as absent.
func asMap(n *Node) *Node {
	if n == nil || n.Kind != KindMap || n.IsIntrinsic() {
		return emptyMap
	}
	return n
}

func serviceName(n *Node) any {
	if n != nil && n.Kind == KindMap && !n.IsIntrinsic() {
		n = n.Get("name") // the framework's old object form
	}
	if n == nil {
		return nil
	}
	return n
}

func stageOf(provider *Node, opts Options) string {
	if opts.Stage != "" {
		return opts.Stage
	}
	if s, ok := provider.Get("stage").String(); ok && s != "" {
		return s
	}
	return defaultStage
}

func regionOf(provider *Node, opts Options) map[string]any {
	if opts.Region != "" {
		return map[string]any{"value": opts.Region, "path": nil, "source": "flag"}
	}
	if r := provider.Get("region"); r != nil && r.Kind != KindNull {
		return map[string]any{"value": r, "path": Path{"provider", "region"}, "source": "file"}
	}
	return map[string]any{"value": defaultRegion, "path": nil, "source": "default"}
}

// reference is a function's use of a capacity provider.
type reference struct {
	function string
	path     Path
}

// functionEntries lists functions in file order; the framework also takes
// a list of mappings.
func functionEntries(n *Node) []Entry {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case KindMap:
		if n.IsIntrinsic() {
			return nil
		}
		return n.Entries
	case KindList:
		var out []Entry
		for _, item := range n.Items {
			if item.Kind == KindMap && !item.IsIntrinsic() {
				out = append(out, item.Entries...)
			}
		}
		return out
	default:
		return nil
	}
}

func buildFunctions(cfg, provider, cps *Node) (map[string]any, map[string][]reference) {
	fns := cfg.Get("functions")
	entries := functionEntries(fns)
	functions := make(map[string]any, len(entries))
	refs := map[string][]reference{}
	for i, e := range entries {
		fnPath := Path{"functions", e.Key}
		if fns.Kind == KindList {
			fnPath = functionListPath(fns, i)
		}
		fn := asMap(e.Value)
		cpNode := fn.Get("capacityProvider")
		cpPath := fnPath.Append("capacityProvider") // the reference's own "path"
		cp := buildCapacityProviderRef(cpNode, fnPath, cps)
		managed := cp != nil
		memDefault := defaultFunctionMemorySize
		if managed {
			memDefault = defaultManagedMemorySize
			if name, ok := cp["provider"].(string); ok {
				refs[name] = append(refs[name], reference{function: e.Key, path: cpPath})
			}
		}
		var cpRef any
		memoryPerVCpu := effective(defaultMemoryPerVCpu, nil, false)
		if cp != nil {
			cpRef = cp
			if obj := cpNode; obj != nil && obj.Kind == KindMap && !obj.IsIntrinsic() {
				memoryPerVCpu = pick(defaultMemoryPerVCpu, at(obj, cpPath, "memoryPerVCpu"))
			}
		}
		functions[e.Key] = map[string]any{
			"name":             e.Key,
			"path":             fnPath,
			"config":           fn,
			"managed":          managed,
			"capacityProvider": cpRef,
			"memorySize":       pick(memDefault, at(fn, fnPath, "memorySize"), at(provider, providerPath, "memorySize")),
			"runtime":          pick(nil, at(fn, fnPath, "runtime"), at(provider, providerPath, "runtime")),
			"architecture":     pick(defaultArchitecture, at(fn, fnPath, "architecture"), at(provider, providerPath, "architecture")),
			"versioned":        pick(true, at(fn, fnPath, "versionFunction"), at(provider, providerPath, "versionFunctions")),
			"memoryPerVCpu":    memoryPerVCpu,
		}
	}
	return functions, refs
}

// functionListPath finds the path of the i-th function when functions are
// given as a list of mappings.
func functionListPath(fns *Node, i int) Path {
	for idx, item := range fns.Items {
		if item.Kind != KindMap || item.IsIntrinsic() {
			continue
		}
		if i < len(item.Entries) {
			return Path{"functions", idx, item.Entries[i].Key}
		}
		i -= len(item.Entries)
	}
	return Path{"functions"}
}

// buildCapacityProviderRef classifies a function's capacityProvider value
// v, at fnPath.capacityProvider; nil when the function does not use one.
func buildCapacityProviderRef(v *Node, fnPath Path, cps *Node) map[string]any {
	if v == nil || v.Kind == KindNull {
		return nil
	}
	path := fnPath.Append("capacityProvider")
	out := map[string]any{"path": path, "form": "", "ref": nil, "refPath": nil, "target": "", "provider": nil}
	ref, refPath := v, path
	switch {
	case v.Kind == KindUnknown:
		out["form"] = "unknown"
	case v.IsIntrinsic():
		out["form"] = "intrinsic"
	case v.Kind == KindMap:
		out["form"] = "object"
		ref, refPath = v.Get("name"), path.Append("name")
	case v.Kind == KindString:
		out["form"] = "string"
	default:
		out["form"] = "invalid"
	}
	target := classifyTarget(ref, cps)
	out["target"] = target
	if ref != nil {
		out["ref"] = ref
		out["refPath"] = refPath
	}
	if target == "declared" || target == "default" {
		out["provider"] = ref.Str
	}
	return out
}

func classifyTarget(ref *Node, cps *Node) string {
	switch {
	case ref == nil || ref.Kind == KindNull || (ref.Kind == KindString && ref.Str == ""):
		return "missing"
	case ref.Kind == KindUnknown:
		return "unknown"
	case ref.IsIntrinsic():
		return "intrinsic"
	case ref.Kind != KindString:
		return "undeclared"
	case cps.entry(ref.Str) != nil:
		return "declared"
	case ref.Str == defaultProviderName:
		return "default"
	case strings.HasPrefix(ref.Str, "arn:"):
		return "arn"
	}
	return "undeclared"
}

func buildCapacityProvider(name string, cfg *Node, path Path, declared bool, provider *Node, refs []reference) map[string]any {
	empty := cfg == nil || cfg.Kind == KindNull
	block := asMap(cfg)
	var p any
	if path != nil {
		p = path
	}
	var configValue any = block
	if cfg != nil && !empty && cfg.Kind != KindMap {
		configValue = cfg // a variable or scalar where a mapping belongs
	}

	vpc := pick(nil, at(block, path, "vpc"), at(provider, providerPath, "vpc"))

	reqPath := path.Append("instanceRequirements")
	req := block.Get("instanceRequirements")
	archs := asMap(req).Get("architectures")
	var arch map[string]any
	switch {
	case cfg != nil && (cfg.Kind == KindUnknown || cfg.IsIntrinsic()):
		// The whole block is a variable: its vpc and architecture are unknown
		// too, not inherited.
		vpc = effective(cfg, path, false)
		arch = effective(cfg, path, false)
	case req != nil && (req.Kind == KindUnknown || req.IsIntrinsic()):
		arch = effective(req, reqPath, false)
	case archs != nil && archs.Kind == KindList && len(archs.Items) > 0:
		arch = effective(archs.Items[0], reqPath.Append("architectures", 0), false)
	case archs != nil && (archs.Kind == KindUnknown || archs.IsIntrinsic()):
		arch = effective(archs, reqPath.Append("architectures"), false)
	default:
		arch = pick(defaultArchitecture, setting{}, at(provider, providerPath, "architecture"))
	}

	fnNames := make([]any, 0, len(refs))
	refPaths := make([]any, 0, len(refs))
	for _, r := range refs {
		fnNames = append(fnNames, r.function)
		refPaths = append(refPaths, r.path)
	}
	return map[string]any{
		"name":         name,
		"declared":     declared,
		"empty":        declared && empty,
		"path":         p,
		"config":       configValue,
		"vpc":          vpc,
		"architecture": arch,
		"functions":    fnNames,
		"references":   refPaths,
	}
}
