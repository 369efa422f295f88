target_sources(mmengine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/amp_optimizer_wrapper.cpp
  ${CMAKE_CURRENT_LIST_DIR}/clip_grad.cpp
  ${CMAKE_CURRENT_LIST_DIR}/default_constructor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/grad_scaler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optim_wrapper.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optim_wrapper_builder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optimizer_wrapper_dict.cpp)
