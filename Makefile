# The two commands of the README, plus helpers. Each target runs
# scripts/setup.sh first, which installs and builds only what is missing.
.PHONY: train test setup format clean

train: setup
	./build/bin/mmengine train configs/digits/lenet_digits.py --test

test: setup
	./scripts/test.sh

setup:
	./scripts/setup.sh

format:
	./scripts/format.sh

clean:
	rm -rf build
