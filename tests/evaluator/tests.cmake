target_sources(mmengine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/collect_dump_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/single_label_test.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/zoo/configs_test.cpp)
