#include "mmengine/optim/scheduler/step_schedulers.h"

#include <cmath>
#include <utility>

#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;

namespace {

template <typename T>
void load_if(const Value& d, const char* key, T& out) {
  if (const Value* v = d.find(key)) {
    out = v->as<T>();
  }
}

}  // namespace

// Step ---------------------------------------------------------------------

StepParamScheduler::StepParamScheduler(
    std::shared_ptr<Optimizer> optimizer,
    Options options,
    SchedulerOptions common)
    : ParamScheduler(std::move(optimizer), std::move(common)), o_(options) {
  MMENGINE_CHECK(
      o_.step_size > 0, "step_size should be positive, but got ", o_.step_size);
  start();
}

StepParamScheduler::Options StepParamScheduler::read_options(
    registry::BuildArgs& args, const EpochConversion& conversion) {
  Options o;
  o.step_size = conversion.scale(args.take<std::int64_t>("step_size"));
  o.gamma = args.take<double>("gamma", o.gamma);
  return o;
}

std::vector<double> StepParamScheduler::get_value() {
  std::vector<double> values;
  const bool decay = last_step_ != 0 && last_step_ % o_.step_size == 0;
  for (std::size_t i = 0; i < num_groups(); ++i) {
    values.push_back(decay ? group_value(i) * o_.gamma : group_value(i));
  }
  return values;
}

void StepParamScheduler::save_attributes(Value& d) const {
  d.set("step_size", o_.step_size);
  d.set("gamma", o_.gamma);
}

void StepParamScheduler::load_attributes(const Value& d) {
  load_if(d, "step_size", o_.step_size);
  load_if(d, "gamma", o_.gamma);
}

// MultiStep ----------------------------------------------------------------

MultiStepParamScheduler::MultiStepParamScheduler(
    std::shared_ptr<Optimizer> optimizer,
    Options options,
    SchedulerOptions common)
    : ParamScheduler(std::move(optimizer), std::move(common)),
      gamma_(options.gamma) {
  for (std::int64_t m : options.milestones) {
    milestones_[m] += 1;
  }
  start();
}

MultiStepParamScheduler::Options MultiStepParamScheduler::read_options(
    registry::BuildArgs& args, const EpochConversion& conversion) {
  Options o;
  const Value milestones = args.take_value("milestones");
  MMENGINE_CHECK_TYPE(
      milestones.is_sequence(),
      args.where(),
      ": milestones should be a list, but got ",
      milestones.type_name());
  for (const Value& m : milestones.elements()) {
    o.milestones.push_back(conversion.scale(m.as<std::int64_t>()));
  }
  o.gamma = args.take<double>("gamma", o.gamma);
  return o;
}

std::vector<double> MultiStepParamScheduler::get_value() {
  auto it = milestones_.find(last_step_);
  std::vector<double> values;
  for (std::size_t i = 0; i < num_groups(); ++i) {
    values.push_back(
        it == milestones_.end()
            ? group_value(i)
            : group_value(i) *
                  std::pow(gamma_, static_cast<double>(it->second)));
  }
  return values;
}

void MultiStepParamScheduler::save_attributes(Value& d) const {
  Value counter = Value::dict();
  for (const auto& [milestone, count] : milestones_) {
    counter.set(milestone, count);
  }
  d.set("milestones", counter);
  d.set("gamma", gamma_);
}

void MultiStepParamScheduler::load_attributes(const Value& d) {
  if (const Value* v = d.find("milestones")) {
    milestones_.clear();
    for (const auto& [key, count] : v->items()) {
      milestones_[key.to_int()] = count.as<std::int64_t>();
    }
  }
  load_if(d, "gamma", gamma_);
}

// Constant -----------------------------------------------------------------

ConstantParamScheduler::ConstantParamScheduler(
    std::shared_ptr<Optimizer> optimizer,
    Options options,
    SchedulerOptions common)
    : ParamScheduler(std::move(optimizer), std::move(common)),
      factor_(options.factor),
      total_iters_(end_ - begin_ - 1) {
  MMENGINE_CHECK(
      factor_ <= 1.0 && factor_ >= 0,
      "Constant multiplicative factor should between 0 and 1.");
  start();
}

ConstantParamScheduler::Options ConstantParamScheduler::read_options(
    registry::BuildArgs& args, const EpochConversion& /*conversion*/) {
  Options o;
  o.factor = args.take<double>("factor", o.factor);
  return o;
}

std::vector<double> ConstantParamScheduler::get_value() {
  std::vector<double> values;
  for (std::size_t i = 0; i < num_groups(); ++i) {
    double v = group_value(i);
    if (last_step_ == 0) {
      v *= factor_;
    } else if (last_step_ == total_iters_) {
      v *= 1.0 / factor_;
    }
    values.push_back(v);
  }
  return values;
}

void ConstantParamScheduler::save_attributes(Value& d) const {
  d.set("factor", factor_);
  d.set("total_iters", total_iters_);
}

void ConstantParamScheduler::load_attributes(const Value& d) {
  load_if(d, "factor", factor_);
  load_if(d, "total_iters", total_iters_);
}

// Exponential --------------------------------------------------------------

ExponentialParamScheduler::ExponentialParamScheduler(
    std::shared_ptr<Optimizer> optimizer,
    Options options,
    SchedulerOptions common)
    : ParamScheduler(std::move(optimizer), std::move(common)),
      gamma_(options.gamma) {
  start();
}

ExponentialParamScheduler::Options ExponentialParamScheduler::read_options(
    registry::BuildArgs& args, const EpochConversion& /*conversion*/) {
  Options o;
  o.gamma = args.take<double>("gamma");
  return o;
}

std::vector<double> ExponentialParamScheduler::get_value() {
  std::vector<double> values;
  for (std::size_t i = 0; i < num_groups(); ++i) {
    values.push_back(
        last_step_ == 0 ? group_value(i) : group_value(i) * gamma_);
  }
  return values;
}

void ExponentialParamScheduler::save_attributes(Value& d) const {
  d.set("gamma", gamma_);
}

void ExponentialParamScheduler::load_attributes(const Value& d) {
  load_if(d, "gamma", gamma_);
}

// Linear -------------------------------------------------------------------

LinearParamScheduler::LinearParamScheduler(
    std::shared_ptr<Optimizer> optimizer,
    Options options,
    SchedulerOptions common)
    : ParamScheduler(std::move(optimizer), std::move(common)),
      o_(options),
      total_iters_(end_ - begin_ - 1) {
  MMENGINE_CHECK(
      o_.start_factor <= 1.0 && o_.start_factor >= 0,
      "Starting multiplicative factor should between 0 and 1.");
  MMENGINE_CHECK(
      o_.end_factor <= 1.0 && o_.end_factor >= 0,
      "Ending multiplicative factor should between 0 and 1.");
  start();
}

LinearParamScheduler::Options LinearParamScheduler::read_options(
    registry::BuildArgs& args, const EpochConversion& /*conversion*/) {
  Options o;
  o.start_factor = args.take<double>("start_factor", o.start_factor);
  o.end_factor = args.take<double>("end_factor", o.end_factor);
  return o;
}

std::vector<double> LinearParamScheduler::get_value() {
  std::vector<double> values;
  const double diff = o_.end_factor - o_.start_factor;
  for (std::size_t i = 0; i < num_groups(); ++i) {
    if (last_step_ == 0) {
      values.push_back(group_value(i) * o_.start_factor);
      continue;
    }
    const double denom = static_cast<double>(total_iters_) * o_.start_factor +
                         static_cast<double>(last_step_ - 1) * diff;
    values.push_back(group_value(i) * (1. + diff / denom));
  }
  return values;
}

void LinearParamScheduler::save_attributes(Value& d) const {
  d.set("start_factor", o_.start_factor);
  d.set("end_factor", o_.end_factor);
  d.set("total_iters", total_iters_);
}

void LinearParamScheduler::load_attributes(const Value& d) {
  load_if(d, "start_factor", o_.start_factor);
  load_if(d, "end_factor", o_.end_factor);
  load_if(d, "total_iters", total_iters_);
}

// Poly ---------------------------------------------------------------------

PolyParamScheduler::PolyParamScheduler(
    std::shared_ptr<Optimizer> optimizer,
    Options options,
    SchedulerOptions common)
    : ParamScheduler(std::move(optimizer), std::move(common)),
      o_(options),
      total_iters_(end_ - begin_ - 1) {
  start();
}

PolyParamScheduler::Options PolyParamScheduler::read_options(
    registry::BuildArgs& args, const EpochConversion& /*conversion*/) {
  Options o;
  o.eta_min = args.take<double>("eta_min", o.eta_min);
  o.power = args.take<double>("power", o.power);
  return o;
}

std::vector<double> PolyParamScheduler::get_value() {
  std::vector<double> values;
  for (std::size_t i = 0; i < num_groups(); ++i) {
    if (last_step_ == 0) {
      values.push_back(group_value(i));
      continue;
    }
    const double remaining = static_cast<double>(total_iters_ - last_step_ + 1);
    values.push_back(
        (group_value(i) - o_.eta_min) * std::pow(1 - 1 / remaining, o_.power) +
        o_.eta_min);
  }
  return values;
}

void PolyParamScheduler::save_attributes(Value& d) const {
  d.set("eta_min", o_.eta_min);
  d.set("power", o_.power);
  d.set("total_iters", total_iters_);
}

void PolyParamScheduler::load_attributes(const Value& d) {
  load_if(d, "eta_min", o_.eta_min);
  load_if(d, "power", o_.power);
  load_if(d, "total_iters", total_iters_);
}

}  // namespace mmengine::optim
