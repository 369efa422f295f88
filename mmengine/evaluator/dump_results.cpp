#include "mmengine/evaluator/dump_results.h"

#include <ATen/ATen.h>

#include <cstdio>
#include <cstdlib>

#include "mmengine/config/json_io.h"
#include "mmengine/logging/logger.h"
#include "mmengine/runner/checkpoint.h"
#include "mmengine/runner/checkpoint/pickle_writer.h"
#include "mmengine/runner/checkpoint/torch_file.h"
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

// `torch.save(t)` in memory (a copy, so a view does not drag its storage).
std::string torch_save_bytes(const at::Tensor& t) {
  char* data = nullptr;
  std::size_t size = 0;
  std::FILE* f = open_memstream(&data, &size);
  MMENGINE_CHECK_T(FileError, f != nullptr, "[DumpResults] open_memstream");
  const at::Tensor copy = t.detach().cpu().contiguous().clone();
  try {
    runner::checkpoint::write_torch_zip(Tree(copy), f, "[DumpResults]");
  } catch (...) {
    std::fclose(f);
    std::free(data);
    throw;
  }
  std::fclose(f);
  std::string out(data, size);
  std::free(data);
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
  pickle_ =
      out_file_path_.ends_with(".pkl") || out_file_path_.ends_with(".pickle");
  MMENGINE_CHECK(
      pickle_ || out_file_path_.ends_with(".json"),
      args.where(),
      ": The output file must be a pkl file. Got '",
      out_file_path_,
      "' (expected .pkl, .pickle or .json)");
}

void DumpResults::process(
    const model::DataBatch& /*data_batch*/,
    const model::DataSamples& data_samples) {
  for (const auto& sample : data_samples) {
    results().push_back(element_tree(*sample));
  }
}

Value DumpResults::compute_metrics(const std::vector<Tree>& results) {
  if (pickle_) {
    runner::write_text_atomically(
        out_file_path_, pickle_results(results), "[DumpResults]");
  } else {
    Value out = Value::list();
    for (const Tree& r : results) {
      out.append(tree_json(r));
    }
    config::dump_json_file(out, out_file_path_);
  }
  logging::print_log(
      fmt::format("Results has been saved to {}.", out_file_path_), "current");
  return Value::dict();
}

std::string pickle_results(const std::vector<Tree>& results) {
  return runner::checkpoint::pickle_plain(
      Tree::list(results), torch_save_bytes);
}

}  // namespace mmengine::evaluator
