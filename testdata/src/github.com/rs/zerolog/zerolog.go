// Package zerolog is a fixture stub of github.com/rs/zerolog with the
// same shape: Fatal() and Panic() return an event, and sending it runs a
// function the event carries.
package zerolog

import (
	"fmt"
	"os"
)

// Logger is a logger.
type Logger struct{}

// Event is a log event being built.
type Event struct {
	fields []any
	done   func(msg string)
}

// New returns a logger.
func New() Logger { return Logger{} }

func (l Logger) Info() *Event  { return &Event{} }
func (l Logger) Error() *Event { return &Event{} }
func (l Logger) Fatal() *Event { return &Event{done: func(string) { os.Exit(1) }} }
func (l Logger) Panic() *Event { return &Event{done: func(msg string) { panic(msg) }} }

func (e *Event) Str(key, val string) *Event { e.fields = append(e.fields, key, val); return e }
func (e *Event) Err(err error) *Event       { e.fields = append(e.fields, err); return e }
func (e *Event) Msg(msg string) {
	fmt.Fprintln(os.Stderr, msg, e.fields)
	if e.done != nil {
		e.done(msg)
	}
}
func (e *Event) Msgf(format string, v ...any) { e.Msg(fmt.Sprintf(format, v...)) }
func (e *Event) Send()                        { e.Msg("") }
