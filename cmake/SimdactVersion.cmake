# The version lives in project() and, for C and C++ users, in include/simdact/simdact.h; this
# check keeps the two from drifting apart.
file(STRINGS "${PROJECT_SOURCE_DIR}/include/simdact/simdact.h" _simdact_version_lines
     REGEX "^#define SIMDACT_VERSION_(MAJOR|MINOR|PATCH) ")
foreach(part MAJOR MINOR PATCH)
  string(REGEX MATCH "SIMDACT_VERSION_${part} ([0-9]+)" _match "${_simdact_version_lines}")
  if(NOT CMAKE_MATCH_1 STREQUAL "${PROJECT_VERSION_${part}}")
    message(FATAL_ERROR "simdact.h says SIMDACT_VERSION_${part} ${CMAKE_MATCH_1}, project() says "
                        "${PROJECT_VERSION_${part}}")
  endif()
endforeach()
