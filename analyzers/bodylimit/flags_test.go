package bodylimit_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resetlint/resetlint/analyzers/bodylimit"
	"github.com/resetlint/resetlint/analyzers/internal/passtest"
)

// discard swallows analysistest's complaints: these tests check the
// diagnostics themselves, under several flag settings of one fixture.
type discard struct{}

func (discard) Errorf(string, ...any) {}

// reported runs a fresh analyzer with flags on the bodylimitflags fixture
// and returns "line: message prefix" for each diagnostic.
func reported(t *testing.T, flags map[string]string) []string {
	t.Helper()
	a := bodylimit.New()
	for name, value := range flags {
		if err := a.Flags.Set(name, value); err != nil {
			t.Fatalf("-%s=%s: %v", name, value, err)
		}
	}
	var out []string
	for _, res := range analysistest.Run(discard{}, passtest.TestData(), a, "bodylimitflags") {
		for _, d := range res.Diagnostics {
			line := res.Pass.Fset.Position(d.Pos).Line
			msg, _, _ := strings.Cut(d.Message, " parses")
			msg, _, _ = strings.Cut(msg, " keeps")
			out = append(out, fmt.Sprintf("%d: %s", line, msg))
		}
	}
	slices.Sort(out)
	return out
}

func TestMultipartFlags(t *testing.T) {
	for _, tc := range []struct {
		flags map[string]string
		want  []string
	}{
		{nil, []string{"12: r.ParseMultipartForm", "16: r.FormFile", "27: decodeAs reads the request body with no size limit: one request can exhaust memory, and the server is killed or starts resetting connections", "8: r.ParseMultipartForm"}},
		{map[string]string{"multipart-spill": "false"}, []string{"12: r.ParseMultipartForm"}},
		{map[string]string{"multipart-spill": "false", "multipart-max": "2GiB"}, nil},
		// FormFile keeps up to 32 MiB in memory, above a 1 MiB threshold.
		{map[string]string{"multipart-spill": "false", "multipart-max": "1MiB"}, []string{"12: r.ParseMultipartForm", "16: r.FormFile", "8: r.ParseMultipartForm"}},
	} {
		if got := reported(t, tc.flags); !slices.Equal(got, tc.want) {
			t.Errorf("flags %v: reported %q, want %q", tc.flags, got, tc.want)
		}
	}
}

func TestAssumeMiddleware(t *testing.T) {
	for _, tc := range []struct {
		patterns string
		want     int
	}{
		{"bodylimitflags", 0},
		{"bodylimitflags/...", 0},
		{"example.com/other,bodylimitflags", 0},
		{"bodylimitflagsx,bodylimit/...", 4},
	} {
		got := reported(t, map[string]string{"assume-middleware": tc.patterns})
		if len(got) != tc.want {
			t.Errorf("-assume-middleware=%s: %d diagnostics %q, want %d", tc.patterns, len(got), got, tc.want)
		}
	}
}

// Two analyzers (two golangci-lint instances) must not share flags.
func TestFlagsAreIndependent(t *testing.T) {
	a, b := bodylimit.New(), bodylimit.New()
	if err := a.Flags.Set("multipart-max", "1KiB"); err != nil {
		t.Fatal(err)
	}
	if got := flagValue(b, "multipart-max"); got != "32 MiB" {
		t.Errorf("b's multipart-max = %q after setting a's, want the default 32 MiB", got)
	}
}

func flagValue(a *analysis.Analyzer, name string) string { return a.Flags.Lookup(name).Value.String() }

func TestSizeFlag(t *testing.T) {
	a := bodylimit.New()
	for in, want := range map[string]string{
		"33554432": "32 MiB", "512KiB": "512 KiB", "1 GiB": "1 GiB", "1000": "1000 bytes", "3MiB": "3 MiB",
	} {
		if err := a.Flags.Set("multipart-max", in); err != nil {
			t.Errorf("Set(%q): %v", in, err)
			continue
		}
		if got := flagValue(a, "multipart-max"); got != want {
			t.Errorf("Set(%q) = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"", "x", "-1", "12MB", "99999999999GiB"} {
		if err := a.Flags.Set("multipart-max", bad); err == nil {
			t.Errorf("Set(%q) succeeded, want an error", bad)
		}
	}
}
