package testutil

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/matkern/matkern/dispatch"
)

// RequireEnv names the environment variable listing levels (comma-separated, or "all"
// for every level dispatch knows) that must run: a required level this process cannot
// run is a test failure, never a silent skip.
const RequireEnv = "MATKERN_REQUIRE_LEVEL"

// ForEachLevel runs f as a subtest named "level=<name>" at every level dispatch.Available
// lists, with that level in force for the subtest's duration. Subtests must not call
// t.Parallel: the level is process-wide.
func ForEachLevel(t *testing.T, f func(t *testing.T, l dispatch.Level)) {
	t.Helper()
	CheckRequired(t)
	for _, l := range dispatch.Available() {
		t.Run("level="+l.String(), func(t *testing.T) {
			restore, err := dispatch.Set(l)
			if err != nil {
				t.Fatalf("dispatch.Set(%s): %v", l, err)
			}
			defer restore()
			f(t, l)
		})
	}
}

// CheckRequired fails t if MATKERN_REQUIRE_LEVEL names a level that cannot run here.
func CheckRequired(t testing.TB) {
	t.Helper()
	v := strings.TrimSpace(os.Getenv(RequireEnv))
	if v == "" {
		return
	}
	var want []dispatch.Level
	if v == "all" {
		want = []dispatch.Level{dispatch.Generic, dispatch.AVX2, dispatch.AVX512}
	} else {
		for _, name := range strings.Split(v, ",") {
			l, err := dispatch.ParseLevel(name)
			if err != nil {
				t.Fatalf("%s=%q: %v", RequireEnv, v, err)
			}
			want = append(want, l)
		}
	}
	for _, l := range want {
		if !dispatch.Supported(l) {
			t.Fatalf("%s requires level %s, which cannot run here:\n%s", RequireEnv, l, dispatch.Info())
		}
	}
}

// NeedLevel skips t unless level l can run here, after failing it (CheckRequired) if
// MATKERN_REQUIRE_LEVEL demands a level that cannot: a test of one level's code never
// skips silently where that level is required.
func NeedLevel(t testing.TB, l dispatch.Level) {
	t.Helper()
	if !slices.Contains(dispatch.Available(), l) {
		CheckRequired(t)
		t.Skipf("level %s is not available here", l)
	}
}
