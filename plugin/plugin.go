// Package plugin registers resetlint as a golangci-lint v2 module plugin
// named "resetlint".
//
// A custom golangci-lint binary links it in with a blank import (see
// scripts/golangci-custom.sh and .custom-gcl.yml), and the configuration
// turns it on:
//
//	linters:
//	  enable: [resetlint]
//	  settings:
//	    custom:
//	      resetlint:
//	        type: module
//	        settings:
//	          disable: [cancelcheck]      # passes to leave out
//	          servertimeouts:             # a pass's flags, by name
//	            write: true               # = resetlint -servertimeouts.write
//
// The settings are:
//
//   - enable: a list of pass names; only these run (default: all).
//   - disable: a list of pass names that do not run.
//   - <pass>: a map from the pass's flag names (as `resetlint help <pass>`
//     lists them, without the "<pass>." prefix) to values. A value is what
//     the flag would take on the command line: a boolean, a number, a
//     string, or a list of strings, which is joined with commas.
//
// Names are matched without regard to case, because golangci-lint lowers
// the case of every configuration key. An unknown setting, pass or flag,
// or a value the flag rejects, is an error that names it: a typo must not
// silently leave a pass at its default.
//
// Each plugin instance builds fresh analyzers (analyzers.Fresh) with their
// own flags, so two instances with different settings share no mutable
// state, and neither changes the package-level analyzers used by the
// resetlint command.
package plugin

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers"
)

// Name is the linter's name in golangci-lint configurations and in
// //nolint directives.
const Name = "resetlint"

func init() {
	register.Plugin(Name, New)
}

// New is the plugin constructor golangci-lint calls with the "settings"
// value of the linter's configuration (nil when there is none).
func New(settings any) (register.LinterPlugin, error) {
	return newPlugin(settings, analyzers.Fresh)
}

// newPlugin parses settings against the analyzers that fresh returns,
// so that errors surface when golangci-lint loads the configuration.
func newPlugin(settings any, fresh func() []*analysis.Analyzer) (*linterPlugin, error) {
	cfg, err := parseSettings(settings)
	if err != nil {
		return nil, err
	}
	p := &linterPlugin{cfg: cfg, fresh: fresh}
	// A trial build checks every pass and flag name and every value.
	if _, err := p.BuildAnalyzers(); err != nil {
		return nil, err
	}
	return p, nil
}

// linterPlugin implements register.LinterPlugin.
type linterPlugin struct {
	cfg   config
	fresh func() []*analysis.Analyzer
}

// BuildAnalyzers returns new analyzers of the enabled passes with the
// configured flag values; each call returns analyzers of its own.
func (p *linterPlugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	all := p.fresh()
	names := make([]string, len(all))
	for i, a := range all {
		names[i] = a.Name
	}
	lookup := func(setting, name string) (*analysis.Analyzer, error) {
		for _, a := range all {
			if strings.EqualFold(a.Name, name) {
				return a, nil
			}
		}
		return nil, fmt.Errorf("settings: %s names unknown pass %q (passes: %s)", setting, name, strings.Join(names, ", "))
	}

	on := make(map[*analysis.Analyzer]bool, len(all))
	if p.cfg.enable == nil {
		for _, a := range all {
			on[a] = true
		}
	}
	for _, name := range p.cfg.enable {
		a, err := lookup("enable", name)
		if err != nil {
			return nil, err
		}
		on[a] = true
	}
	for _, name := range p.cfg.disable {
		a, err := lookup("disable", name)
		if err != nil {
			return nil, err
		}
		if p.cfg.enable != nil && on[a] {
			return nil, fmt.Errorf("settings: pass %q is both enabled and disabled", a.Name)
		}
		on[a] = false
	}

	for _, pf := range p.cfg.flags {
		a, err := lookup("setting", pf.pass)
		if err != nil {
			return nil, fmt.Errorf("settings: unknown setting %q (settings: enable, disable, or a pass name: %s)",
				pf.pass, strings.Join(names, ", "))
		}
		for _, fv := range pf.values {
			if err := setFlag(a, fv.name, fv.value); err != nil {
				return nil, err
			}
		}
	}

	var out []*analysis.Analyzer
	for _, a := range all {
		if on[a] {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("settings: every pass is disabled")
	}
	return out, nil
}

// GetLoadMode asks for type information: every pass needs it.
func (p *linterPlugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// config is the parsed form of the settings.
type config struct {
	enable  []string // nil: all passes
	disable []string
	flags   []passFlags // in the order of the pass names, for stable errors
}

type passFlags struct {
	pass   string
	values []flagValue // sorted by name
}

type flagValue struct {
	name  string
	value string // command-line form
}

// parseSettings turns golangci-lint's decoded YAML (maps, lists,
// scalars) into a config. It knows the shape of the settings but not the
// passes; BuildAnalyzers checks the names.
func parseSettings(settings any) (config, error) {
	var cfg config
	if settings == nil {
		return cfg, nil
	}
	m, ok := asMap(settings)
	if !ok {
		return cfg, fmt.Errorf("settings: want a map of setting names to values, not %s", describe(settings))
	}
	for _, key := range sortedKeys(m) {
		v := m[key]
		switch {
		case strings.EqualFold(key, "enable"), strings.EqualFold(key, "disable"):
			list, err := stringList(v)
			if err != nil {
				return cfg, fmt.Errorf("settings: setting %s: %v", key, err)
			}
			if strings.EqualFold(key, "enable") {
				if list == nil {
					list = []string{}
				}
				cfg.enable = list
			} else {
				cfg.disable = list
			}
		case strings.Contains(key, "."):
			pass, flagName, _ := strings.Cut(key, ".")
			return cfg, fmt.Errorf("settings: unknown setting %q: write a pass's flags as a map, %s: {%s: ...}", key, pass, flagName)
		default:
			fm, ok := asMap(v)
			if !ok {
				return cfg, fmt.Errorf("settings: setting %s must be a map of the pass's flag names to values, not %s", key, describe(v))
			}
			pf := passFlags{pass: key}
			for _, name := range sortedKeys(fm) {
				value, err := flagString(fm[name])
				if err != nil {
					return cfg, fmt.Errorf("settings: %s.%s: %v", key, name, err)
				}
				pf.values = append(pf.values, flagValue{name, value})
			}
			cfg.flags = append(cfg.flags, pf)
		}
	}
	return cfg, nil
}

// setFlag sets the flag of a named name (any case) to value.
func setFlag(a *analysis.Analyzer, name, value string) error {
	var match *flag.Flag
	var known []string
	a.Flags.VisitAll(func(f *flag.Flag) {
		known = append(known, f.Name)
		if strings.EqualFold(f.Name, name) {
			match = f
		}
	})
	if match == nil {
		if len(known) == 0 {
			return fmt.Errorf("settings: pass %s has no flags, so %s.%s is unknown", a.Name, a.Name, name)
		}
		return fmt.Errorf("settings: pass %s has no flag %q (its flags: %s)", a.Name, name, strings.Join(known, ", "))
	}
	if err := a.Flags.Set(match.Name, value); err != nil {
		return fmt.Errorf("settings: %s.%s: invalid value %q: %v", a.Name, match.Name, value, unwrapFlagError(err))
	}
	return nil
}

// unwrapFlagError drops the strconv wrapping flag adds ("parse error").
func unwrapFlagError(err error) error {
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		return ne.Err
	}
	return err
}

// asMap accepts the map types YAML and JSON decoders produce.
func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, v := range m {
			out[fmt.Sprint(k)] = v
		}
		return out, true
	}
	return nil, false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// stringList accepts a list of strings, or one string.
func stringList(v any) ([]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		return []string{v}, nil
	case []string:
		return slices.Clone(v), nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("want a list of pass names, found %s in it", describe(e))
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a list of pass names, not %s", describe(v))
}

// flagString renders a YAML scalar or list as the flag's command-line
// value.
func flagString(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		return strconv.Itoa(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case uint64:
		return strconv.FormatUint(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case []string:
		return strings.Join(v, ","), nil
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			if _, isList := e.([]any); isList {
				return "", fmt.Errorf("want a scalar or a list of scalars, found a nested list")
			}
			s, err := flagString(e)
			if err != nil {
				return "", err
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("want a boolean, number, string or list, not %s", describe(v))
}

func describe(v any) string {
	if v == nil {
		return "an empty value"
	}
	if _, ok := asMap(v); ok {
		return "a map"
	}
	return fmt.Sprintf("%v (%T)", v, v)
}
