package testutil

import "os"

// LongEnv names the environment variable that turns on the long tests (large sizes,
// dense sweeps): MATKERN_LONG=1. make test leaves it off to stay within its time budget.
const LongEnv = "MATKERN_LONG"

// Long reports whether the long tests are on.
func Long() bool { return os.Getenv(LongEnv) != "" && os.Getenv(LongEnv) != "0" }
