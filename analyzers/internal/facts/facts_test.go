package facts_test

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
)

// TestGobRoundTrip checks what the vet protocol and nogo do with facts:
// each type must survive encoding/gob unchanged, and encode the same way
// twice.
func TestGobRoundTrip(t *testing.T) {
	values := []any{
		&facts.Response{Param: 1, Commits: facts.Always, Status: facts.Maybe, Fails: facts.Always, Terminal: facts.Maybe, WritesBody: facts.Always, SetsHeader: facts.Maybe},
		&facts.Exit{Panics: facts.Maybe, Exits: facts.Always, Via: "log.Fatal", PanicIf: facts.Guard{Param: 1, Op: "<=", Value: "0"}},
		&facts.Blocking{Blocks: facts.Always, ChecksContext: facts.Maybe, Via: "time.Sleep"},
		&facts.Body{Param: 2, Reads: facts.Always, Bounds: facts.Maybe, Middleware: true},
	}
	if len(values) != len(facts.All()) {
		t.Fatalf("test covers %d fact types, package declares %d", len(values), len(facts.All()))
	}
	for _, v := range values {
		var first []byte
		for i := range 2 {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(v); err != nil {
				t.Fatalf("encode %T: %v", v, err)
			}
			if i == 0 {
				first = append([]byte(nil), buf.Bytes()...)
			} else if !bytes.Equal(first, buf.Bytes()) {
				t.Errorf("%T encodes differently on a second run", v)
			}
			out := reflect.New(reflect.TypeOf(v).Elem()).Interface()
			if err := gob.NewDecoder(&buf).Decode(out); err != nil {
				t.Fatalf("decode %T: %v", v, err)
			}
			if !reflect.DeepEqual(v, out) {
				t.Errorf("%T: round trip gave %v, want %v", v, out, v)
			}
		}
	}
}
