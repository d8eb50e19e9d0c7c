package testutil

import (
	"fmt"
	"strings"
	"testing"
)

// MustPanic fails t unless f panics with a message containing every one of want.
func MustPanic(t testing.TB, f func(), want ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("no panic, want one containing %q", want)
			return
		}
		msg := fmt.Sprint(r)
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("panic %q, want one containing %q", msg, w)
			}
		}
	}()
	f()
}
