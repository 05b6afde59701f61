package driver

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/ast/astutil"
)

// ApplyFixes applies the first suggested fix of each diagnostic of the
// root actions, as multichecker's -fix does: a fix is taken whole or not
// at all; a fix that touches a generated file is skipped; a fix whose
// edits overlap edits already taken is skipped (edits identical to ones
// already taken merge, so the same fix reported for p and for p's test
// variant applies once); the fixed files are gofmt-ed and imports that
// are no longer used are removed. With printDiff the result is written
// to stdout as a unified diff and no file changes. The error says how
// many fixes were skipped.
func ApplyFixes(roots []*checker.Action, stdout io.Writer, printDiff, verbose bool) error {
	return applyFixes(roots, stdout, printDiff, verbose, func(name string, content []byte) error {
		return os.WriteFile(name, content, 0o644)
	})
}

// Fixed computes, without writing anything, what ApplyFixes would write:
// the new content of each file it would change, and how many fixes it
// would apply and leave out (conflicts, generated files). err is
// ApplyFixes's error for the fixes it leaves out.
func Fixed(roots []*checker.Action) (files map[string][]byte, applied, total int, err error) {
	files = make(map[string][]byte)
	stats := new(fixStats)
	err = applyFixesStats(roots, io.Discard, false, false, stats, func(name string, content []byte) error {
		files[name] = content
		return nil
	})
	return files, stats.applied, stats.total, err
}

type fixStats struct{ applied, total int }

type edit struct {
	start, end int
	text       string
}

type fileFix struct {
	fix *analysis.SuggestedFix
	act *checker.Action
}

func applyFixes(roots []*checker.Action, stdout io.Writer, printDiff, verbose bool, write func(string, []byte) error) error {
	return applyFixesStats(roots, stdout, printDiff, verbose, new(fixStats), write)
}

func applyFixesStats(roots []*checker.Action, stdout io.Writer, printDiff, verbose bool, stats *fixStats, write func(string, []byte) error) error {
	generated := make(map[*token.File]bool)
	var fixes []fileFix
	for _, act := range roots {
		for _, f := range act.Package.Syntax {
			tf := act.Package.Fset.File(f.FileStart)
			if _, ok := generated[tf]; !ok {
				generated[tf] = ast.IsGenerated(f)
			}
		}
		for _, d := range act.Diagnostics {
			for i := range d.SuggestedFixes {
				if i == 0 {
					fixes = append(fixes, fileFix{&d.SuggestedFixes[i], act})
				} else {
					log.Printf("%s: ignoring alternative fix %q", act, d.SuggestedFixes[i].Message)
				}
			}
		}
	}

	baseline := make(map[string][]byte)
	accumulated := make(map[string][]edit)
	filePkgs := make(map[string]*types.Package)
	good, skipped := 0, 0
fixloop:
	for _, ff := range fixes {
		fset := ff.act.Package.Fset
		for _, e := range ff.fix.TextEdits {
			if generated[fset.File(e.Pos)] {
				skipped++
				continue fixloop
			}
		}
		byFile := make(map[string][]edit)
		for _, e := range ff.fix.TextEdits {
			tf := fset.File(e.Pos)
			name := tf.Name()
			content, ok := baseline[name]
			if !ok {
				var err error
				if content, err = os.ReadFile(name); err != nil {
					log.Printf("skipping fix to file %s: %v", name, err)
					continue fixloop
				}
				baseline[name] = content
			}
			if tf.Size() != len(content) {
				return fmt.Errorf("concurrent file modification detected in file %s (size changed from %d -> %d bytes); aborting fix",
					name, tf.Size(), len(content))
			}
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			filePkgs[name] = ff.act.Package.Types
			byFile[name] = append(byFile[name], edit{tf.Offset(e.Pos), tf.Offset(end), string(e.NewText)})
		}
		merged := make(map[string][]edit)
		for name, edits := range byFile {
			m, ok := mergeEdits(accumulated[name], edits)
			if !ok {
				continue fixloop // conflict
			}
			merged[name] = m
		}
		good++
		for name, m := range merged {
			accumulated[name] = m
		}
	}
	bad := len(fixes) - good - skipped
	stats.applied, stats.total = good, len(fixes)

	names := make([]string, 0, len(accumulated))
	for name := range accumulated {
		names = append(names, name)
	}
	sort.Strings(names)
	var updated, total int
	for _, name := range names {
		edits := accumulated[name]
		if len(edits) == 0 {
			continue
		}
		old := baseline[name]
		fixed := applyEdits(old, edits)
		if formatted, err := formatRemoveImports(filePkgs[name], fixed); err == nil {
			fixed = formatted
		}
		if printDiff {
			io.WriteString(stdout, unifiedDiff(name+" (old)", name+" (new)", string(old), string(fixed)))
			continue
		}
		total++
		if err := write(name, fixed); err != nil {
			log.Println(err)
			continue
		}
		updated++
	}

	if bad > 0 || updated < total {
		if printDiff {
			return fmt.Errorf("%d of %s skipped (e.g. due to conflicts)", bad, plural(len(fixes), "fix", "fixes"))
		}
		return fmt.Errorf("applied %d of %s; %s updated. (Re-run the command to apply more.)",
			good, plural(len(fixes), "fix", "fixes"), plural(updated, "file", "files"))
	}
	if verbose {
		if skipped > 0 {
			log.Printf("skipped %s that would edit generated files", plural(skipped, "fix", "fixes"))
		}
		log.Printf("applied %s, updated %s", plural(len(fixes), "fix", "fixes"), plural(updated, "file", "files"))
	}
	return nil
}

// mergeEdits adds the edits of one fix to those already taken (sorted,
// disjoint). Edits identical to taken ones merge; any other overlap, or
// two different insertions at one offset (their order would be a
// guess), is a conflict.
func mergeEdits(taken, edits []edit) ([]edit, bool) {
	out := append([]edit(nil), taken...)
	for _, e := range edits {
		dup := false
		for _, t := range taken {
			if t == e {
				dup = true
				break
			}
			overlap := e.start < t.end && t.start < e.end
			sameInsert := e.start == e.end && t.start == t.end && e.start == t.start
			if overlap || sameInsert {
				return nil, false
			}
		}
		if !dup {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].start != out[j].start {
			return out[i].start < out[j].start
		}
		return out[i].end < out[j].end
	})
	return out, true
}

// applyEdits applies sorted, disjoint edits to src.
func applyEdits(src []byte, edits []edit) []byte {
	var buf bytes.Buffer
	last := 0
	for _, e := range edits {
		buf.Write(src[last:e.start])
		buf.WriteString(e.text)
		last = e.end
	}
	buf.Write(src[last:])
	return buf.Bytes()
}

// formatRemoveImports gofmt-s a fixed file and removes the imports whose
// name no longer appears as the qualifier of a selector: a fix may remove
// the last use of a package. pkg (the package before the fix) gives the
// names of non-renaming imports. An import whose name is still used as a
// qualifier is kept even if a local name shadows it: removing too little
// is the safe side.
func formatRemoveImports(pkg *types.Package, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "fixed.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string)
	if pkg != nil {
		var visit func(p *types.Package)
		visit = func(p *types.Package) {
			if names[p.Path()] == "" {
				names[p.Path()] = p.Name()
				for _, imp := range p.Imports() {
					visit(imp)
				}
			}
		}
		for _, imp := range pkg.Imports() {
			visit(imp)
		}
	}
	used := make(map[string]bool)
	for _, decl := range file.Decls {
		if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		ast.Inspect(decl, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
	}
	type spec struct{ name, path string }
	var unused []spec
	for _, imp := range file.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		explicit := ""
		if imp.Name != nil {
			explicit = imp.Name.Name
		}
		name := explicit
		if name == "" {
			name = names[path]
		}
		switch name {
		case "", ".", "_":
			continue
		}
		if !used[name] {
			unused = append(unused, spec{explicit, path})
		}
	}
	for _, u := range unused {
		astutil.DeleteNamedImport(fset, file, u.name, u.path)
	}
	ast.SortImports(fset, file)
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, file); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func plural(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return fmt.Sprintf("%d %s", n, plural)
}

// unifiedDiff returns a unified diff (3 lines of context) of two texts,
// in the format of multichecker's -diff.
func unifiedDiff(fromLabel, toLabel, from, to string) string {
	if from == to {
		return ""
	}
	a, b := splitLines(from), splitLines(to)
	ops := diffLines(a, b)

	type line struct {
		kind byte // ' ', '-', '+'
		text string
	}
	// Group the script into hunks with 3 lines of context.
	const ctx = 3
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", fromLabel, toLabel)
	i := 0
	for i < len(ops) {
		// Find the next change.
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(i-ctx, 0)
		// Extend the hunk while changes are within 2*ctx lines.
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j
			} else if j-end > 2*ctx {
				break
			}
		}
		stop := min(end+ctx+1, len(ops))
		fromLine, toLine := ops[start].a+1, ops[start].b+1
		fromCount, toCount := 0, 0
		for _, op := range ops[start:stop] {
			switch op.kind {
			case '-':
				fromCount++
			case '+':
				toCount++
			default:
				fromCount++
				toCount++
			}
		}
		out.WriteString("@@")
		writeRange(&out, '-', fromLine, fromCount)
		writeRange(&out, '+', toLine, toCount)
		out.WriteString(" @@\n")
		for _, op := range ops[start:stop] {
			out.WriteByte(op.kind)
			out.WriteString(op.text)
			if !strings.HasSuffix(op.text, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = stop
	}
	return out.String()
}

func writeRange(out *strings.Builder, sign byte, line, count int) {
	switch {
	case count > 1:
		fmt.Fprintf(out, " %c%d,%d", sign, line, count)
	case line == 1 && count == 0:
		fmt.Fprintf(out, " %c0,0", sign)
	default:
		fmt.Fprintf(out, " %c%d", sign, line)
	}
}

func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

type diffOp struct {
	kind byte
	text string
	a, b int // line indexes (0-based) in the old and new text at this op
}

// diffLines returns an edit script from a to b. The common prefix and
// suffix are kept; the middle is aligned by longest common subsequence,
// or replaced whole when it is too large for that (fixes are local, so
// in practice the middle is a few lines).
func diffLines(a, b []string) []diffOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []diffOp
	for k := 0; k < pre; k++ {
		ops = append(ops, diffOp{' ', a[k], k, k})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) > 4_000_000 {
		for k, l := range ma {
			ops = append(ops, diffOp{'-', l, pre + k, pre})
		}
		for k, l := range mb {
			ops = append(ops, diffOp{'+', l, pre + len(ma), pre + k})
		}
	} else {
		// lcs[i][j] = LCS length of ma[i:], mb[j:].
		lcs := make([][]int, len(ma)+1)
		for i := range lcs {
			lcs[i] = make([]int, len(mb)+1)
		}
		for i := len(ma) - 1; i >= 0; i-- {
			for j := len(mb) - 1; j >= 0; j-- {
				if ma[i] == mb[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < len(ma) || j < len(mb) {
			switch {
			case i < len(ma) && j < len(mb) && ma[i] == mb[j]:
				ops = append(ops, diffOp{' ', ma[i], pre + i, pre + j})
				i++
				j++
			case i < len(ma) && (j == len(mb) || lcs[i+1][j] >= lcs[i][j+1]):
				ops = append(ops, diffOp{'-', ma[i], pre + i, pre + j})
				i++
			default:
				ops = append(ops, diffOp{'+', mb[j], pre + i, pre + j})
				j++
			}
		}
	}
	for k := 0; k < suf; k++ {
		ia, ib := len(a)-suf+k, len(b)-suf+k
		ops = append(ops, diffOp{' ', a[ia], ia, ib})
	}
	return ops
}
