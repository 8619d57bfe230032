#!/bin/sh
# Builds and runs main.c with the flags pkg-config gives for an installed simdact.
#   build_and_run.sh PREFIX C_COMPILER OUTPUT_DIR
set -eu
prefix=$1 cc=$2 out=$3
mkdir -p "$out"
export PKG_CONFIG_PATH="$(find "$prefix" -name simdact.pc -printf '%h\n' | head -n 1)"
flags=$(pkg-config --cflags --libs simdact)
echo "pkg-config --cflags --libs simdact: $flags"
"$cc" -std=c11 -Wall -Wextra -Werror "$(dirname "$0")/main.c" $flags -o "$out/pkg_config_consumer"
"$out/pkg_config_consumer"
