// Package log is a fixture stub of github.com/rs/zerolog/log.
package log

import "github.com/rs/zerolog"

// Logger is the global logger.
var Logger = zerolog.New()

func Info() *zerolog.Event  { return Logger.Info() }
func Error() *zerolog.Event { return Logger.Error() }
func Fatal() *zerolog.Event { return Logger.Fatal() }
func Panic() *zerolog.Event { return Logger.Panic() }
