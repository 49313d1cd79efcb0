#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a built nip-cpp, then the main job or
# the tests:
#   scripts/setup.sh run    install what is missing, build, run `host --plugin ppo_trainer`
#   scripts/setup.sh test   install what is missing, build, run the test suite (ctest)
# Extra arguments after `run` go to the host; after `test`, to ctest.
# Environment: BUILD_DIR (default: build), JOBS (default: 2).
set -euo pipefail

mode=${1:-}
shift || true
case "$mode" in
  run|test) ;;
  *) echo "usage: scripts/setup.sh run|test [args...]" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-2}

packages=(
  cmake g++ make git pkg-config
  libtorch-dev
  libboost1.81-dev libboost-json1.81-dev libboost-filesystem1.81-dev
  libboost-test1.81-dev libboost-program-options1.81-dev
  libspdlog-dev libssl-dev
  libopenblas0-pthread
)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DNIP_WARNINGS_AS_ERRORS=ON
cmake --build "$build_dir" -j "$jobs"

if [ "$mode" = run ]; then
  exec "$build_dir/host/host" --plugin ppo_trainer "$@"
else
  # Every suite, the learning check included (about 3 minutes, alone); the per-protocol
  # learning checks (label protocol_learning, about 15 minutes) only when asked for:
  # ctest --test-dir build -L protocol_learning.
  exec ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" -LE protocol_learning "$@"
fi
