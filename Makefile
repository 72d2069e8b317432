# The two commands a fresh machine needs (see README):
#   make demo    install what is missing, build, run the main demo
#   make check   build and run every test; ends with "N passed, N failed"
BUILD ?= build
CMAKE_FLAGS ?= -G Ninja -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19

.PHONY: all setup build demo check install bench csmith clean
all: build

setup:
	scripts/setup

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo: setup
	$(MAKE) --no-print-directory build
	examples/demo.sh $(BUILD)

check: build
	ninja -C $(BUILD) check-deps
	scripts/check $(BUILD)/test

# cmake --install to PREFIX (docs/install.md).
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

bench: build
	bench/alloc/run --build-dir $(BUILD)

# The full csmith corpus: 210 seeds, so that at least 200 programs are
# compared after the few whose plain build times out (make check runs 20).
csmith: build
	test/csmith/run.sh -n 210 -s 1 --plugin $(BUILD)/lib/genref.so --keep $(BUILD)/csmith-failures

clean:
	rm -rf $(BUILD)
