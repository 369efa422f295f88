target_sources(mmengine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/adadelta.cpp
  ${CMAKE_CURRENT_LIST_DIR}/adagrad.cpp
  ${CMAKE_CURRENT_LIST_DIR}/adam.cpp
  ${CMAKE_CURRENT_LIST_DIR}/adamax.cpp
  ${CMAKE_CURRENT_LIST_DIR}/adamw.cpp
  ${CMAKE_CURRENT_LIST_DIR}/builder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lbfgs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lbfgs_line_search.cpp
  ${CMAKE_CURRENT_LIST_DIR}/nadam.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optimizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optimizer_impl.cpp
  ${CMAKE_CURRENT_LIST_DIR}/radam.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rmsprop.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sgd.cpp)
