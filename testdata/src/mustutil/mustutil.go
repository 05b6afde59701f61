// Package mustutil holds the check and must helpers many services have.
// It does not import net/http: its Exit facts reach the handlers that
// call it all the same.
package mustutil

import (
	"fmt"
	"log"
	"os"
	"strconv"
)

// Check panics if err is not nil.
func Check(err error) { // want Check:`exit\(panics=maybe exits=never via=panic\)`
	if err != nil {
		panic(err)
	}
}

// Must returns v, or panics with err.
func Must[T any](v T, err error) T { // want Must:`exit\(panics=maybe exits=never via=Check\)`
	Check(err)
	return v
}

// Fail always panics.
func Fail(msg string) { // want Fail:`exit\(panics=always exits=never via=panic\)`
	panic("mustutil: " + msg)
}

// Die logs and ends the process.
func Die(format string, args ...any) { // want Die:`exit\(panics=never exits=always via=os.Exit\)`
	log.Printf(format, args...)
	os.Exit(1)
}

// ParsePort panics on a malformed port. Its callers "always validate
// first", so the panic is impossible, they say: it is still a panic.
func ParsePort(s string) int { // want ParsePort:`exit\(panics=maybe exits=never via=panic\)`
	n, err := strconv.Atoi(s)
	if err != nil {
		panic("port was validated: " + s)
	}
	return n
}

// Protected runs Check under a deferred recover: it never panics.
func Protected(err error) (failed bool) {
	defer func() {
		if recover() != nil {
			failed = true
		}
	}()
	Check(err)
	return false
}

// Serve loops forever; the panic after the loop is unreachable.
func Serve(ch chan int) {
	for {
		<-ch
	}
	panic("unreachable")
}

// Level is a logging level.
type Level int

const (
	LevelDebug Level = iota
	LevelInfo
	LevelError
	LevelFatal
)

// Logger is a leveled logger whose every method goes through log.
type Logger struct{ Prefix string }

// log ends the process at LevelFatal, and only there.
func (l *Logger) log(level Level, msg string) { // want log:`exit\(panics=never exits=maybe via=os.Exit exit-if=param0>=3\)`
	fmt.Fprintln(os.Stderr, l.Prefix, msg)
	if level >= LevelFatal {
		os.Exit(1)
	}
}

// Infof does not end the process: it passes LevelInfo.
func (l *Logger) Infof(format string, args ...any) { l.log(LevelInfo, fmt.Sprintf(format, args...)) }

// Errorf does not either.
func (l *Logger) Errorf(format string, args ...any) { l.log(LevelError, fmt.Sprintf(format, args...)) }

// Fatalf does.
func (l *Logger) Fatalf(format string, args ...any) { // want Fatalf:`exit\(panics=never exits=maybe via=Logger.log\)`
	l.log(LevelFatal, fmt.Sprintf(format, args...))
}

// Logf ends the process if asked to.
func (l *Logger) Logf(level Level, format string, args ...any) { // want Logf:`exit\(panics=never exits=maybe via=Logger.log exit-if=param0>=3\)`
	l.log(level, fmt.Sprintf(format, args...))
}

// Stack is a generic stack whose MustPop panics when it is empty.
type Stack[T any] struct{ items []T }

// Push adds v.
func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

// MustPop removes the top value, or panics.
func (s *Stack[T]) MustPop() T { // want MustPop:`exit\(panics=maybe exits=never via=panic\)`
	if len(s.items) == 0 {
		panic("mustutil: pop from an empty stack")
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v
}
