#!/usr/bin/env bash
# usage: third_party_plugin.sh BUILD_DIR WORK_DIR
# Installs under a scratch prefix, then builds the example trainer the SDK installs
# (PREFIX/share/nip/examples/example_trainer) from there, against that prefix only, as a
# plugin author outside this tree would.
set -euo pipefail
build_dir=$1 work=$2
rm -rf "$work"
mkdir -p "$work"

cmake --install "$build_dir" --prefix "$work/prefix" > "$work/install.log"
source_dir="$work/prefix/share/nip/examples/example_trainer"
for file in bin/host include/nip/sdk/sdk.hpp include/nip/sdk/headers_hash.hpp \
    lib/cmake/NipSdk/NipSdkConfig.cmake share/nip/examples/example_trainer/example_trainer.cpp; do
  test -e "$work/prefix/$file" || { echo "FAIL: $file was not installed"; exit 1; }
done

# Only the installed prefix is visible to the third-party build.
cmake -S "$source_dir" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log"
cmake --build "$work/build" -j 2 > "$work/build.log"

# A plugin exports its descriptor and nothing else.
exported=$(nm -D --defined-only "$work/build/example_trainer.so" | awk '{print $3}')
test "$exported" = nip_plugin ||
  { echo "FAIL: the plugin exports more than nip_plugin:"; echo "$exported" | head; exit 1; }

"$work/prefix/bin/host" --list-plugins --plugins-dir "$work/build" | tee "$work/list.log"
grep -q "example_trainer 1.0.0" "$work/list.log" || { echo "FAIL: plugin not listed"; exit 1; }

"$work/prefix/bin/host" --plugin example_trainer --plugins-dir "$work/build" \
    --runs-dir "$work/runs" --run-id third-party 2>&1 | tee "$work/run.log"
grep -q "finished: 10/10 iterations" "$work/run.log" || { echo "FAIL: run did not finish"; exit 1; }
grep -q "Final metrics: test_loss=" "$work/run.log" || { echo "FAIL: no final metrics"; exit 1; }
test -f "$work/runs/third-party/checkpoints/iter-000000008/manifest.json" ||
  { echo "FAIL: no final checkpoint"; exit 1; }
# find_package(NipSdk) names the installed host's plugins directory, and the plugin's
# INSTALL rule puts it there, where the host finds it without --plugins-dir.
grep -q "NIP_PLUGINS_DIR=$work/prefix/lib/nip/plugins\$" "$work/configure.log" ||
  { echo "FAIL: NIP_PLUGINS_DIR is not the prefix's plugins directory:"; \
    grep NIP_PLUGINS_DIR "$work/configure.log"; exit 1; }
cmake --install "$work/build" > "$work/plugin-install.log"
test -f "$work/prefix/lib/nip/plugins/example_trainer.so" ||
  { echo "FAIL: the plugin was not installed into the host's plugins directory"; exit 1; }
"$work/prefix/bin/host" --plugin example_trainer --runs-dir "$work/runs" --run-id installed \
    2>&1 | tee "$work/run-installed.log"
grep -q "finished: 10/10 iterations" "$work/run-installed.log" ||
  { echo "FAIL: the installed plugin did not run"; exit 1; }

# Edited SDK headers: configuring a plugin against them stops, naming the change.
echo "// an edit" >> "$work/prefix/include/nip/sdk/log.hpp"
if cmake -S "$source_dir" -B "$work/build-edited" -DCMAKE_PREFIX_PATH="$work/prefix" \
      > "$work/configure-edited.log" 2>&1; then
  echo "FAIL: a plugin configured against edited SDK headers"; exit 1
fi
# (CMake wraps the message's lines: join them before looking.)
tr -s ' \n' ' ' < "$work/configure-edited.log" | grep -q "were changed after the SDK was built" ||
  { echo "FAIL: no word on the edited headers:"; cat "$work/configure-edited.log"; exit 1; }
# Its schema and validate() reach the user through the host.
"$work/prefix/bin/host" --describe-plugin example_trainer > "$work/describe.log"
grep -q "example.lr = 0.1   (> 0)" "$work/describe.log" ||
  { echo "FAIL: --describe-plugin shows no range:"; cat "$work/describe.log"; exit 1; }
if "$work/prefix/bin/host" --plugin example_trainer --runs-dir "$work/runs" \
    --set example.test_iterations=20 > "$work/validate.log" 2>&1; then
  echo "FAIL: validate() did not refuse"; exit 1
fi
grep -q "refuses these hyper-parameters: example.test_iterations must not exceed" \
  "$work/validate.log" || { echo "FAIL: no word from validate():"; cat "$work/validate.log"; exit 1; }
echo "the installed example trainer built against the installed SDK and run by the installed host"
