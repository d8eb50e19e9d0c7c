//go:build !linux

package testutil

import "time"

// ThreadCPU returns 0 and false: no thread CPU clock is read outside Linux.
func ThreadCPU() (time.Duration, bool) { return 0, false }
