package suppress

import (
	"go/ast"
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		text       string
		ok         bool
		passes     []string
		wantReason string
	}{
		{"//resetlint:ignore doublewrite streaming handler", true, []string{"doublewrite"}, "streaming handler"},
		{"//resetlint:ignore doublewrite,cancelcheck legacy", true, []string{"doublewrite", "cancelcheck"}, "legacy"},
		{"//resetlint:ignore doublewrite", true, []string{"doublewrite"}, ""},
		{"//resetlint:ignore", true, nil, ""},
		{"//resetlint:ignored doublewrite x", false, nil, ""},
		{"// resetlint:ignore doublewrite x", false, nil, ""},
		{"//nolint:resetlint", false, nil, ""},
	}
	for _, tt := range tests {
		d, ok := Parse(&ast.Comment{Text: tt.text})
		if ok != tt.ok {
			t.Errorf("Parse(%q) ok = %v, want %v", tt.text, ok, tt.ok)
			continue
		}
		if !slices.Equal(d.Passes, tt.passes) || d.Reason != tt.wantReason {
			t.Errorf("Parse(%q) = %v %q, want %v %q", tt.text, d.Passes, d.Reason, tt.passes, tt.wantReason)
		}
	}
}
