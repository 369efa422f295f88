target_sources(mmengine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/data_loader_test.cpp)
