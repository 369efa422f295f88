# Each part lists its own tests (optimizers, wrappers, schedulers).
include(${CMAKE_CURRENT_LIST_DIR}/optimizers.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/wrappers.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/schedulers.cmake)
