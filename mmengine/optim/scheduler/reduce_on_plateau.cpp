#include "mmengine/optim/scheduler/reduce_on_plateau.h"

#include <algorithm>
#include <iostream>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "mmengine/optim/optimizer/optimizer.h"
#include "mmengine/utils/error.h"

namespace mmengine::optim {

using config::Value;

namespace {

// MMEngine keeps `INF` (an int) as the initial best; keep ints in state.
Value number(double v) {
  if (v == static_cast<double>(kINF) || v == -static_cast<double>(kINF)) {
    return Value(static_cast<std::int64_t>(v));
  }
  return Value(v);
}

}  // namespace

ReduceOnPlateauParamScheduler::ReduceOnPlateauParamScheduler(
    std::shared_ptr<Optimizer> optimizer,
    Options options,
    SchedulerOptions common)
    : ParamScheduler(std::move(optimizer), std::move(common)),
      o_(std::move(options)) {
  MMENGINE_CHECK(
      end_ > begin_,
      "end should be larger than begin, but got begin=",
      begin_,
      ", end=",
      end_);
  MMENGINE_CHECK(
      by_epoch_,
      "Now ReduceOnPlateauParamScheduler only support by_epoch=True");
  init_initial_values();
  base_values_.clear();  // MMEngine's ReduceOnPlateau keeps none
  global_step_ = 0;
  MMENGINE_CHECK(o_.factor < 1.0, "Factor should be < 1.0.");
  const std::size_t groups = num_groups();
  if (o_.min_value.size() == 1) {
    min_values_.assign(groups, o_.min_value[0]);
  } else {
    MMENGINE_CHECK(
        o_.min_value.size() == groups,
        "expected ",
        groups,
        " min_lrs, got ",
        o_.min_value.size());
    min_values_ = o_.min_value;
  }
  MMENGINE_CHECK(
      o_.threshold >= 0, "threshold ", o_.threshold, " should be >= 0.");
  MMENGINE_CHECK(
      o_.rule == "less" || o_.rule == "greater",
      "mode ",
      o_.rule,
      " is unknown!");
  MMENGINE_CHECK(
      o_.threshold_rule == "rel" || o_.threshold_rule == "abs",
      "threshold mode ",
      o_.threshold_rule,
      " is unknown!");
  rule_worse_ = static_cast<double>(o_.rule == "less" ? kINF : -kINF);
  best_ = rule_worse_;
  finish_step();
}

ReduceOnPlateauParamScheduler::Options
ReduceOnPlateauParamScheduler::read_options(
    registry::BuildArgs& args, const EpochConversion& conversion) {
  MMENGINE_CHECK(
      !conversion.enabled,
      args.where(),
      ": ReduceOnPlateau schedulers have no `build_iter_from_epoch` "
      "(convert_to_iter_based is not supported)");
  Options o;
  o.monitor = args.take<std::string>("monitor", o.monitor);
  o.rule = args.take<std::string>("rule", o.rule);
  o.factor = args.take<double>("factor", o.factor);
  o.patience = args.take<std::int64_t>("patience", o.patience);
  o.threshold = args.take<double>("threshold", o.threshold);
  o.threshold_rule = args.take<std::string>("threshold_rule", o.threshold_rule);
  o.cooldown = args.take<std::int64_t>("cooldown", o.cooldown);
  Value min_value = args.take_value("min_value", Value(0.0));
  o.min_value = min_value.is_sequence()
                    ? to_doubles(min_value, "min_value")
                    : std::vector<double>{min_value.as<double>()};
  o.eps = args.take<double>("eps", o.eps);
  return o;
}

void ReduceOnPlateauParamScheduler::step() {
  global_step_ += 1;
  finish_step();
}

void ReduceOnPlateauParamScheduler::step(
    const std::map<std::string, double>& metrics) {
  if (begin_ <= global_step_ && global_step_ < end_) {
    last_step_ += 1;
    auto it = metrics.find(o_.monitor);
    if (it == metrics.end()) {
      std::vector<std::string> keys;
      for (const auto& [key, value] : metrics) {
        keys.push_back("'" + key + "'");
      }
      MMENGINE_CHECK_KEY(
          false,
          "Excepted key in [",
          fmt::format("{}", fmt::join(keys, ", ")),
          "], but got key ",
          o_.monitor,
          " is not in dict");
    }
    const double metric = it->second;
    if (is_better(metric, best_)) {
      best_ = metric;
      num_bad_epochs_ = 0;
    } else {
      num_bad_epochs_ += 1;
    }
    if (cooldown_counter_ > 0) {
      cooldown_counter_ -= 1;
      num_bad_epochs_ = 0;
    }
    if (num_bad_epochs_ > o_.patience) {
      std::vector<double> values = get_value();
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (group_value(i) - values[i] > o_.eps) {
          set_group_value(i, values[i]);
        }
      }
      cooldown_counter_ = o_.cooldown;
      num_bad_epochs_ = 0;
    }
  }
  finish_step();
}

std::vector<double> ReduceOnPlateauParamScheduler::get_value() {
  std::vector<double> values;
  for (std::size_t i = 0; i < num_groups(); ++i) {
    values.push_back(std::max(group_value(i) * o_.factor, min_values_[i]));
  }
  return values;
}

bool ReduceOnPlateauParamScheduler::is_better(double a, double best) const {
  if (o_.rule == "less") {
    return o_.threshold_rule == "rel" ? a < best * (1. - o_.threshold)
                                      : a < best - o_.threshold;
  }
  return o_.threshold_rule == "rel" ? a > best * (o_.threshold + 1.)
                                    : a > best + o_.threshold;
}

void ReduceOnPlateauParamScheduler::print_value(
    std::size_t group, double value) const {
  std::cerr << fmt::format(
      "Adjusting parameter value of group {} to {:.4e} in {} {}.\n",
      group,
      value,
      by_epoch_ ? "epoch" : "iter",
      last_step_);
}

Value ReduceOnPlateauParamScheduler::attributes() const {
  Value d = Value::dict();
  if (momentum_mixin_) {
    d.set("use_betas", use_betas_);
  }
  save_base_attributes(d, /*with_base_values=*/false);
  d.set("factor", o_.factor);
  d.set("min_values", to_list_value(min_values_));
  d.set("patience", o_.patience);
  d.set("cooldown", o_.cooldown);
  d.set("cooldown_counter", cooldown_counter_);
  d.set("rule_worse", number(rule_worse_));
  d.set("best", number(best_));
  d.set("num_bad_epochs", num_bad_epochs_);
  d.set("eps", o_.eps);
  d.set("monitor", o_.monitor);
  d.set("rule", o_.rule);
  d.set("threshold", o_.threshold);
  d.set("threshold_rule", o_.threshold_rule);
  d.set("_last_value", to_list_value(last_value_));
  return d;
}

void ReduceOnPlateauParamScheduler::load_attributes(const Value& d) {
  auto load = [&d](const char* key, auto& out) {
    if (const Value* v = d.find(key)) {
      out = v->as<std::decay_t<decltype(out)>>();
    }
  };
  load("factor", o_.factor);
  load("patience", o_.patience);
  load("cooldown", o_.cooldown);
  load("cooldown_counter", cooldown_counter_);
  load("rule_worse", rule_worse_);
  load("best", best_);
  load("num_bad_epochs", num_bad_epochs_);
  load("eps", o_.eps);
  load("monitor", o_.monitor);
  load("rule", o_.rule);
  load("threshold", o_.threshold);
  load("threshold_rule", o_.threshold_rule);
  if (const Value* v = d.find("min_values")) {
    min_values_ = to_doubles(*v, "min_values");
  }
}

}  // namespace mmengine::optim
