# Cross-build for aarch64 Linux with Debian's g++-aarch64-linux-gnu; tests run under qemu-user.
#   cmake -S . -B build/aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
#   cmake --build build/aarch64 && (cd build/aarch64 && ctest)
# tests/run.sh --aarch64 does all of it, including building GoogleTest for the target.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;/usr/aarch64-linux-gnu)

# Search the target sysroot (and the prefix where tests/run.sh installs the target's GoogleTest)
# for libraries and headers, never the host's /usr.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu ${SIMDACT_AARCH64_PREFIX})
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SIMDACT_AARCH64_PREFIX)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
