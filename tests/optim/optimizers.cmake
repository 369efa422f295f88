target_sources(mmengine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/optimizer_base_test.cpp)
