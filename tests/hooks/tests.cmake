target_sources(mmengine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ema_hook_test.cpp)
