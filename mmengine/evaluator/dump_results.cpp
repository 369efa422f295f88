#include "mmengine/evaluator/dump_results.h"

#include <ATen/ATen.h>

#include "mmengine/config/json_io.h"
#include "mmengine/logging/logger.h"
#include "mmengine/utils/error.h"

namespace mmengine::evaluator {

using config::Value;
using structures::Tree;

namespace {

Value tolist(const at::Tensor& t, std::int64_t dim, std::int64_t offset) {
  if (dim == t.dim()) {
    const at::Tensor x = t.reshape({-1})[offset];
    if (t.scalar_type() == at::kBool) {
      return Value(x.item<bool>());
    }
    if (at::isIntegralType(t.scalar_type(), false)) {
      return Value(x.item<std::int64_t>());
    }
    return Value(x.item<double>());
  }
  Value out = Value::list();
  std::int64_t stride = 1;
  for (std::int64_t d = dim + 1; d < t.dim(); ++d) {
    stride *= t.size(d);
  }
  for (std::int64_t i = 0; i < t.size(dim); ++i) {
    out.append(tolist(t, dim + 1, offset + i * stride));
  }
  return out;
}

Tree field_tree(const structures::Field& f);

Tree element_tree(const structures::BaseDataElement& e) {
  Tree out = Tree::dict();
  for (const auto& [key, field] : e.all_items()) {
    out[key] = field_tree(field);
  }
  return out;
}

Tree field_tree(const structures::Field& f) {
  if (f.is_tensor()) {
    return Tree(f.tensor().detach().cpu());
  }
  if (f.is_value()) {
    return Tree(f.value());
  }
  return element_tree(*f.element());
}

Value tree_json(const Tree& t) {
  if (t.is_tensor()) {
    return tensor_to_value(t.tensor());
  }
  if (t.is_value()) {
    return t.to_value();
  }
  if (t.is_dict()) {
    Value out = Value::dict();
    for (const auto& [k, v] : t.items()) {
      out.set(k, tree_json(v));
    }
    return out;
  }
  Value out = Value::list();
  for (const Tree& e : t.elements()) {
    out.append(tree_json(e));
  }
  return out;
}

}  // namespace

Value tensor_to_value(const at::Tensor& tensor) {
  at::Tensor t = tensor.detach().cpu().contiguous();
  if (t.scalar_type() == at::kHalf || t.scalar_type() == at::kBFloat16) {
    t = t.to(at::kFloat);
  }
  return tolist(t, 0, 0);
}

DumpResults::DumpResults(registry::BuildArgs& args) : BaseMetric(args, "") {
  out_file_path_ = args.take<std::string>("out_file_path");
  MMENGINE_CHECK(
      !out_file_path_.ends_with(".pkl") && !out_file_path_.ends_with(".pickle"),
      args.where(),
      ": out_file_path '",
      out_file_path_,
      "': writing .pkl files is not supported yet; use a .json file");
  MMENGINE_CHECK(
      out_file_path_.ends_with(".json"),
      args.where(),
      ": The output file must be a json file (.json), got '",
      out_file_path_,
      "'");
}

void DumpResults::process(
    const model::DataBatch& /*data_batch*/,
    const model::DataSamples& data_samples) {
  for (const auto& sample : data_samples) {
    results().push_back(element_tree(*sample));
  }
}

Value DumpResults::compute_metrics(const std::vector<Tree>& results) {
  Value out = Value::list();
  for (const Tree& r : results) {
    out.append(tree_json(r));
  }
  config::dump_json_file(out, out_file_path_);
  logging::print_log(
      fmt::format("Results has been saved to {}.", out_file_path_), "current");
  return Value::dict();
}

}  // namespace mmengine::evaluator
