// An engine plugin: a shared library that registers its own classes, loaded
// by `custom_imports = dict(imports=['path/to/libgreeter_plugin.so'])`.
// It uses only the public API; see docs/registry.md.
#include <memory>
#include <string>

#include "mmengine/registry/root.h"
#include "mmengine/utils/plugin.h"

namespace {

/// A task utility that greets someone `times` times.
class Greeter : public mmengine::registry::Object {
 public:
  explicit Greeter(mmengine::registry::BuildArgs& args)
      : name_(args.take<std::string>("name")),
        times_(args.take<int>("times", 1)) {}

  std::string greet() const {
    std::string out;
    for (int i = 0; i < times_; ++i) {
      out += "hello " + name_ + "\n";
    }
    return out;
  }

 private:
  std::string name_;
  int times_;
};

}  // namespace

MMENGINE_PLUGIN_ENTRY() {
  mmengine::registry::register_class<Greeter>(
      mmengine::registry::TASK_UTILS,
      "Greeter",
      "greeter_plugin.cpp",
      "says hello");
}
