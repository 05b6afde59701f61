package bodylimit

import (
	"fmt"
	"strconv"
	"strings"
)

// sizeFlag is a byte count given as a number with an optional binary
// suffix: 33554432, 32MiB, 512KiB, 1GiB.
type sizeFlag int64

var sizeSuffixes = []struct {
	suffix string
	shift  uint
}{{"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}

func (s *sizeFlag) Set(v string) error {
	v = strings.TrimSpace(v)
	shift := uint(0)
	for _, suf := range sizeSuffixes {
		if rest, ok := strings.CutSuffix(v, suf.suffix); ok {
			v, shift = strings.TrimSpace(rest), suf.shift
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > (1<<62)>>shift {
		return fmt.Errorf("invalid size %q: want bytes, optionally with a KiB, MiB or GiB suffix", v)
	}
	*s = sizeFlag(n << shift)
	return nil
}

func (s *sizeFlag) String() string { return formatSize(int64(*s)) }

// formatSize renders a byte count the way a person would write it.
func formatSize(n int64) string {
	for _, suf := range sizeSuffixes[:3] {
		if n >= 1<<suf.shift && n%(1<<suf.shift) == 0 {
			return fmt.Sprintf("%d %s", n>>suf.shift, suf.suffix)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// patternsFlag is a comma-separated list of import paths; a pattern
// ending in /... also matches every path below it.
type patternsFlag []string

func (p *patternsFlag) Set(v string) error {
	*p = nil
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*p = append(*p, s)
		}
	}
	return nil
}

func (p *patternsFlag) String() string { return strings.Join(*p, ",") }

func (p patternsFlag) matches(path string) bool {
	for _, pat := range p {
		if pat == path {
			return true
		}
		if base, ok := strings.CutSuffix(pat, "/..."); ok && (path == base || strings.HasPrefix(path, base+"/")) {
			return true
		}
	}
	return false
}
