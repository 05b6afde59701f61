package plugin

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers"
)

// fakePasses returns constructors of two small analyzers with flags of
// every kind the passes use, standing in for passes whose flags may
// change.
func fakePasses() []*analysis.Analyzer {
	newPass := func(name string) *analysis.Analyzer {
		a := &analysis.Analyzer{Name: name, Doc: name + " doc", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
		a.Flags.Bool("write", false, "report WriteTimeout too")
		a.Flags.Int64("maxBytes", 1<<20, "largest body")
		a.Flags.String("funcs", "", "comma-separated functions")
		a.Flags.Duration("min", time.Second, "shortest timeout")
		return a
	}
	plain := &analysis.Analyzer{Name: "plain", Doc: "no flags", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	return []*analysis.Analyzer{newPass("servertimeouts"), newPass("bodylimit"), plain}
}

func build(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
	p, err := newPlugin(settings, fakePasses)
	if err != nil {
		t.Fatalf("newPlugin(%v): %v", settings, err)
	}
	out, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatalf("BuildAnalyzers: %v", err)
	}
	return out
}

func names(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func valueOf(t *testing.T, as []*analysis.Analyzer, pass, name string) string {
	t.Helper()
	for _, a := range as {
		if a.Name == pass {
			if f := a.Flags.Lookup(name); f != nil {
				return f.Value.String()
			}
		}
	}
	t.Fatalf("no flag %s.%s", pass, name)
	return ""
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin(Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode = %q, want %q", got, register.LoadModeTypesInfo)
	}
	got, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if want := names(analyzers.All()); !slices.Equal(names(got), want) {
		t.Errorf("BuildAnalyzers = %v, want every pass %v", names(got), want)
	}
	if err := analysis.Validate(got); err != nil {
		t.Errorf("the plugin's analyzers are not valid together: %v", err)
	}
	// Fresh analyzers: not the package-level ones the resetlint command
	// uses, and not those of an earlier call.
	again, _ := p.BuildAnalyzers()
	for i, a := range got {
		if slices.Contains(analyzers.All(), a) || again[i] == a {
			t.Errorf("%s: BuildAnalyzers returned a shared analyzer", a.Name)
		}
	}
}

func TestEnableDisable(t *testing.T) {
	for _, tc := range []struct {
		settings map[string]any
		want     []string
	}{
		{nil, []string{"servertimeouts", "bodylimit", "plain"}},
		{map[string]any{"disable": []any{"bodylimit"}}, []string{"servertimeouts", "plain"}},
		{map[string]any{"disable": "BodyLimit"}, []string{"servertimeouts", "plain"}},
		{map[string]any{"enable": []any{"plain", "bodylimit"}}, []string{"bodylimit", "plain"}},
		{map[string]any{"enable": []any{"plain", "bodylimit"}, "disable": []any{"servertimeouts"}}, []string{"bodylimit", "plain"}},
		{map[string]any{"disable": []any{}}, []string{"servertimeouts", "bodylimit", "plain"}},
	} {
		if got := names(build(t, tc.settings)); !slices.Equal(got, tc.want) {
			t.Errorf("settings %v: passes %v, want %v", tc.settings, got, tc.want)
		}
	}
}

func TestFlags(t *testing.T) {
	got := build(t, map[string]any{
		// Keys arrive lower-cased from golangci-lint, values as YAML
		// decodes them.
		"servertimeouts": map[string]any{"write": true, "maxbytes": float64(4096), "funcs": []any{"a.Must", "b.Check"}, "min": "250ms"},
	})
	for flagName, want := range map[string]string{"write": "true", "maxBytes": "4096", "funcs": "a.Must,b.Check", "min": "250ms"} {
		if v := valueOf(t, got, "servertimeouts", flagName); v != want {
			t.Errorf("servertimeouts.%s = %s, want %s", flagName, v, want)
		}
	}
	// The other pass with the same flags keeps its defaults.
	if v := valueOf(t, got, "bodylimit", "write"); v != "false" {
		t.Errorf("bodylimit.write = %s, want the default false", v)
	}
}

// TestInstancesShareNothing: two plugin instances with different
// settings (two golangci-lint configurations in one process) must not
// see each other's values, nor change the resetlint command's analyzers.
func TestInstancesShareNothing(t *testing.T) {
	a := build(t, map[string]any{"servertimeouts": map[string]any{"write": true, "min": "5s"}})
	b := build(t, map[string]any{"servertimeouts": map[string]any{"min": "1m"}})
	if v := valueOf(t, a, "servertimeouts", "write"); v != "true" {
		t.Errorf("instance a: write = %s", v)
	}
	if v := valueOf(t, b, "servertimeouts", "write"); v != "false" {
		t.Errorf("instance b sees instance a's write = %s", v)
	}
	if va, vb := valueOf(t, a, "servertimeouts", "min"), valueOf(t, b, "servertimeouts", "min"); va != "5s" || vb != "1m0s" {
		t.Errorf("min: a = %s, b = %s, want 5s and 1m0s", va, vb)
	}

	// The real passes: flip every boolean flag in one instance; another
	// instance and the package-level analyzers keep the defaults.
	flipped := make(map[string]any)
	for _, an := range analyzers.Fresh() {
		vals := make(map[string]any)
		an.Flags.VisitAll(func(f *flag.Flag) {
			if isBool(f) {
				vals[f.Name] = f.DefValue != "true"
			}
		})
		if len(vals) > 0 {
			flipped[an.Name] = vals
		}
	}
	p1, err := New(flipped)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	as1, _ := p1.BuildAnalyzers()
	as2, _ := p2.BuildAnalyzers()
	for _, an := range as1 {
		vals, _ := flipped[an.Name].(map[string]any)
		for name, v := range vals {
			if got, want := an.Flags.Lookup(name).Value.String(), fmt.Sprint(v); got != want {
				t.Errorf("instance 1: %s.%s = %s, want %s", an.Name, name, got, want)
			}
		}
	}
	for _, set := range [][]*analysis.Analyzer{as2, analyzers.All()} {
		for _, an := range set {
			an.Flags.VisitAll(func(f *flag.Flag) {
				if f.Value.String() != f.DefValue {
					t.Errorf("%s.%s = %s after another instance set it; want the default %s", an.Name, f.Name, f.Value, f.DefValue)
				}
			})
		}
	}
	// Analyzers the two instances share through Requires (inspect, the
	// request-scope model, ...) must have nothing to configure.
	r1, r2 := reachable(as1), reachable(as2)
	for a := range r1 {
		if !r2[a] {
			continue
		}
		if slices.Contains(as1, a) {
			t.Errorf("%s: both instances return the same analyzer", a.Name)
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			t.Errorf("%s has flag %s and is shared by two instances through Requires", a.Name, f.Name)
		})
	}
}

// reachable returns the analyzers roots and everything they require.
func reachable(roots []*analysis.Analyzer) map[*analysis.Analyzer]bool {
	seen := make(map[*analysis.Analyzer]bool)
	var walk func(a *analysis.Analyzer)
	walk = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			walk(r)
		}
	}
	for _, a := range roots {
		walk(a)
	}
	return seen
}

// TestRealFlagsSettable sets every flag of every pass, through the
// settings, to its default value written the way YAML would give it.
func TestRealFlagsSettable(t *testing.T) {
	settings := make(map[string]any)
	for _, a := range analyzers.Fresh() {
		vals := make(map[string]any)
		a.Flags.VisitAll(func(f *flag.Flag) { vals[strings.ToLower(f.Name)] = yamlValue(f) })
		if len(vals) > 0 {
			settings[a.Name] = vals
		}
	}
	p, err := New(settings)
	if err != nil {
		t.Fatalf("New(defaults of every flag): %v", err)
	}
	got, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range got {
		a.Flags.VisitAll(func(f *flag.Flag) {
			if f.Value.String() != f.DefValue {
				t.Errorf("%s.%s = %s after setting it to its default %s", a.Name, f.Name, f.Value, f.DefValue)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		settings any
		want     string // in the error
	}{
		{"disable", "settings: want a map of setting names to values, not disable (string)"},
		{map[string]any{"nosuch": map[string]any{"x": 1}}, `unknown setting "nosuch"`},
		{map[string]any{"servertimeouts.write": true}, `unknown setting "servertimeouts.write": write a pass's flags as a map, servertimeouts: {write: ...}`},
		{map[string]any{"disable": []any{"cancelchek"}}, `disable names unknown pass "cancelchek"`},
		{map[string]any{"enable": []any{"doublewrite"}}, `enable names unknown pass "doublewrite"`},
		{map[string]any{"disable": []any{1}}, "want a list of pass names"},
		{map[string]any{"enable": []any{"plain"}, "disable": []any{"plain"}}, `pass "plain" is both enabled and disabled`},
		{map[string]any{"disable": []any{"plain", "servertimeouts", "bodylimit"}}, "every pass is disabled"},
		{map[string]any{"servertimeouts": true}, "setting servertimeouts must be a map"},
		{map[string]any{"servertimeouts": map[string]any{"wrte": true}}, `pass servertimeouts has no flag "wrte" (its flags: funcs, maxBytes, min, write)`},
		{map[string]any{"plain": map[string]any{"x": true}}, "pass plain has no flags, so plain.x is unknown"},
		{map[string]any{"servertimeouts": map[string]any{"write": "yes please"}}, `servertimeouts.write: invalid value "yes please"`},
		{map[string]any{"servertimeouts": map[string]any{"maxbytes": 1.5}}, `servertimeouts.maxBytes: invalid value "1.5"`},
		{map[string]any{"servertimeouts": map[string]any{"min": "5"}}, `servertimeouts.min: invalid value "5"`},
		{map[string]any{"servertimeouts": map[string]any{"funcs": map[string]any{}}}, "servertimeouts.funcs: want a boolean, number, string or list, not a map"},
		{map[string]any{"servertimeouts": map[string]any{"funcs": []any{[]any{"a"}}}}, "nested list"},
	} {
		_, err := newPlugin(tc.settings, fakePasses)
		if err == nil {
			t.Errorf("settings %v: no error, want one containing %q", tc.settings, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("settings %v: error %q, want it to contain %q", tc.settings, err, tc.want)
		}
	}
}

// isBool reports whether f is a boolean flag (-name alone sets it).
func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// yamlValue is f's default value as golangci-lint hands it over when a
// configuration spells it out: YAML booleans and numbers (numbers pass
// through JSON, so float64), everything else a string.
func yamlValue(f *flag.Flag) any {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return f.DefValue
	}
	switch v := g.Get().(type) {
	case bool:
		return v
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case uint:
		return float64(v)
	case uint64:
		return float64(v)
	case float64:
		return v
	}
	return f.DefValue
}
