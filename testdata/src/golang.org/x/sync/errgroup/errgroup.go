// Package errgroup is a fixture stub of golang.org/x/sync/errgroup: the
// API surface resetlint's passes recognise, with no behaviour.
package errgroup

import "context"

// A Group is a collection of goroutines working on subtasks of a task.
type Group struct{}

// WithContext returns a new Group and a derived Context.
func WithContext(ctx context.Context) (*Group, context.Context) { return &Group{}, ctx }

// Go calls f in a new goroutine.
func (g *Group) Go(f func() error) {}

// TryGo calls f in a new goroutine only if the limit allows it.
func (g *Group) TryGo(f func() error) bool { return true }

// SetLimit limits the number of active goroutines to n.
func (g *Group) SetLimit(n int) {}

// Wait blocks until all function calls from Go have returned.
func (g *Group) Wait() error { return nil }
