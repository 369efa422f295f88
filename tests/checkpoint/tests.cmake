target_sources(mmengine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint_fidelity_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/download_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pickle_security_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/safetensors_test.cpp)
