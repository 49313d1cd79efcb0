#!/usr/bin/env bash
# usage: third_party_plugin.sh BUILD_DIR PLUGIN_SOURCE_DIR WORK_DIR
set -euo pipefail
build_dir=$1 source_dir=$2 work=$3
rm -rf "$work"
mkdir -p "$work"

cmake --install "$build_dir" --prefix "$work/prefix" > "$work/install.log"
for file in bin/host include/nip/sdk/sdk.hpp lib/cmake/NipSdk/NipSdkConfig.cmake; do
  test -e "$work/prefix/$file" || { echo "FAIL: $file was not installed"; exit 1; }
done

# Only the installed prefix is visible to the third-party build.
cmake -S "$source_dir" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log"
cmake --build "$work/build" -j 2 > "$work/build.log"

"$work/prefix/bin/host" --list-plugins --plugins-dir "$work/build" | tee "$work/list.log"
grep -q "hello_trainer 0.3.0" "$work/list.log" || { echo "FAIL: plugin not listed"; exit 1; }

"$work/prefix/bin/host" --plugin hello_trainer --plugins-dir "$work/build" \
    --runs-dir "$work/runs" --run-id third-party 2>&1 | tee "$work/run.log"
grep -q "finished: 8/8 iterations" "$work/run.log" || { echo "FAIL: run did not finish"; exit 1; }
test -f "$work/runs/third-party/checkpoints/iter-000000008/manifest.json" ||
  { echo "FAIL: no final checkpoint"; exit 1; }
echo "third-party plugin built against the installed SDK and run by the installed host"
