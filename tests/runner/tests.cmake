target_sources(mmengine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/runner_fidelity_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/multi_eval_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runner_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/toy_job.cpp
  ${CMAKE_CURRENT_LIST_DIR}/train_state_test.cpp)
target_sources(mmengine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint_fidelity_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint_hook_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint_views.cpp)
