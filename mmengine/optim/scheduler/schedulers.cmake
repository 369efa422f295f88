target_sources(mmengine PRIVATE)
