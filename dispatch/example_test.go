package dispatch_test

import (
	"fmt"

	"github.com/matkern/matkern/dispatch"
)

// Force the generic code path for a while, for example to compare results or timings,
// then go back to the detected one.
func ExampleSet() {
	restore, err := dispatch.Set(dispatch.Generic)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("active:", dispatch.Active())
	restore()
	fmt.Println("restored:", dispatch.Active() == dispatch.Available()[len(dispatch.Available())-1])
	// Output:
	// active: generic
	// restored: true
}
