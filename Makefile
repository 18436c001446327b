# Nucleon — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
NPM_STAMP := node_modules/.install-stamp
APT_PACKAGES := socat libusb-1.0-0 udev libc6-i386 fonts-dejavu-core chromium ser2net openssl

.PHONY: all install deps-system firmware gen typecheck test demo bench costs clean flash fuzz

all: firmware

# System packages the tests need: socat (pty pairs for real serial I/O), libusb (node-hid
# prebuild links it), udev (serialport's list() spawns udevadm), libc6-i386 (the 32-bit
# Espruino interpreter builds of the target tier, ../shared/tools/espruino/), fonts-dejavu-core
# (the fonts resvg renders the report PNGs' text with, host/plot/svg-png.ts), chromium (the
# headless browser the dashboard's test drives, tests/browser/), ser2net and the
# openssl CLI (tests/host/transport-ser2net.test.ts: a board reached through ser2net, plain and
# TLS with client certificates the test makes with openssl; the test runs its own ser2net, and
# on a systemd machine the package also starts Debian's ser2net service on /etc/ser2net.yaml's
# loopback examples), and qemu-user
# where this kernel cannot run 32-bit programs (built without IA32 emulation: exec fails with
# "Exec format error"): the target tier then runs the same binaries under qemu-i386.
deps-system:
	@missing=""; \
	command -v socat >/dev/null || missing="$$missing socat"; \
	ldconfig -p | grep -q 'libusb-1.0.so.0' || missing="$$missing libusb-1.0-0"; \
	command -v udevadm >/dev/null || missing="$$missing udev"; \
	[ -e /lib/ld-linux.so.2 ] || missing="$$missing libc6-i386"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v ser2net >/dev/null || [ -x /usr/sbin/ser2net ] || missing="$$missing ser2net"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@if [ -e /lib/ld-linux.so.2 ] && ! /lib/ld-linux.so.2 --help >/dev/null 2>&1 && ! command -v qemu-i386 >/dev/null; then \
	  echo "this kernel does not run 32-bit programs: installing Debian's qemu-user for the target tier"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq qemu-user >/dev/null; \
	fi

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: deps-system $(NPM_STAMP)

firmware: $(NPM_STAMP)
	@if [ -f firmware/build.ts ]; then node -r ts-node/register/transpile-only firmware/build.ts; else echo "firmware: not built yet (issue 4)"; fi

# Rewrites the files generated from the protocol spec (protocol/ops.ts → protocol/codes.ts,
# firmware/ops/index.ts, host/client/ops.ts); tests/protocol/generated.test.ts checks them.
gen: $(NPM_STAMP)
	npm run --silent gen

typecheck: $(NPM_STAMP)
	npx tsc -p tsconfig.json

test: install firmware typecheck
	npx jest --ci

# The fuzz suite (tests/fuzz/) with a seed and a count: COUNT inputs in all, split evenly over its
# seven targets (HTTP, WebSocket, board specs, SDK calls, CLI flags, checkpoint and state files).
# make test runs the same suite with small default counts. Counts per target: fuzz-report.jsonl.
SEED ?= 1
COUNT ?= 100000
fuzz: install firmware
	@rm -f fuzz-report.jsonl
	FUZZ_SEED=$(SEED) FUZZ_COUNT=$(COUNT) FUZZ_REPORT=$(CURDIR)/fuzz-report.jsonl npx jest --ci --runInBand tests/fuzz
	@cat fuzz-report.jsonl

demo: install firmware
	@if [ -f host/cli/main.ts ]; then ./bin/nucleon.js demo; else echo "make demo: not yet — the trainer (issue 6) has not landed. Run 'make test'."; fi

bench: install firmware
	@if [ -f bench/run.ts ]; then node -r ts-node/register/transpile-only bench/run.ts; else echo "make bench: no benchmarks yet"; fi

# Refreshes the twin's interpreter cost table (board/definitions/<id>.costs.json) from the real
# interpreter: bench/firmware-espruino.ts --write-costs.
costs: install firmware
	node -r ts-node/register/transpile-only bench/firmware-espruino.ts speed --write-costs

flash: install firmware
	./bin/nucleon.js flash --port $(PORT)

clean:
	rm -rf dist coverage
