package respflow

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestOrigins checks the origin sets against plain sorted slices, on
// random sets built the way the flow builds them: calls added along
// paths, and sets of different paths joined.
func TestOrigins(t *testing.T) {
	calls := make([]*Call, 40)
	for i := range calls {
		calls[i] = &Call{Index: i}
	}
	type pair struct {
		set  origins
		want []int
	}
	indexes := func(cs []*Call) []int {
		var out []int
		for _, c := range cs {
			out = append(out, c.Index)
		}
		return out
	}
	union := func(x, y []int) []int {
		out := slices.Concat(x, y)
		slices.Sort(out)
		return slices.Compact(out)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	sets := []pair{{}}
	for range 5000 {
		a := sets[rng.IntN(len(sets))]
		var next pair
		if rng.IntN(3) == 0 {
			b := sets[rng.IntN(len(sets))]
			next = pair{a.set.union(b.set), union(a.want, b.want)}
			if got, want := a.set.contains(b.set), len(union(a.want, b.want)) == len(a.want); got != want {
				t.Fatalf("%v contains %v: got %v", a.want, b.want, got)
			}
			if got, want := a.set.equal(b.set), slices.Equal(a.want, b.want); got != want {
				t.Fatalf("%v equal %v: got %v", a.want, b.want, got)
			}
		} else {
			// Mostly later calls, as along a path; sometimes any.
			i := rng.IntN(len(calls))
			if n := len(a.want); n > 0 && rng.IntN(4) != 0 && a.want[n-1] < len(calls)-1 {
				i = a.want[n-1] + 1 + rng.IntN(len(calls)-1-a.want[n-1])
			}
			next = pair{a.set.add(calls[i]), union(a.want, []int{i})}
		}
		if got := indexes(next.set.calls()); !slices.Equal(got, next.want) {
			t.Fatalf("got %v, want %v", got, next.want)
		}
		sets = append(sets, next)
	}
}
