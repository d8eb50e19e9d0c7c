# matkern: `make test` is what CI runs; `make bench` is the comparison suite.
GO       ?= go
PKGS     ?= ./...
FUZZTIME ?= 20s
# Packages whose code starts goroutines: tested again under the race detector.
RACE_PKGS ?= ./dispatch/... ./internal/par/... ./blocked/...

# The level this CPU should reach, read from /proc/cpuinfo independently of matkern's
# own detection, so that a detection bug that silently falls back to a lower level
# fails the tests instead (see MATKERN_REQUIRE_LEVEL in internal/testutil).
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
ifneq ($(and $(findstring avx512f,$(CPU_FLAGS)),$(findstring avx512dq,$(CPU_FLAGS)),$(findstring avx512bw,$(CPU_FLAGS)),$(findstring avx512vl,$(CPU_FLAGS))),)
  CPU_LEVELS := generic avx2 avx512
else ifneq ($(and $(findstring avx2,$(CPU_FLAGS)),$(findstring fma,$(CPU_FLAGS))),)
  CPU_LEVELS := generic avx2
else
  CPU_LEVELS := generic
endif
ifeq ($(shell $(GO) env GOARCH),amd64)
  REQUIRE_LEVEL ?= $(lastword $(CPU_LEVELS))
else
  CPU_LEVELS := generic
  REQUIRE_LEVEL ?= generic
endif

.PHONY: test vet test-unit test-levels test-purego test-386 test-arm64 test-race bench fuzz cover

test: vet test-unit test-levels test-purego test-386 test-arm64 test-race
	@echo "make test: all passed (levels: $(CPU_LEVELS); 386 tests $(if $(filter yes,$(CAN_RUN_386)),run,built only); arm64 tests $(if $(shell command -v $(QEMU_ARM64) 2>/dev/null),run under $(QEMU_ARM64),built only))"

vet:
	$(GO) vet $(PKGS)
	GOARCH=arm64 $(GO) vet $(PKGS)
	GOARCH=386 $(GO) vet $(PKGS)
	$(GO) vet -tags purego $(PKGS)

# Every test at every level the CPU has (the tests loop over levels themselves).
test-unit:
	MATKERN_REQUIRE_LEVEL=$(REQUIRE_LEVEL) $(GO) test -count=1 $(PKGS)

# Once more with the process capped at each level by MATKERN_SIMD, so that code which
# runs at the default level (examples, bench cases) runs on every path too.
test-levels:
	@for l in $(CPU_LEVELS); do \
		echo "MATKERN_SIMD=$$l go test -short"; \
		MATKERN_SIMD=$$l MATKERN_REQUIRE_LEVEL=$$l $(GO) test -count=1 -short $(PKGS) || exit 1; \
	done

test-purego:
	$(GO) test -count=1 -short -tags purego $(PKGS)

# 386 test binaries run natively where the kernel runs 32-bit programs (not every
# x86-64 kernel is built with IA-32 emulation, and Go's 386 runtime does not start under
# qemu-i386). CAN_RUN_386 is the probe's answer: build and run a tiny 386 program;
# `make test-386 CAN_RUN_386=no` takes the other branch on purpose. Where the answer is
# no, every 386 test binary is still compiled and linked (go test -c), and not run.
# CAN_RUN_386_FROM records, before the probe can run, where the answer comes from, so
# that the build-only message says whether the probe failed or CAN_RUN_386 was set.
CAN_RUN_386_FROM := $(origin CAN_RUN_386)
ifeq ($(origin CAN_RUN_386),undefined)
CAN_RUN_386 = $(eval CAN_RUN_386 := $(shell d=$$(mktemp -d) && printf 'package main\nfunc main() { println("386") }\n' > $$d/main.go && \
	GOARCH=386 $(GO) build -o $$d/probe $$d/main.go >/dev/null 2>&1 && $$d/probe >/dev/null 2>&1 && echo yes || echo no; rm -rf $$d))$(CAN_RUN_386)
endif

test-386:
	@if [ "$(CAN_RUN_386)" = yes ]; then \
		echo "GOARCH=386 go test -short (386 binaries run on this machine)"; \
		GOARCH=386 $(GO) test -count=1 -short $(PKGS) || exit 1; \
	else \
		d=$$(mktemp -d); \
		why='$(if $(filter undefined,$(CAN_RUN_386_FROM)),the probe failed: a tiny 386 program did not build or run here,CAN_RUN_386=$(CAN_RUN_386) was set ($(CAN_RUN_386_FROM)): the probe was not run)'; \
		echo "GOARCH=386 go test -c (building and linking the 386 test binaries only: $$why)"; \
		GOARCH=386 $(GO) test -c -o $$d/ $(PKGS) || { rm -rf $$d; exit 1; }; \
		echo "test-386: $$(ls $$d | wc -l) 386 test binaries built and linked, NOT run: $$why"; \
		rm -rf $$d; \
	fi

# arm64 test binaries run under qemu-user when it is installed (.ci/run installs it).
# QEMU_ARM64 names the emulator; `make test-arm64 QEMU_ARM64=none` takes the build-only
# branch on purpose.
QEMU_ARM64 ?= qemu-aarch64
test-arm64:
	@if command -v $(QEMU_ARM64) >/dev/null 2>&1; then \
		echo "GOARCH=arm64 go test -short -exec $(QEMU_ARM64)"; \
		GOARCH=arm64 $(GO) test -count=1 -short -exec $(QEMU_ARM64) $(PKGS); \
	else \
		d=$$(mktemp -d); \
		echo "GOARCH=arm64 go test -c (building and linking the arm64 test binaries only: the emulator, QEMU_ARM64=$(QEMU_ARM64), is not on PATH, so they cannot run here)"; \
		GOARCH=arm64 $(GO) test -c -o $$d/ $(PKGS) || { rm -rf $$d; exit 1; }; \
		echo "test-arm64: $$(ls $$d | wc -l) arm64 test binaries built and linked, NOT run: no $(QEMU_ARM64) on PATH (apt-get install qemu-user)"; \
		rm -rf $$d; \
	fi

test-race:
	$(GO) test -count=1 -short -race $(RACE_PKGS)
	$(GO) test -count=1 -short -race -run 'Parallel' ./kernels/...

# make bench: the table on standard output, and a Markdown report with PNG and SVG charts
# in $(REPORT). BENCHTAGS=openblas adds the OpenBLAS column (cgo and libopenblas-dev;
# without them the bench says so and runs without it). Compare two saved runs with
# make bench-compare OLD=old.json NEW=new.json (from BENCHFLAGS=-json > file).
BENCHTAGS ?=
REPORT    ?= bench-report
# Whether cgo can build against libopenblas here (a C compiler, cgo on, the library and
# its headers installed): the probe includes <openblas_config.h>, the header that gives
# the installed version and configuration (bench/openblas.go includes it too), so a
# half-installed OpenBLAS (the library without the -dev headers) counts as missing.
OPENBLAS_CHECK = [ "$$($(GO) env CGO_ENABLED)" = 1 ] && printf '\#include <openblas_config.h>\nchar *openblas_get_corename(void);\nint main(void) { return openblas_get_corename() == 0; }\n' | $$($(GO) env CC) -x c - -lopenblas -o /dev/null >/dev/null 2>&1
OPENBLAS_MISSING = OpenBLAS not found (needs cgo, a C compiler and apt-get install libopenblas-dev)

bench:
	@tags=$$(echo '$(BENCHTAGS)' | tr ',' ' '); \
	case " $$tags " in *" openblas "*) \
		if ! { $(OPENBLAS_CHECK); }; then \
			echo "bench: $(OPENBLAS_MISSING); running without the OpenBLAS column" >&2; \
			tags=$$(echo " $$tags " | sed 's/ openblas / /'); \
		fi;; \
	esac; \
	tags=$$(echo $$tags | tr ' ' ','); \
	echo "$(GO) run $${tags:+-tags '$$tags' }./bench/cmd/matbench -report $(REPORT) $(BENCHFLAGS)" >&2; \
	$(GO) run $${tags:+-tags "$$tags"} ./bench/cmd/matbench -report $(REPORT) $(BENCHFLAGS)

.PHONY: bench-compare test-openblas
bench-compare:
	$(GO) run ./bench/cmd/matbench -compare $(OLD) $(NEW)

# The OpenBLAS column built and checked against matkern on small cases, when the library
# is installed (.ci/run installs it); otherwise one line says why not.
test-openblas:
	@if $(OPENBLAS_CHECK); then \
		echo "go vet -tags openblas ./bench/... && go test -tags openblas -run OpenBLAS ./bench/"; \
		$(GO) vet -tags openblas ./bench/... && $(GO) test -count=1 -tags openblas -run 'OpenBLAS' ./bench/; \
	else \
		echo "test-openblas: skipped: $(OPENBLAS_MISSING)"; \
	fi

# Every fuzz target, FUZZTIME each.
fuzz:
	@for pkg in $$($(GO) list $(PKGS)); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "fuzz $$pkg $$target"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

cover:
	$(GO) test -count=1 -coverprofile=cover.out $(PKGS)
	$(GO) tool cover -func=cover.out | tail -n 1
