// Package testfiles has a test server that writes twice on purpose.
package testfiles
