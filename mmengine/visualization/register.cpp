#include "mmengine/visualization/register.h"

#include <mutex>

#include "mmengine/registry/root.h"
#include "mmengine/visualization/vis_backend.h"
#include "mmengine/visualization/visualizer.h"

namespace mmengine::visualization {

void register_visualization() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* where = "mmengine/visualization";
    registry::register_class<LocalVisBackend>(
        registry::VISBACKENDS,
        "LocalVisBackend",
        where,
        "scalars.json and config.py under save_dir");
    registry::register_class<Visualizer>(
        registry::VISUALIZERS,
        "Visualizer",
        where,
        "named visualizer forwarding to its vis backends");
  });
}

}  // namespace mmengine::visualization
