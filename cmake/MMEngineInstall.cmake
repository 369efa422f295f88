# install + export: find_package(mmengine) gives mmengine::core and
# mmengine::mmengine (which brings mmengine::torch, found the same way).
include(CMakePackageConfigHelpers)

set(MMENGINE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mmengine)
set(_mm_targets mmengine_core)
if(MMENGINE_BUILD_ENGINE)
  list(APPEND _mm_targets mmengine)
endif()

install(TARGETS ${_mm_targets}
  EXPORT mmengineTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS mmengine_warnings EXPORT mmengineTargets)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/mmengine/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mmengine
  FILES_MATCHING PATTERN "*.h"
  PATTERN "*_impl.h" EXCLUDE)
install(DIRECTORY ${PROJECT_BINARY_DIR}/generated/mmengine/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mmengine
  FILES_MATCHING PATTERN "*.h")

install(EXPORT mmengineTargets
  NAMESPACE mmengine::
  DESTINATION ${MMENGINE_CMAKE_DIR})

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/mmengineConfig.cmake.in
  ${PROJECT_BINARY_DIR}/mmengineConfig.cmake
  INSTALL_DESTINATION ${MMENGINE_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/mmengineConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/mmengineConfig.cmake
  ${PROJECT_BINARY_DIR}/mmengineConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/MMEngineTorch.cmake
  DESTINATION ${MMENGINE_CMAKE_DIR})
