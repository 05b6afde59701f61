package plugin

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers"
)

var update = flag.Bool("update", false, "rewrite the parts of README.md and .golangci.example.yml generated from the passes' flags")

// TestDocs keeps the documentation of the passes' flags in step with the
// code: the flags column of README.md's catalog table and the per-pass
// settings of .golangci.example.yml are generated from each analyzer's
// FlagSet. After adding or changing a flag, run
//
//	go test ./plugin -run TestDocs -update
func TestDocs(t *testing.T) {
	passes := analyzers.Fresh()
	checkGenerated(t, filepath.Join("..", "README.md"), func(old string) (string, error) {
		return catalogFlags(old, passes)
	})
	checkGenerated(t, filepath.Join("..", ".golangci.example.yml"), func(old string) (string, error) {
		return exampleFlags(old, passes)
	})
}

func checkGenerated(t *testing.T, path string, generate func(string) (string, error)) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := generate(string(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if got == string(data) {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s does not document the passes' current flags: run go test ./plugin -run TestDocs -update", path)
}

// catalogFlags rewrites the last cell ("flags") of each pass's row in the
// table between <!-- catalog:begin --> and <!-- catalog:end -->.
func catalogFlags(readme string, passes []*analysis.Analyzer) (string, error) {
	const begin, end = "<!-- catalog:begin -->", "<!-- catalog:end -->"
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		return "", fmt.Errorf("no %s ... %s block", begin, end)
	}
	rowPass := regexp.MustCompile("^\\| \\[`([a-z]+)`\\]")
	rows := make(map[string]bool)
	lines := strings.Split(readme[i:j], "\n")
	for k, line := range lines {
		m := rowPass.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		a := find(passes, m[1])
		if a == nil {
			return "", fmt.Errorf("catalog row for unknown pass %q", m[1])
		}
		rows[a.Name] = true
		cut := strings.LastIndex(strings.TrimSuffix(line, " |"), " | ")
		if cut < 0 {
			return "", fmt.Errorf("catalog row %q has no flags cell", line)
		}
		lines[k] = line[:cut] + " | " + flagsCell(a) + " |"
	}
	for _, a := range passes {
		if !rows[a.Name] {
			return "", fmt.Errorf("catalog table has no row for pass %s", a.Name)
		}
	}
	return readme[:i] + strings.Join(lines, "\n") + readme[j:], nil
}

func flagsCell(a *analysis.Analyzer) string {
	var cells []string
	a.Flags.VisitAll(func(f *flag.Flag) {
		def := f.DefValue
		if def == "" {
			def = `""`
		}
		cells = append(cells, fmt.Sprintf("`-%s.%s` (%s)", a.Name, f.Name, def))
	})
	if len(cells) == 0 {
		return "none"
	}
	return strings.Join(cells, "<br>")
}

func find(passes []*analysis.Analyzer, name string) *analysis.Analyzer {
	for _, a := range passes {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// exampleFlags regenerates the lines between "# BEGIN pass flags" and
// "# END pass flags": every pass's flags with their usage and default.
func exampleFlags(yml string, passes []*analysis.Analyzer) (string, error) {
	lines := strings.SplitAfter(yml, "\n")
	b, e := -1, -1
	for k, line := range lines {
		switch {
		case strings.HasPrefix(strings.TrimSpace(line), "# BEGIN pass flags"):
			b = k
		case strings.HasPrefix(strings.TrimSpace(line), "# END pass flags"):
			e = k
		}
	}
	if b < 0 || e < b {
		return "", fmt.Errorf("no # BEGIN pass flags ... # END pass flags block")
	}
	indent := lines[b][:len(lines[b])-len(strings.TrimLeft(lines[b], " "))]
	var gen strings.Builder
	for _, a := range passes {
		var fs []*flag.Flag
		a.Flags.VisitAll(func(f *flag.Flag) { fs = append(fs, f) })
		if len(fs) == 0 {
			fmt.Fprintf(&gen, "%s# %s: no flags\n", indent, a.Name)
			continue
		}
		fmt.Fprintf(&gen, "%s%s:\n", indent, a.Name)
		for _, f := range fs {
			for _, l := range wrap(f.Usage, 76-len(indent)) {
				fmt.Fprintf(&gen, "%s  # %s\n", indent, l)
			}
			fmt.Fprintf(&gen, "%s  %s: %s\n", indent, strings.ToLower(f.Name), yamlScalar(f))
		}
	}
	return strings.Join(lines[:b+1], "") + gen.String() + strings.Join(lines[e:], ""), nil
}

// yamlScalar writes f's default as YAML: booleans and numbers bare,
// anything else quoted.
func yamlScalar(f *flag.Flag) string {
	switch v := yamlValue(f).(type) {
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.Quote(f.DefValue)
}

func wrap(s string, width int) []string {
	var lines []string
	var cur string
	for _, w := range strings.Fields(s) {
		if cur != "" && len(cur)+1+len(w) > width {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// TestCustomGclVersion: .custom-gcl.yml (for `golangci-lint custom`) and
// tools/golangci-custom/go.mod (for scripts/golangci-custom.sh) must
// build the same golangci-lint version.
func TestCustomGclVersion(t *testing.T) {
	cfg, err := os.ReadFile(filepath.Join("..", ".custom-gcl.yml"))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join("..", "tools", "golangci-custom", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	cfgVersion := regexp.MustCompile(`(?m)^version:\s*"?(v[0-9.]+)"?\s*$`).FindSubmatch(cfg)
	modVersion := regexp.MustCompile(`(?m)^\s*github\.com/golangci/golangci-lint/v2 (v[0-9.]+)\s*$`).FindSubmatch(mod)
	if cfgVersion == nil || modVersion == nil {
		t.Fatalf("cannot find the golangci-lint version: .custom-gcl.yml %q, go.mod %q", cfgVersion, modVersion)
	}
	if string(cfgVersion[1]) != string(modVersion[1]) {
		t.Errorf(".custom-gcl.yml builds golangci-lint %s, scripts/golangci-custom.sh %s", cfgVersion[1], modVersion[1])
	}
}
