// Package logrus is a fixture stub of github.com/sirupsen/logrus with the
// same internal shape: every level goes through Entry.log, which panics
// at PanicLevel, and Fatal exits through a function variable. The want
// comments are handlerexit's Exit facts: Info and Errorf get none, since
// the level they pass rules the panic out.
package logrus

import (
	"fmt"
	"os"
)

// Level is a logging level.
type Level uint32

const (
	PanicLevel Level = iota
	FatalLevel
	ErrorLevel
	WarnLevel
	InfoLevel
	DebugLevel
)

// Logger is a logger.
type Logger struct {
	Level    Level
	ExitFunc func(int)
}

// Entry is a log entry.
type Entry struct {
	Logger  *Logger
	Message string
}

var std = New()

// New returns a logger.
func New() *Logger { return &Logger{Level: InfoLevel} }

// StandardLogger returns the package's logger.
func StandardLogger() *Logger { return std }

func (logger *Logger) IsLevelEnabled(level Level) bool { return logger.Level >= level }

func (logger *Logger) Log(level Level, args ...any) { // want Log:`exit\(panics=maybe exits=never via=Entry.Log panic-if=param0<=0\)`
	if logger.IsLevelEnabled(level) {
		entry := &Entry{Logger: logger}
		entry.Log(level, args...)
	}
}

func (logger *Logger) Exit(code int) {
	if logger.ExitFunc == nil {
		logger.ExitFunc = os.Exit
	}
	logger.ExitFunc(code)
}

func (logger *Logger) Infof(format string, args ...any) {
	logger.Log(InfoLevel, fmt.Sprintf(format, args...))
}
func (logger *Logger) Errorf(format string, args ...any) {
	logger.Log(ErrorLevel, fmt.Sprintf(format, args...))
}
func (logger *Logger) Panicf(format string, args ...any) { // want Panicf:`exit\(panics=maybe exits=never via=Logger.Log\)`
	logger.Log(PanicLevel, fmt.Sprintf(format, args...))
}
func (logger *Logger) Fatalf(format string, args ...any) { // want Fatalf:`exit\(panics=never exits=always via=Logger.Exit\)`
	logger.Log(FatalLevel, fmt.Sprintf(format, args...))
	logger.Exit(1)
}

func (entry *Entry) Log(level Level, args ...any) { // want Log:`exit\(panics=maybe exits=never via=Entry.log panic-if=param0<=0\)`
	if entry.Logger.IsLevelEnabled(level) {
		entry.log(level, fmt.Sprint(args...))
	}
}

func (entry *Entry) log(level Level, msg string) { // want log:`exit\(panics=maybe exits=never via=panic panic-if=param0<=0\)`
	entry.Message = msg
	fmt.Fprintln(os.Stderr, msg)
	if level <= PanicLevel {
		panic(entry)
	}
}

func (entry *Entry) Info(args ...any)  { entry.Log(InfoLevel, args...) }
func (entry *Entry) Panic(args ...any) { entry.Log(PanicLevel, args...) } // want Panic:`exit\(panics=maybe exits=never via=Entry.Log\)`
func (entry *Entry) Fatal(args ...any) { // want Fatal:`exit\(panics=never exits=always via=Logger.Exit\)`
	entry.Log(FatalLevel, args...)
	entry.Logger.Exit(1)
}

// WithField returns an entry with a field.
func WithField(key string, value any) *Entry { return &Entry{Logger: std} }

func Infof(format string, args ...any)  { std.Infof(format, args...) }
func Errorf(format string, args ...any) { std.Errorf(format, args...) }
func Fatalf(format string, args ...any) { std.Fatalf(format, args...) } // want Fatalf:`exit\(panics=never exits=always via=Logger.Fatalf\)`
