# Compiler launcher, linker, warnings and sanitizers shared by every target.

if(MMENGINE_USE_CCACHE)
  find_program(MMENGINE_CCACHE_PROGRAM ccache)
  if(MMENGINE_CCACHE_PROGRAM)
    # PCH and __DATE__-free sources need the sloppiness to get cache hits;
    # the base dir makes paths relative, so a second clone hits the cache.
    set(CMAKE_CXX_COMPILER_LAUNCHER
        ${CMAKE_COMMAND} -E env
        "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
        "CCACHE_BASEDIR=${PROJECT_SOURCE_DIR}"
        ${MMENGINE_CCACHE_PROGRAM})
    message(STATUS "mmengine: using ccache (${MMENGINE_CCACHE_PROGRAM})")
  endif()
endif()

# lld links libtorch-sized binaries several times faster than bfd.
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  include(CheckLinkerFlag)
  find_program(MMENGINE_LLD ld.lld)
  if(MMENGINE_LLD)
    check_linker_flag(CXX "-fuse-ld=lld" MMENGINE_HAS_LLD)
    if(MMENGINE_HAS_LLD)
      add_link_options(-fuse-ld=lld)
      # GCC >= 12 splits functions into hot/cold parts and can emit
      # zero-length unwind entries for empty cold parts; lld < 19 then lets
      # them shadow the next function's entry and exceptions thrown from
      # cold code terminate the program (llvm-project #218124). Keep each
      # function in one piece.
      if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        add_compile_options(-fno-reorder-blocks-and-partition)
      endif()
    endif()
  endif()
endif()

# Warnings for our own targets only (third-party headers come in as SYSTEM).
add_library(mmengine_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(mmengine_warnings INTERFACE -Wall -Wextra)
endif()

if(MMENGINE_SANITIZE)
  message(STATUS "mmengine: sanitizers ${MMENGINE_SANITIZE}")
  add_compile_options(-fsanitize=${MMENGINE_SANITIZE} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${MMENGINE_SANITIZE})
endif()
