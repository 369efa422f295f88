target_sources(mmengine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/amp_optimizer_wrapper_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/default_constructor_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optim_wrapper_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optimizer_wrapper_dict_test.cpp)
