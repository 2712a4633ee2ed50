package loader

import (
	"maps"
	"strings"
)

// ComposeService is one service a serverless-compose file lists.
//
// The Serverless Framework (v4) passes each service the compose file's
// parameters as ${param:...} values: the compose file's own stage params
// (params.default, params.<stage>, stages.default.params,
// stages.<stage>.params, later ones winning) with the service's
// services.<name>.params over them.
type ComposeService struct {
	// Name is the service's key under services.
	Name string
	// Path is services.<name>.path as written: the service's directory,
	// relative to the compose file's directory. Empty when Problem is set.
	Path string
	// Config is services.<name>.config, a configuration file name relative
	// to the service's directory, when the file is not the default
	// serverless.yml; empty otherwise.
	Config string
	// Range is where the service's key is written.
	Range Range
	// Problem says why the service cannot be linted (it has no usable
	// path); empty otherwise.
	Problem string

	params paramLayer
	shared *composeShared
}

// paramLayer maps a parameter to its value, as written (an unknown node
// where the value cannot be known statically).
type paramLayer map[string]*Node

// composeShared are the compose file's own params, by stage name.
type composeShared struct {
	params map[string]paramLayer // params.<stage>
	stages map[string]paramLayer // stages.<stage>.params
}

// ParamsFor returns the ${param:...} values the framework would pass the
// service when deploying stage, with their types and positions; a value
// that is not known statically (see paramValue) is an unknown node. It
// returns nil when there are none.
func (s ComposeService) ParamsFor(stage string) map[string]*Node {
	merged := paramLayer{}
	if sh := s.shared; sh != nil {
		for _, layer := range []paramLayer{sh.params["default"], sh.params[stage], sh.stages["default"], sh.stages[stage]} {
			maps.Copy(merged, layer)
		}
	}
	// A service's own param wins, even an unknown one, as at deploy time.
	maps.Copy(merged, s.params)
	if len(merged) == 0 {
		return nil
	}
	return merged
}

// composeProblem is the message of a compose file that lists no services.
const composeProblem = "a serverless-compose file needs a services mapping (services.<name>.path)"

// ParseCompose reads a serverless-compose.yml (or .yaml or .json) file and
// returns the services it lists, in the order written. The error, if any,
// is an *Error: the file does not parse or has no services mapping. A
// service that cannot be used is returned with its Problem set.
func ParseCompose(name string, src []byte) ([]ComposeService, error) {
	root, err := parseNode(name, src, DefaultLimits)
	if err != nil {
		return nil, err
	}
	if root.Kind != KindMap || root.IsIntrinsic() {
		return nil, &Error{File: name, Line: root.Range.Line, Col: root.Range.Col, Msg: composeProblem}
	}
	servicesEntry := root.entry("services")
	if servicesEntry == nil {
		return nil, &Error{File: name, Line: root.Range.Line, Col: root.Range.Col, Msg: composeProblem}
	}
	services := servicesEntry.Value
	if services.Kind != KindMap || services.IsIntrinsic() {
		return nil, &Error{File: name, Line: servicesEntry.KeyRange.Line, Col: servicesEntry.KeyRange.Col, Msg: composeProblem}
	}

	shared := &composeShared{params: map[string]paramLayer{}, stages: map[string]paramLayer{}}
	if params := root.Get("params"); params != nil && params.Kind == KindMap {
		for _, e := range params.Entries {
			shared.params[e.Key] = paramsOf(e.Value)
		}
	}
	if stages := root.Get("stages"); stages != nil && stages.Kind == KindMap {
		for _, e := range stages.Entries {
			shared.stages[e.Key] = paramsOf(e.Value.Get("params"))
		}
	}

	out := make([]ComposeService, 0, len(services.Entries))
	for _, e := range services.Entries {
		svc := ComposeService{Name: e.Key, Range: e.KeyRange, shared: shared}
		def := e.Value
		switch p := def.Get("path"); {
		case def.Kind != KindMap || def.IsIntrinsic():
			svc.Problem = "its definition is not a mapping with a path"
		case p == nil || p.Kind == KindNull:
			svc.Problem = "it has no path"
		case p.Kind != KindString || p.Str == "":
			svc.Problem = "its path is not a directory name"
		case strings.Contains(p.Str, "${"):
			svc.Problem = "its path " + p.Str + " is known only at deploy time"
		default:
			svc.Path = p.Str
		}
		if svc.Problem == "" {
			if c, ok := def.Get("config").String(); ok && !strings.Contains(c, "${") {
				svc.Config = c
			}
			// The framework rejects params that are not a mapping; the
			// service is still linted, without them.
			svc.params = paramsOf(def.Get("params"))
		}
		out = append(out, svc)
	}
	return out, nil
}

// paramsOf reads a mapping of parameters; anything else has none.
func paramsOf(n *Node) paramLayer {
	if n == nil || n.Kind != KindMap || n.IsIntrinsic() {
		return nil
	}
	out := make(paramLayer, len(n.Entries))
	for _, e := range n.Entries {
		if v := paramValue(e.Value); v != nil {
			out[e.Key] = v
		}
	}
	return out
}

// paramValue is a parameter's value as ${param:...} yields it: the value
// as written, except that a variable is unknown — a ${service.output}
// reference is the output of another service's deployed stack, and other
// variables are resolved by the framework against the compose file, which
// mi-lint does not resolve. A null value sets nothing.
func paramValue(n *Node) *Node {
	switch {
	case n.Kind == KindNull:
		return nil
	case n.Kind == KindString && strings.Contains(n.Str, "${"):
		return &Node{Kind: KindUnknown, Str: n.Str, Reason: "the compose parameter " + n.Str + " is known only at deploy time", Range: n.Range}
	}
	return n
}
