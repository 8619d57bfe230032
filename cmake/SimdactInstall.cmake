# Install rules, {fmt}-style: the library and public headers (GNUInstallDirs), an export set with
# namespace simdact::, a package config with a same-major version file, a build-tree export, and a
# relocatable simdact.pc.  xsimd, GoogleTest and Google Benchmark are build-only: not installed,
# not needed by consumers.
include(CMakePackageConfigHelpers)

set(SIMDACT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/simdact)

install(TARGETS simdact EXPORT simdact-targets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/simdact DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT simdact-targets NAMESPACE simdact:: DESTINATION ${SIMDACT_CMAKE_DIR})
export(EXPORT simdact-targets NAMESPACE simdact:: FILE ${PROJECT_BINARY_DIR}/simdact-targets.cmake)

configure_package_config_file(cmake/simdact-config.cmake.in ${PROJECT_BINARY_DIR}/simdact-config.cmake
                              INSTALL_DESTINATION ${SIMDACT_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/simdact-config-version.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/simdact-config.cmake ${PROJECT_BINARY_DIR}/simdact-config-version.cmake
        DESTINATION ${SIMDACT_CMAKE_DIR})

# simdact.pc finds its prefix relative to its own directory, so an installed tree can be moved.
file(RELATIVE_PATH SIMDACT_PC_PREFIX_FROM_PCFILEDIR "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(cmake/simdact.pc.in ${PROJECT_BINARY_DIR}/simdact.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/simdact.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
