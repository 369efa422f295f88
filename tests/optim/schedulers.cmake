target_sources(mmengine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/scheduler_fidelity_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scheduler_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vis_scheduler_test.cpp)
