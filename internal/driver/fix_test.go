package driver

import (
	"go/types"
	"strings"
	"testing"
)

func TestMergeEdits(t *testing.T) {
	taken := []edit{{10, 20, "x"}}
	for _, tc := range []struct {
		name  string
		edits []edit
		ok    bool
		want  int // edits after merging
	}{
		{"disjoint", []edit{{30, 31, "y"}}, true, 2},
		{"identical merges", []edit{{10, 20, "x"}}, true, 1},
		{"overlap", []edit{{15, 25, "y"}}, false, 0},
		{"inside", []edit{{12, 13, ""}}, false, 0},
		{"insert at start", []edit{{10, 10, "y"}}, true, 2},
		{"insert at end", []edit{{20, 20, "y"}}, true, 2},
		{"insert inside", []edit{{15, 15, "y"}}, false, 0},
	} {
		got, ok := mergeEdits(taken, tc.edits)
		if ok != tc.ok || len(got) != tc.want {
			t.Errorf("%s: got %v, %v; want %d edits, ok=%v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	// Two different insertions at one offset: their order is a guess.
	if _, ok := mergeEdits([]edit{{5, 5, "a"}}, []edit{{5, 5, "b"}}); ok {
		t.Errorf("two insertions at one offset merged")
	}
	got, _ := mergeEdits(taken, []edit{{10, 10, "y"}, {0, 1, "z"}})
	if got[0].start != 0 || got[1].end != 10 || got[2].start != 10 || got[2].end != 20 {
		t.Errorf("edits not sorted: %v", got)
	}
}

func TestApplyEdits(t *testing.T) {
	got := string(applyEdits([]byte("hello world"), []edit{{0, 0, ">"}, {0, 5, "HELLO"}, {6, 11, "there"}}))
	if want := ">HELLO there"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFormatRemoveImports(t *testing.T) {
	pkg := types.NewPackage("p", "p")
	pkg.SetImports([]*types.Package{types.NewPackage("strings", "strings"), types.NewPackage("fmt", "fmt")})
	src := "package p\nimport (\n\"fmt\"\n\"strings\"\n)\nfunc f() {   fmt.Println()  }\n"
	got, err := formatRemoveImports(pkg, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := "package p\n\nimport (\n\t\"fmt\"\n)\n\nfunc f() { fmt.Println() }\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestUnifiedDiff(t *testing.T) {
	from := "a\nb\nc\nd\ne\nf\ng\nh\ni\n"
	to := "a\nb\nc\nd\nE\nf\ng\nh\ni\n"
	got := unifiedDiff("x (old)", "x (new)", from, to)
	want := "--- x (old)\n+++ x (new)\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if unifiedDiff("x", "y", from, from) != "" {
		t.Errorf("diff of equal texts is not empty")
	}
	got = unifiedDiff("x", "y", "a\n", "a\nb")
	if !strings.Contains(got, "+b\n\\ No newline at end of file\n") {
		t.Errorf("missing newline not marked:\n%s", got)
	}
}
