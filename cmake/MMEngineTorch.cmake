# Defines the imported target mmengine::torch (headers, libraries, flags of
# libtorch) without the CUDA toolkit.
#
# libtorch is found, in this order:
#   1. MMENGINE_TORCH_ROOT: a folder with include/ and lib/ (an unpacked libtorch
#      zip, or the torch/ package folder of a PyPI wheel);
#   2. Torch_DIR or CMAKE_PREFIX_PATH holding share/cmake/Torch/TorchConfig.cmake;
#   3. MMENGINE_PYTHON: the torch package of that Python (the project's .venv).
# With MMENGINE_TORCH_USE_CONFIG=ON it calls find_package(Torch) instead; that
# path needs whatever TorchConfig.cmake needs (for CUDA builds: the CUDA toolkit).
#
# Why not always find_package(Torch): the PyPI wheel is CUDA-enabled, and its
# TorchConfig.cmake insists on a CUDA toolkit (nvcc, headers) even for a
# consumer that never compiles CUDA code. We only link against the wheel's
# prebuilt libraries, so we describe them directly.

if(TARGET mmengine::torch)
  return()
endif()

option(MMENGINE_TORCH_USE_CONFIG "Use libtorch's own TorchConfig.cmake" OFF)
set(MMENGINE_TORCH_ROOT "${MMENGINE_TORCH_ROOT}" CACHE PATH
  "libtorch folder with include/ and lib/ (empty: search)")
if(NOT DEFINED MMENGINE_WITH_CUDA)
  set(MMENGINE_WITH_CUDA AUTO)
endif()

if(MMENGINE_TORCH_USE_CONFIG)
  find_package(Torch REQUIRED CONFIG)
  add_library(mmengine::torch INTERFACE IMPORTED)
  target_link_libraries(mmengine::torch INTERFACE ${TORCH_LIBRARIES})
  target_include_directories(mmengine::torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
  separate_arguments(_mm_torch_flags UNIX_COMMAND "${TORCH_CXX_FLAGS}")
  target_compile_options(mmengine::torch INTERFACE ${_mm_torch_flags})
  get_filename_component(MMENGINE_TORCH_ROOT "${Torch_DIR}/../../.." ABSOLUTE)
  set(MMENGINE_TORCH_HAS_CUDA ${TORCH_CUDA_LIBRARIES})
  return()
endif()

if(NOT MMENGINE_TORCH_ROOT)
  find_file(_mm_torch_config TorchConfig.cmake
    HINTS ${Torch_DIR} $ENV{Torch_DIR}
    PATH_SUFFIXES share/cmake/Torch
    NO_CACHE)
  if(_mm_torch_config)
    get_filename_component(MMENGINE_TORCH_ROOT "${_mm_torch_config}/../../../.." ABSOLUTE)
  elseif(MMENGINE_PYTHON)
    # find_spec locates the package without importing it (no CUDA libs loaded).
    execute_process(
      COMMAND "${MMENGINE_PYTHON}" -c
        "import importlib.util as u; s = u.find_spec('torch'); print(s.submodule_search_locations[0] if s else '')"
      OUTPUT_VARIABLE _mm_torch_pkg
      OUTPUT_STRIP_TRAILING_WHITESPACE
      RESULT_VARIABLE _mm_rc)
    if(_mm_rc EQUAL 0 AND _mm_torch_pkg)
      set(MMENGINE_TORCH_ROOT "${_mm_torch_pkg}")
    endif()
  endif()
endif()

if(NOT MMENGINE_TORCH_ROOT OR NOT EXISTS "${MMENGINE_TORCH_ROOT}/include/torch")
  message(FATAL_ERROR
    "mmengine: libtorch not found (looked at MMENGINE_TORCH_ROOT='${MMENGINE_TORCH_ROOT}', "
    "Torch_DIR, CMAKE_PREFIX_PATH and MMENGINE_PYTHON='${MMENGINE_PYTHON}'). "
    "Run scripts/setup.sh, or pass -DMMENGINE_TORCH_ROOT=/path/to/libtorch "
    "or -DTorch_DIR=/path/to/libtorch/share/cmake/Torch.")
endif()

set(_mm_lib "${MMENGINE_TORCH_ROOT}/lib")
foreach(_mm_name c10 torch_cpu)
  if(NOT EXISTS "${_mm_lib}/lib${_mm_name}.so")
    message(FATAL_ERROR "mmengine: ${_mm_lib}/lib${_mm_name}.so is missing; "
      "'${MMENGINE_TORCH_ROOT}' is not a complete libtorch")
  endif()
endforeach()

if(MMENGINE_WITH_CUDA STREQUAL "AUTO")
  if(EXISTS "${_mm_lib}/libtorch_cuda.so")
    set(MMENGINE_TORCH_HAS_CUDA ON)
  else()
    set(MMENGINE_TORCH_HAS_CUDA OFF)
  endif()
elseif(MMENGINE_WITH_CUDA)
  if(NOT EXISTS "${_mm_lib}/libtorch_cuda.so")
    message(FATAL_ERROR "mmengine: MMENGINE_WITH_CUDA=ON but "
      "${_mm_lib}/libtorch_cuda.so does not exist (a CPU-only libtorch)")
  endif()
  set(MMENGINE_TORCH_HAS_CUDA ON)
else()
  set(MMENGINE_TORCH_HAS_CUDA OFF)
endif()

# libtorch's include/ also carries its private copy of fmt (a different major
# version than the system's): expose every entry but that one, through a
# folder of links, so <fmt/...> means the same library in every target.
set(_mm_inc "${CMAKE_BINARY_DIR}/mmengine_torch_include")
if(NOT EXISTS "${_mm_inc}/.root" OR NOT EXISTS "${_mm_inc}/torch")
  set(_mm_old_root "")
else()
  file(READ "${_mm_inc}/.root" _mm_old_root)
endif()
if(NOT _mm_old_root STREQUAL MMENGINE_TORCH_ROOT)
  file(REMOVE_RECURSE "${_mm_inc}")
  file(MAKE_DIRECTORY "${_mm_inc}")
  file(GLOB _mm_entries RELATIVE "${MMENGINE_TORCH_ROOT}/include"
    "${MMENGINE_TORCH_ROOT}/include/*")
  list(REMOVE_ITEM _mm_entries fmt)
  foreach(_mm_entry ${_mm_entries})
    file(CREATE_LINK "${MMENGINE_TORCH_ROOT}/include/${_mm_entry}"
      "${_mm_inc}/${_mm_entry}" SYMBOLIC)
  endforeach()
  file(WRITE "${_mm_inc}/.root" "${MMENGINE_TORCH_ROOT}")
endif()

add_library(mmengine::torch INTERFACE IMPORTED)
target_include_directories(mmengine::torch SYSTEM INTERFACE
  "${_mm_inc}"
  "${MMENGINE_TORCH_ROOT}/include/torch/csrc/api/include")

# Old (pre-2.7) libtorch builds may still use the pre-C++11 string ABI.
set(_mm_abi 1)
if(EXISTS "${MMENGINE_TORCH_ROOT}/share/cmake/Torch/TorchConfig.cmake")
  file(STRINGS "${MMENGINE_TORCH_ROOT}/share/cmake/Torch/TorchConfig.cmake"
    _mm_abi0 REGEX "_GLIBCXX_USE_CXX11_ABI=0")
  if(_mm_abi0)
    set(_mm_abi 0)
  endif()
endif()
target_compile_definitions(mmengine::torch INTERFACE _GLIBCXX_USE_CXX11_ABI=${_mm_abi})

set(_mm_libs "${_mm_lib}/libtorch_cpu.so" "${_mm_lib}/libc10.so")
if(MMENGINE_TORCH_HAS_CUDA)
  # The CUDA kernels register themselves when libtorch_cuda is loaded; nothing
  # references its symbols directly, so keep it with --no-as-needed.
  list(PREPEND _mm_libs
    "-Wl,--no-as-needed" "${_mm_lib}/libtorch_cuda.so" "${_mm_lib}/libc10_cuda.so"
    "-Wl,--as-needed")
  # Let the linker resolve libtorch_cuda's own dependencies (the wheel keeps
  # them in site-packages/nvidia/*/lib; the libtorch zip in lib/).
  file(GLOB _mm_nv_dirs LIST_DIRECTORIES true
    "${MMENGINE_TORCH_ROOT}/../nvidia/*/lib")
  foreach(_mm_dir ${_mm_nv_dirs})
    list(APPEND _mm_libs "-Wl,-rpath-link,${_mm_dir}")
  endforeach()
  # CUDA runtime headers for the few engine files that query devices: the
  # wheel ships them in site-packages/nvidia/cu*/include; else the toolkit's.
  file(GLOB _mm_nv_inc LIST_DIRECTORIES true
    "${MMENGINE_TORCH_ROOT}/../nvidia/cu*/include")
  if(NOT _mm_nv_inc)
    find_package(CUDAToolkit QUIET)
    if(CUDAToolkit_FOUND)
      set(_mm_nv_inc ${CUDAToolkit_INCLUDE_DIRS})
    endif()
  endif()
  foreach(_mm_dir ${_mm_nv_inc})
    if(EXISTS "${_mm_dir}/cuda_runtime_api.h")
      set(MMENGINE_CUDA_INCLUDE_DIR "${_mm_dir}")
      break()
    endif()
  endforeach()
  if(MMENGINE_CUDA_INCLUDE_DIR)
    target_include_directories(mmengine::torch SYSTEM INTERFACE
      "${MMENGINE_CUDA_INCLUDE_DIR}")
  endif()
endif()
target_link_libraries(mmengine::torch INTERFACE ${_mm_libs} Threads::Threads)
# Executables find libtorch at run time without LD_LIBRARY_PATH.
target_link_options(mmengine::torch INTERFACE "-Wl,-rpath,${_mm_lib}")

message(STATUS "mmengine: libtorch at ${MMENGINE_TORCH_ROOT} "
  "(CUDA libraries: ${MMENGINE_TORCH_HAS_CUDA})")
