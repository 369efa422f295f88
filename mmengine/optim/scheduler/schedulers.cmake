target_sources(mmengine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/builder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cosine_schedulers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/param_scheduler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reduce_on_plateau.cpp
  ${CMAKE_CURRENT_LIST_DIR}/schedule_preview.cpp
  ${CMAKE_CURRENT_LIST_DIR}/schedule_simulation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/step_schedulers.cpp)
