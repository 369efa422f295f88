#pragma once

// The per-parameter init report shared by every module during one top-level
// BaseModule::init_weights() (MMEngine's `_params_init_info` attribute; C++
// modules have no attributes, so the table is thread-local while a
// top-level init_weights runs).

#include <string>
#include <unordered_map>
#include <vector>

#include "mmengine/model/base_module.h"

namespace c10 {
struct TensorImpl;
}  // namespace c10

namespace mmengine::model::detail {

/// Info and last seen mean of one parameter.
struct ParamInitInfo {
  std::string init_info;
  double mean = 0;
};

/// One top-level init_weights call.
struct InitSession {
  std::unordered_map<const c10::TensorImpl*, ParamInitInfo> params;
  std::vector<InitLogRecord> log;
};

/// The session of this thread, or nullptr outside init_weights.
InitSession* current_init_session() noexcept;

/// Appends a record to the current session's log (dropped without one).
void log_init(std::string level, std::string message);

/// Installs a session for `root` (every parameter starts with
/// `default_info`) and removes it on destruction.
class InitSessionScope {
 public:
  InitSessionScope(torch::nn::Module& root, const std::string& default_info);
  ~InitSessionScope();
  InitSessionScope(const InitSessionScope&) = delete;
  InitSessionScope& operator=(const InitSessionScope&) = delete;
  InitSession& session() noexcept {
    return session_;
  }

 private:
  InitSession session_;
};

/// Mean of a parameter as a double (NaN for empty tensors).
double param_mean(const at::Tensor& param);

}  // namespace mmengine::model::detail
