// Command gotemplate-wasm exposes Go's text/template with sprig, and expr-lang/expr, to the
// Driftless TypeScript code as a WebAssembly (wasip1 reactor) module. Requests and answers are
// JSON in a shared buffer: the host writes a request into the buffer from inputBuffer(n), calls
// call(n), then reads call's result length of bytes at outputPointer().
package main

import (
	"encoding/json"
	"unsafe"
)

var (
	input  []byte
	output []byte
)

func main() {}

//go:wasmexport inputBuffer
func inputBuffer(n uint32) unsafe.Pointer {
	if uint32(cap(input)) < n {
		input = make([]byte, n)
	}
	input = input[:n]
	if n == 0 {
		return nil
	}
	return unsafe.Pointer(&input[0])
}

//go:wasmexport outputPointer
func outputPointer() unsafe.Pointer {
	if len(output) == 0 {
		return nil
	}
	return unsafe.Pointer(&output[0])
}

//go:wasmexport call
func call(n uint32) uint32 {
	output = handle(input[:n])
	return uint32(len(output))
}

type request struct {
	Op         string         `json:"op"`
	Templates  []string       `json:"templates"`
	Data       any            `json:"data"`
	Options    []string       `json:"options"`
	Funcs      string         `json:"funcs"`
	Expression string         `json:"expression"`
	Env        map[string]any `json:"env"`
}

type result struct {
	Value any    `json:"value,omitempty"`
	Error string `json:"error,omitempty"`
	Phase string `json:"phase,omitempty"`
}

type response struct {
	Results []result `json:"results,omitempty"`
	Error   string   `json:"error,omitempty"`
}

func handle(in []byte) (out []byte) {
	defer func() {
		if r := recover(); r != nil {
			out = mustJSON(response{Error: "internal error in the template engine: " + toString(r)})
		}
	}()
	var req request
	if err := json.Unmarshal(in, &req); err != nil {
		return mustJSON(response{Error: "bad request: " + err.Error()})
	}
	switch req.Op {
	case "template":
		return mustJSON(response{Results: renderAll(req)})
	case "expr":
		return mustJSON(response{Results: []result{evalExpr(req)}})
	case "version":
		return mustJSON(response{Results: []result{{Value: versions()}}})
	default:
		return mustJSON(response{Error: "unknown op " + req.Op})
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(response{Error: "cannot encode the answer: " + err.Error()})
	}
	return b
}
