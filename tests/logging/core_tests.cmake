target_sources(mmengine_core_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/history_buffer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/log_processor_fidelity_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/log_processor_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logger_fidelity_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logger_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/message_hub_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/visualizer_test.cpp)
