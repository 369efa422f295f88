target_sources(mmengine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/optimizer_base_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optimizer_build_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optimizer_fidelity_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optimizer_lbfgs_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optimizer_test_util.cpp)
