#include "mmengine/optim/scheduler/cosine_schedulers.h"

#include <cmath>
#include <numbers>
#include <utility>

#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;

namespace {

constexpr double kPi = std::numbers::pi;

Value optional_value(const std::optional<double>& v) {
  return v ? Value(*v) : Value();
}

void load_optional(const Value& d, const char* key, std::optional<double>& v) {
  if (const Value* found = d.find(key)) {
    v = found->is_none() ? std::nullopt
                         : std::optional<double>(found->as<double>());
  }
}

std::optional<double> take_optional(
    registry::BuildArgs& args, const char* key) {
  Value v = args.take_value(key, Value());
  return v.is_none() ? std::nullopt : std::optional<double>(v.as<double>());
}

Value int_list(const std::vector<std::int64_t>& values) {
  std::vector<Value> items(values.begin(), values.end());
  return Value::list(std::move(items));
}

}  // namespace

// CosineAnnealing ----------------------------------------------------------

CosineAnnealingParamScheduler::CosineAnnealingParamScheduler(
    std::shared_ptr<Optimizer> optimizer,
    Options options,
    SchedulerOptions common)
    : ParamScheduler(std::move(optimizer), std::move(common)),
      t_max_(options.T_max != 0 ? options.T_max : end_ - begin_),
      eta_min_(options.eta_min),
      eta_min_ratio_(options.eta_min_ratio) {
  if (!eta_min_ && !eta_min_ratio_) {
    eta_min_ = 0.0;
  }
  MMENGINE_CHECK(
      eta_min_.has_value() != eta_min_ratio_.has_value(),
      "Either `eta_min` or `eta_min_ratio should be specified");
  start();
}

CosineAnnealingParamScheduler::Options
CosineAnnealingParamScheduler::read_options(
    registry::BuildArgs& args, const EpochConversion& conversion) {
  Options o;
  Value t_max = args.take_value("T_max", Value());
  if (!t_max.is_none()) {
    o.T_max = conversion.scale(t_max.as<std::int64_t>());
  }
  o.eta_min = take_optional(args, "eta_min");
  o.eta_min_ratio = take_optional(args, "eta_min_ratio");
  return o;
}

double CosineAnnealingParamScheduler::eta_min_of(double base_value) const {
  return eta_min_ratio_ ? base_value * *eta_min_ratio_ : *eta_min_;
}

std::vector<double> CosineAnnealingParamScheduler::get_value() {
  std::vector<double> values;
  const auto t = static_cast<double>(last_step_);
  const auto t_max = static_cast<double>(t_max_);
  for (std::size_t i = 0; i < num_groups(); ++i) {
    const double v = group_value(i);
    const double m = eta_min_of(base_values_[i]);
    if (last_step_ == 0) {
      values.push_back(v);
    } else if ((last_step_ - 1 - t_max_) % (2 * t_max_) == 0) {
      values.push_back(
          v + (base_values_[i] - m) * (1 - std::cos(kPi / t_max)) / 2);
    } else {
      values.push_back(
          (1 + std::cos(kPi * t / t_max)) /
              (1 + std::cos(kPi * (t - 1) / t_max)) * (v - m) +
          m);
    }
  }
  return values;
}

void CosineAnnealingParamScheduler::save_attributes(Value& d) const {
  d.set("T_max", t_max_);
  d.set("eta_min", optional_value(eta_min_));
  d.set("eta_min_ratio", optional_value(eta_min_ratio_));
}

void CosineAnnealingParamScheduler::load_attributes(const Value& d) {
  if (const Value* v = d.find("T_max")) {
    t_max_ = v->as<std::int64_t>();
  }
  load_optional(d, "eta_min", eta_min_);
  load_optional(d, "eta_min_ratio", eta_min_ratio_);
}

// CosineRestart ------------------------------------------------------------

CosineRestartParamScheduler::CosineRestartParamScheduler(
    std::shared_ptr<Optimizer> optimizer,
    Options options,
    SchedulerOptions common)
    : ParamScheduler(std::move(optimizer), std::move(common)),
      o_(std::move(options)) {
  MMENGINE_CHECK(
      o_.eta_min.has_value() != o_.eta_min_ratio.has_value(),
      "CosineRestart: exactly one of `eta_min` and `eta_min_ratio` should be "
      "specified");
  MMENGINE_CHECK(
      o_.periods.size() == o_.restart_weights.size(),
      "periods and restart_weights should have the same length.");
  std::int64_t sum = 0;
  for (std::int64_t p : o_.periods) {
    sum += p;
    cumulative_periods_.push_back(sum);
  }
  start();
}

CosineRestartParamScheduler::Options CosineRestartParamScheduler::read_options(
    registry::BuildArgs& args, const EpochConversion& conversion) {
  Options o;
  const Value periods = args.take_value("periods");
  MMENGINE_CHECK_TYPE(
      periods.is_sequence(),
      args.where(),
      ": periods should be a list, but got ",
      periods.type_name());
  for (const Value& p : periods.elements()) {
    o.periods.push_back(conversion.scale(p.as<std::int64_t>()));
  }
  if (args.has("restart_weights")) {
    o.restart_weights =
        to_doubles(args.take_value("restart_weights"), "restart_weights");
  }
  o.eta_min = take_optional(args, "eta_min");
  o.eta_min_ratio = take_optional(args, "eta_min_ratio");
  return o;
}

std::vector<double> CosineRestartParamScheduler::get_value() {
  std::size_t idx = 0;
  while (idx < cumulative_periods_.size() &&
         last_step_ >= cumulative_periods_[idx]) {
    ++idx;
  }
  std::vector<double> values;
  if (idx == cumulative_periods_.size()) {
    for (std::size_t i = 0; i < num_groups(); ++i) {
      values.push_back(group_value(i));
    }
    return values;
  }
  const double weight = o_.restart_weights[idx];
  const std::int64_t restart = idx == 0 ? 0 : cumulative_periods_[idx - 1];
  const auto period = static_cast<double>(o_.periods[idx]);
  const std::int64_t step = last_step_ - restart;
  const auto s = static_cast<double>(step);
  for (std::size_t i = 0; i < num_groups(); ++i) {
    const double base = base_values_[i];
    const double eta_max = base * weight;
    const double eta_min =
        o_.eta_min_ratio ? base * *o_.eta_min_ratio : *o_.eta_min;
    if (step == 0) {
      values.push_back(eta_max);
    } else {
      values.push_back(
          (1 + std::cos(kPi * s / period)) /
              (1 + std::cos(kPi * (s - 1) / period)) *
              (group_value(i) - eta_min) +
          eta_min);
    }
  }
  return values;
}

void CosineRestartParamScheduler::save_attributes(Value& d) const {
  d.set("periods", int_list(o_.periods));
  d.set("eta_min", optional_value(o_.eta_min));
  d.set("eta_min_ratio", optional_value(o_.eta_min_ratio));
  d.set("restart_weights", to_list_value(o_.restart_weights));
  d.set("cumulative_periods", int_list(cumulative_periods_));
}

void CosineRestartParamScheduler::load_attributes(const Value& d) {
  auto ints = [](const Value& v) {
    std::vector<std::int64_t> out;
    for (const Value& x : v.elements()) {
      out.push_back(x.as<std::int64_t>());
    }
    return out;
  };
  if (const Value* v = d.find("periods")) {
    o_.periods = ints(*v);
  }
  load_optional(d, "eta_min", o_.eta_min);
  load_optional(d, "eta_min_ratio", o_.eta_min_ratio);
  if (const Value* v = d.find("restart_weights")) {
    o_.restart_weights = to_doubles(*v, "restart_weights");
  }
  if (const Value* v = d.find("cumulative_periods")) {
    cumulative_periods_ = ints(*v);
  }
}

// OneCycle -----------------------------------------------------------------

OneCycleParamScheduler::OneCycleParamScheduler(
    std::shared_ptr<Optimizer> optimizer,
    Options options,
    SchedulerOptions common)
    : ParamScheduler(std::move(optimizer), std::move(common)),
      o_(std::move(options)) {
  MMENGINE_CHECK(
      param_name_ == "lr",
      "OneCycle only works for learning rate updating, but got patam_name "
      "as ",
      param_name_);
  if (o_.total_steps == 0) {
    o_.total_steps = end_ - begin_;
  }
  MMENGINE_CHECK(
      o_.total_steps > 0,
      "Expected positive integer total_steps, but got ",
      o_.total_steps);
  MMENGINE_CHECK(
      o_.pct_start >= 0 && o_.pct_start <= 1,
      "Expected float between 0 and 1 pct_start, but got ",
      o_.pct_start);
  MMENGINE_CHECK(
      o_.anneal_strategy == "cos" || o_.anneal_strategy == "linear",
      "anneal_strategy must by one of \"cos\" or \"linear\", instead got ",
      o_.anneal_strategy);
  make_phases();
  auto& groups = optimizer_->param_groups();
  if (o_.eta_max.size() == 1) {
    o_.eta_max.assign(groups.size(), o_.eta_max[0]);
  }
  MMENGINE_CHECK(
      o_.eta_max.size() == groups.size(),
      "expected ",
      groups.size(),
      " values for max_lr, got ",
      o_.eta_max.size());
  if (last_step_ == -1) {
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const double initial = o_.eta_max[i] / o_.div_factor;
      groups[i].set("initial_" + param_name_, initial);
      groups[i].set("max_" + param_name_, o_.eta_max[i]);
      groups[i].set("min_" + param_name_, initial / o_.final_div_factor);
    }
  }
  start();
}

void OneCycleParamScheduler::make_phases() {
  const auto total = static_cast<double>(o_.total_steps);
  const std::string initial = "initial_" + param_name_;
  const std::string max = "max_" + param_name_;
  const std::string min = "min_" + param_name_;
  phases_.clear();
  phases_.push_back({o_.pct_start * total - 1, initial, max});
  if (o_.three_phase) {
    phases_.push_back({2 * o_.pct_start * total - 2, max, initial});
    phases_.push_back({total - 1, initial, min});
  } else {
    phases_.push_back({total - 1, max, min});
  }
}

OneCycleParamScheduler::Options OneCycleParamScheduler::read_options(
    registry::BuildArgs& args, const EpochConversion& conversion) {
  Options o;
  Value eta_max = args.take_value("eta_max", Value(0.0));
  o.eta_max = eta_max.is_sequence() ? to_doubles(eta_max, "eta_max")
                                    : std::vector<double>{eta_max.as<double>()};
  Value total = args.take_value("total_steps", Value());
  if (!total.is_none()) {
    MMENGINE_CHECK(
        total.is_int() && total.as<std::int64_t>() > 0,
        "Expected positive integer total_steps, but got ",
        total.repr());
    o.total_steps = conversion.scale(total.as<std::int64_t>());
  }
  Value pct = args.take_value("pct_start", Value(o.pct_start));
  MMENGINE_CHECK(
      pct.is_float() && pct.as<double>() >= 0 && pct.as<double>() <= 1,
      "Expected float between 0 and 1 pct_start, but got ",
      pct.repr());
  o.pct_start = pct.as<double>();
  o.anneal_strategy = args.take<std::string>("anneal_strategy", "cos");
  o.div_factor = args.take<double>("div_factor", o.div_factor);
  o.final_div_factor =
      args.take<double>("final_div_factor", o.final_div_factor);
  o.three_phase = args.take<bool>("three_phase", o.three_phase);
  return o;
}

double OneCycleParamScheduler::anneal(
    double start, double end, double pct) const {
  if (o_.anneal_strategy == "cos") {
    const double cos_out = std::cos(kPi * pct) + 1;
    return end + (start - end) / 2.0 * cos_out;
  }
  return (end - start) * pct + start;
}

std::vector<double> OneCycleParamScheduler::get_value() {
  const std::int64_t step_num = last_step_;
  MMENGINE_CHECK(
      step_num <= o_.total_steps,
      "Tried to step ",
      step_num + 1,
      " times. The specified number of total steps is ",
      o_.total_steps);
  std::vector<double> values;
  const auto t = static_cast<double>(step_num);
  for (const ParamGroup& group : optimizer_->param_groups()) {
    double start_step = 0;
    for (std::size_t p = 0; p < phases_.size(); ++p) {
      const Phase& phase = phases_[p];
      if (t <= phase.end_step || p + 1 == phases_.size()) {
        const double pct = (t - start_step) / (phase.end_step - start_step);
        values.push_back(
            anneal(group.get(phase.start_key), group.get(phase.end_key), pct));
        break;
      }
      start_step = phase.end_step;
    }
  }
  return values;
}

void OneCycleParamScheduler::save_attributes(Value& d) const {
  d.set(
      "eta_max",
      o_.eta_max.size() == 1 ? Value(o_.eta_max[0])
                             : to_list_value(o_.eta_max));
  d.set("div_factor", o_.div_factor);
  d.set("final_div_factor", o_.final_div_factor);
  d.set("total_steps", o_.total_steps);
  d.set("anneal_strategy", o_.anneal_strategy);
  Value phases = Value::list();
  for (const Phase& phase : phases_) {
    phases.append(Value::dict(
        {{"end_step", phase.end_step},
         {"start_" + param_name_, phase.start_key},
         {"end_" + param_name_, phase.end_key}}));
  }
  d.set("_schedule_phases", phases);
}

void OneCycleParamScheduler::load_attributes(const Value& d) {
  if (const Value* v = d.find("div_factor")) {
    o_.div_factor = v->as<double>();
  }
  if (const Value* v = d.find("final_div_factor")) {
    o_.final_div_factor = v->as<double>();
  }
  if (const Value* v = d.find("total_steps")) {
    o_.total_steps = v->as<std::int64_t>();
  }
  if (const Value* v = d.find("anneal_strategy")) {
    o_.anneal_strategy = v->as<std::string>();
  }
  if (const Value* v = d.find("_schedule_phases")) {
    phases_.clear();
    for (const Value& phase : v->elements()) {
      phases_.push_back(
          {phase["end_step"].as<double>(),
           phase["start_" + param_name_].as<std::string>(),
           phase["end_" + param_name_].as<std::string>()});
    }
  }
}

}  // namespace mmengine::optim
