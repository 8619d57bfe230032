# Which ISAs to build for this target, and the flags of each one's translation unit.
# SIMDACT_ISAS: the list; SIMDACT_FLAGS_<isa>: its compile flags.  scalar is always built, with the
# target's baseline flags only.
include(CheckCXXCompilerFlag)

set(SIMDACT_ISAS scalar)
set(SIMDACT_FLAGS_scalar "")

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  list(APPEND SIMDACT_ISAS sse2)
  set(SIMDACT_FLAGS_sse2 -msse2)
  check_cxx_compiler_flag("-mavx2 -mfma" SIMDACT_COMPILER_HAS_AVX2)
  if(SIMDACT_COMPILER_HAS_AVX2)
    list(APPEND SIMDACT_ISAS avx2)
    set(SIMDACT_FLAGS_avx2 -mavx2 -mfma)
  endif()
  check_cxx_compiler_flag("-mavx512f" SIMDACT_COMPILER_HAS_AVX512)
  if(SIMDACT_COMPILER_HAS_AVX512)
    list(APPEND SIMDACT_ISAS avx512)
    # GCC 12's avx512fintrin.h trips its own -Wuninitialized through _mm512_undefined_* (GCC PR
    # 105593, fixed in GCC 13): a false positive inside the system header, silenced for this TU only.
    set(SIMDACT_FLAGS_avx512 -mavx512f)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      list(APPEND SIMDACT_FLAGS_avx512 -Wno-uninitialized)
    endif()
  endif()
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  list(APPEND SIMDACT_ISAS neon)
  set(SIMDACT_FLAGS_neon "")
endif()

message(STATUS "simdact: ISAs built: ${SIMDACT_ISAS}")
