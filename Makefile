# The two commands a fresh machine needs (see README):
#   make demo    install what is missing, build, run the main demo
#   make check   build and run every test; ends with "N passed, N failed"
BUILD ?= build
CMAKE_FLAGS ?= -G Ninja -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19

.PHONY: all setup build demo check bench clean
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

bench: build
	bench/run

clean:
	rm -rf $(BUILD)
