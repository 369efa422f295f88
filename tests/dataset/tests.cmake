target_sources(mmengine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/data_loader_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/base_dataset_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/transforms_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/image_datasets_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sampler_dist_test.cpp)
