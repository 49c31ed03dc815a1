// Expression evaluation with expr-lang/expr, as Argo CD notifications evaluate trigger
// conditions; compiled programs are cached.
package main

import (
	"runtime/debug"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

var programs = map[string]*vm.Program{}

func evalExpr(req request) result {
	prog, ok := programs[req.Expression]
	if !ok {
		p, err := expr.Compile(req.Expression)
		if err != nil {
			return result{Error: err.Error(), Phase: "parse"}
		}
		if len(programs) >= maxCachedTemplates {
			programs = map[string]*vm.Program{}
		}
		programs[req.Expression], prog = p, p
	}
	env := map[string]any{}
	for k, v := range req.Env {
		env[k] = v
	}
	if req.Funcs == "notifications" {
		for k, v := range helpers() {
			env[k] = v
		}
	}
	v, err := expr.Run(prog, env)
	if err != nil {
		return result{Error: err.Error(), Phase: "execute"}
	}
	return result{Value: v}
}

// helpers are the `time` and `strings` namespaces that Argo CD notifications give both
// trigger expressions and templates.
func helpers() map[string]any {
	return map[string]any{
		"time": map[string]any{
			"Now": time.Now,
			"Parse": func(s string) time.Time {
				t, err := time.Parse(time.RFC3339, s)
				if err != nil {
					panic(err)
				}
				return t
			},
		},
		"strings": map[string]any{
			"ReplaceAll": strings.ReplaceAll,
			"ToUpper":    strings.ToUpper,
			"ToLower":    strings.ToLower,
		},
	}
}

func withHelpers(data any) any {
	m, ok := data.(map[string]any)
	if !ok {
		return data
	}
	out := make(map[string]any, len(m)+2)
	for k, v := range helpers() {
		out[k] = v
	}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// versions names the module versions compiled in, read from the build info.
func versions() map[string]string {
	out := map[string]string{}
	if info, ok := debug.ReadBuildInfo(); ok {
		out["go"] = info.GoVersion
		for _, d := range info.Deps {
			out[d.Path] = d.Version
		}
	}
	return out
}
