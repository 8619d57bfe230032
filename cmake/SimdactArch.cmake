# Which ISAs to build for this target, and the flags of each one's translation unit.
# SIMDACT_ISAS: the list; SIMDACT_FLAGS_<isa>: its compile flags.  scalar is always built, with the
# target's baseline flags only.  SIMDACT_ENABLE_<ISA>=OFF leaves an ISA out of the build (its name
# then answers SIMDACT_UNSUPPORTED_ISA).
include(CheckCXXCompilerFlag)
option(SIMDACT_ENABLE_SSE2 "Build the sse2 kernels (x86-64)" ON)
option(SIMDACT_ENABLE_AVX2 "Build the avx2 kernels (x86-64)" ON)
option(SIMDACT_ENABLE_AVX512 "Build the avx512 kernels (x86-64)" ON)
option(SIMDACT_ENABLE_NEON "Build the neon kernels (aarch64)" ON)

set(SIMDACT_ISAS scalar)
set(SIMDACT_FLAGS_scalar "")

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  if(SIMDACT_ENABLE_SSE2)
    list(APPEND SIMDACT_ISAS sse2)
    set(SIMDACT_FLAGS_sse2 -msse2)
  endif()
  check_cxx_compiler_flag("-mavx2 -mfma" SIMDACT_COMPILER_HAS_AVX2)
  if(SIMDACT_ENABLE_AVX2 AND SIMDACT_COMPILER_HAS_AVX2)
    list(APPEND SIMDACT_ISAS avx2)
    set(SIMDACT_FLAGS_avx2 -mavx2 -mfma)
  endif()
  check_cxx_compiler_flag("-mavx512f -mavx512dq" SIMDACT_COMPILER_HAS_AVX512)
  if(SIMDACT_ENABLE_AVX512 AND SIMDACT_COMPILER_HAS_AVX512)
    list(APPEND SIMDACT_ISAS avx512)
    # GCC 12's avx512fintrin.h trips its own -Wuninitialized through _mm512_undefined_* (GCC PR
    # 105593, fixed in GCC 13): a false positive inside the system header, silenced for this TU only.
    # AVX-512F and DQ (vrangeps): every AVX-512 core since Skylake-SP and Zen 4 has both.
    set(SIMDACT_FLAGS_avx512 -mavx512f -mavx512dq)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      list(APPEND SIMDACT_FLAGS_avx512 -Wno-uninitialized)
    endif()
  endif()
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  if(SIMDACT_ENABLE_NEON)
    list(APPEND SIMDACT_ISAS neon)
    set(SIMDACT_FLAGS_neon "")
  endif()
endif()

message(STATUS "simdact: ISAs built: ${SIMDACT_ISAS}")
