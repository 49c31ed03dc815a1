// Template rendering: Go text/template with sprig and the function sets of Argo CD's
// ApplicationSet controller and notifications engine; parsed templates are cached.
package main

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"github.com/gosimple/slug"
	"sigs.k8s.io/yaml"
)

const maxCachedTemplates = 4096

var parsed = map[string]*template.Template{}

func funcMap(set string) template.FuncMap {
	f := sprig.TxtFuncMap()
	// As Argo CD does: templates never read the controller's environment.
	delete(f, "env")
	delete(f, "expandenv")
	if set == "appset" {
		f["normalize"] = sanitizeName
		f["slugify"] = slugify
		f["toYaml"] = toYAML
		f["fromYaml"] = fromYAML
		f["fromYamlArray"] = fromYAMLArray
	}
	return f
}

// bases hold one template per function set and options (Go keeps options in the namespace); each
// new template is created in its namespace with New, so it shares the function table that Funcs
// checked once (cloning or calling Funcs again costs hundreds of microseconds a template). All are
// named "" as in Argo CD, so error messages read the same. A template that defines others gets a
// fresh namespace, so its definitions never reach another template.
var bases = map[string]*template.Template{}

var definesTemplates = regexp.MustCompile(`{{-?\s*(define|block)\b`)

func newTemplate(set string, options []string, text string) *template.Template {
	if definesTemplates.MatchString(text) {
		return template.New("").Funcs(funcMap(set)).Option(options...)
	}
	key := set + "\x00" + strings.Join(options, ",")
	base, ok := bases[key]
	if !ok {
		base = template.New("").Funcs(funcMap(set)).Option(options...)
		bases[key] = base
	}
	return base.New("")
}

func renderAll(req request) []result {
	out := make([]result, len(req.Templates))
	data := req.Data
	if req.Funcs == "notifications" {
		data = withHelpers(data)
	}
	for i, text := range req.Templates {
		t, err := parse(text, req.Options, req.Funcs)
		if err != nil {
			out[i] = result{Error: err.Error(), Phase: "parse"}
			continue
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			out[i] = result{Error: err.Error(), Phase: "execute"}
			continue
		}
		out[i] = result{Value: buf.String()}
	}
	return out
}

func parse(text string, options []string, set string) (t *template.Template, err error) {
	key := set + "\x00" + strings.Join(options, ",") + "\x00" + text
	if t, ok := parsed[key]; ok {
		return t, nil
	}
	defer func() {
		// template.Option panics on an unknown option; report it as a parse error.
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("%v", r)
		}
	}()
	if t, err = newTemplate(set, options, text).Parse(text); err != nil {
		return nil, err
	}
	if len(parsed) >= maxCachedTemplates {
		parsed = map[string]*template.Template{}
		bases = map[string]*template.Template{}
	}
	parsed[key] = t
	return t, nil
}

var invalidDNSNameChars = regexp.MustCompile("[^-a-z0-9.]")

// sanitizeName is Argo CD's `normalize`: a valid DNS-1123 subdomain from any string.
func sanitizeName(name string) string {
	name = strings.ToLower(name)
	name = invalidDNSNameChars.ReplaceAllString(name, "-")
	if len(name) > 253 {
		name = name[:253]
	}
	return strings.Trim(name, "-.")
}

// slugify is Argo CD's: `slugify [maxLength [smartTruncate]] text`, by default 50 characters cut
// at a word boundary, through the same gosimple/slug package Argo CD uses.
func slugify(args ...any) (string, error) {
	maxLength, smart, text := 50, true, ""
	for i, arg := range args {
		var ok bool
		switch i {
		case len(args) - 1:
			text, ok = arg.(string)
		case 0:
			maxLength, ok = arg.(int)
		case 1:
			smart, ok = arg.(bool)
		}
		if !ok {
			return "", fmt.Errorf("slugify takes [maxLength int] [smartTruncate bool] text string, got %T as argument %d", arg, i+1)
		}
	}
	slug.MaxLength = maxLength
	slug.EnableSmartTruncate = smart
	return slug.Make(text), nil
}

func toYAML(v any) string {
	b, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(b), "\n")
}

func fromYAML(s string) map[string]any {
	m := map[string]any{}
	if err := yaml.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromYAMLArray(s string) []any {
	var a []any
	if err := yaml.Unmarshal([]byte(s), &a); err != nil {
		a = []any{err.Error()}
	}
	return a
}

func toString(v any) string { return fmt.Sprint(v) }
