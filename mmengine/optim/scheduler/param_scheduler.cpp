#include "mmengine/optim/scheduler/param_scheduler.h"

#include <iostream>
#include <utility>

#include <fmt/format.h>

#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;

Value to_list_value(const std::vector<double>& values) {
  std::vector<Value> items(values.begin(), values.end());
  return Value::list(std::move(items));
}

std::vector<double> to_doubles(const Value& value, std::string_view what) {
  MMENGINE_CHECK_TYPE(
      value.is_sequence(),
      what,
      ": expected a list of numbers, but got ",
      value.type_name());
  std::vector<double> out;
  for (const Value& v : value.elements()) {
    out.push_back(v.as<double>());
  }
  return out;
}

ParamScheduler::ParamScheduler(
    std::shared_ptr<Optimizer> optimizer, SchedulerOptions opts)
    : optimizer_(std::move(optimizer)),
      param_name_(std::move(opts.param_name)),
      begin_(opts.begin),
      end_(opts.end),
      by_epoch_(opts.by_epoch),
      last_step_(opts.last_step),
      verbose_(opts.verbose),
      momentum_mixin_(opts.momentum) {
  MMENGINE_CHECK_TYPE(
      optimizer_ != nullptr,
      "``optimizer`` should be an Optimizer,but got None");
  MMENGINE_CHECK(
      last_step_ >= -1, "last_step should be >= -1, but got ", last_step_);
  if (!momentum_mixin_) {
    return;
  }
  // MomentumSchedulerMixin: Adam-style optimizers schedule betas[0].
  const Value& defaults = optimizer_->defaults();
  if (defaults.contains("momentum")) {
    return;
  }
  MMENGINE_CHECK(
      defaults.contains("betas"),
      "optimizer must support momentum when using momentum scheduler");
  use_betas_ = true;
  for (ParamGroup& group : optimizer_->param_groups()) {
    group.set(param_name_, group.options.find("betas")->elements().at(0));
  }
}

ParamScheduler::~ParamScheduler() = default;

void ParamScheduler::init_initial_values() {
  const std::string key = "initial_" + param_name_;
  auto& groups = optimizer_->param_groups();
  base_values_.clear();
  for (std::size_t i = 0; i < groups.size(); ++i) {
    MMENGINE_CHECK_KEY(
        groups[i].has(param_name_),
        "param_groups[",
        i,
        "] has no '",
        param_name_,
        "' to schedule");
    if (last_step_ == -1) {
      if (!groups[i].has(key)) {
        groups[i].set(key, *groups[i].options.find(param_name_));
      }
    } else {
      MMENGINE_CHECK_KEY(
          groups[i].has(key),
          "param '",
          key,
          "' is not specified in param_groups[",
          i,
          "] when resuming an optimizer");
    }
    base_values_.push_back(groups[i].get(key));
  }
}

void ParamScheduler::start() {
  MMENGINE_CHECK(
      end_ > begin_,
      "end should be larger than begin, but got begin=",
      begin_,
      ", end=",
      end_);
  init_initial_values();
  global_step_ = -1;
  step();
}

void ParamScheduler::step() {
  global_step_ += 1;
  if (begin_ <= global_step_ && global_step_ < end_) {
    last_step_ += 1;
    std::vector<double> values = get_value();
    for (std::size_t i = 0; i < values.size() && i < num_groups(); ++i) {
      set_group_value(i, values[i]);
    }
  }
  finish_step();
}

void ParamScheduler::step(const std::map<std::string, double>& /*metrics*/) {
  MMENGINE_CHECK(
      false,
      "step(metrics): this scheduler takes no metrics (need_val_args is "
      "False); call step()");
}

std::size_t ParamScheduler::num_groups() const {
  return optimizer_->param_groups().size();
}

double ParamScheduler::group_value(std::size_t i) const {
  return optimizer_->param_groups()[i].get(param_name_);
}

void ParamScheduler::set_group_value(std::size_t i, double value) {
  optimizer_->param_groups()[i].set(param_name_, value);
  if (verbose_) {
    print_value(i, value);
  }
}

void ParamScheduler::print_value(std::size_t group, double value) const {
  std::cerr << fmt::format(
      "Adjusting parameter value of group {} to {:.4e}.\n", group, value);
}

void ParamScheduler::finish_step() {
  last_value_.clear();
  for (std::size_t i = 0; i < num_groups(); ++i) {
    last_value_.push_back(group_value(i));
  }
  if (!use_betas_) {
    return;
  }
  for (ParamGroup& group : optimizer_->param_groups()) {
    Value beta1 = group.options.find("betas")->elements().at(1);
    group.set("betas", Value::tuple({*group.options.find("momentum"), beta1}));
  }
}

void ParamScheduler::save_attributes(Value& /*d*/) const {}

void ParamScheduler::load_attributes(const Value& /*d*/) {}

void ParamScheduler::save_base_attributes(
    Value& d, bool with_base_values) const {
  d.set("param_name", param_name_);
  d.set("begin", begin_);
  d.set("end", end_);
  d.set("by_epoch", by_epoch_);
  if (with_base_values) {
    d.set("base_values", to_list_value(base_values_));
  }
  d.set("last_step", last_step_);
  d.set("_global_step", global_step_);
  d.set("verbose", verbose_);
}

void ParamScheduler::load_base_attributes(const Value& d) {
  if (const Value* v = d.find("param_name")) {
    param_name_ = v->as<std::string>();
  }
  if (const Value* v = d.find("begin")) {
    begin_ = v->as<std::int64_t>();
  }
  if (const Value* v = d.find("end")) {
    end_ = v->as<std::int64_t>();
  }
  if (const Value* v = d.find("by_epoch")) {
    by_epoch_ = v->as<bool>();
  }
  if (const Value* v = d.find("base_values")) {
    base_values_ = to_doubles(*v, "base_values");
  }
  if (const Value* v = d.find("last_step")) {
    last_step_ = v->as<std::int64_t>();
  }
  if (const Value* v = d.find("_global_step")) {
    global_step_ = v->as<std::int64_t>();
  }
  if (const Value* v = d.find("verbose")) {
    verbose_ = v->as<bool>();
  }
  if (const Value* v = d.find("_last_value")) {
    last_value_ = to_doubles(*v, "_last_value");
  }
  if (const Value* v = d.find("use_betas")) {
    use_betas_ = v->as<bool>();
  }
}

Value ParamScheduler::attributes() const {
  Value d = Value::dict();
  if (momentum_mixin_) {
    d.set("use_betas", use_betas_);
  }
  save_attributes(d);
  save_base_attributes(d, /*with_base_values=*/true);
  d.set("_last_value", to_list_value(last_value_));
  return d;
}

structures::Tree ParamScheduler::state_dict() const {
  return structures::Tree(attributes());
}

void ParamScheduler::load_state_dict(const structures::Tree& state_dict) {
  Value d = state_dict.to_value();
  MMENGINE_CHECK_TYPE(
      d.is_dict(), "load_state_dict: expected a dict, but got ", d.type_name());
  load_base_attributes(d);
  load_attributes(d);
}

}  // namespace mmengine::optim
