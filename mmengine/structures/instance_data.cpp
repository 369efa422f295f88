#include "mmengine/structures/instance_data.h"

#include <ATen/ATen.h>

#include "mmengine/utils/error.h"

namespace mmengine::structures {

using config::Value;

namespace {

// Python's slice.indices(n) as the list of selected positions.
std::vector<std::int64_t> slice_positions(const Slice& s, std::int64_t n) {
  MMENGINE_CHECK(s.step != 0, "slice step cannot be zero");
  const auto adjust = [&](std::int64_t i, std::int64_t lo, std::int64_t hi) {
    if (i < 0) {
      i += n;
    }
    return std::clamp(i, lo, hi);
  };
  std::vector<std::int64_t> out;
  if (s.step > 0) {
    const auto start = s.start ? adjust(*s.start, 0, n) : 0;
    const auto stop = s.stop ? adjust(*s.stop, 0, n) : n;
    for (auto i = start; i < stop; i += s.step) {
      out.push_back(i);
    }
  } else {
    const auto start = s.start ? adjust(*s.start, -1, n - 1) : n - 1;
    const auto stop = s.stop ? adjust(*s.stop, -1, n - 1) : -1;
    for (auto i = start; i > stop; i += s.step) {
      out.push_back(i);
    }
  }
  return out;
}

// Elements of a list/tuple/str value at positions, as the same type.
Value gather(const Value& v, const std::vector<std::int64_t>& positions) {
  if (v.is_string()) {
    const auto& s = v.as<std::string>();
    std::string out;
    for (auto p : positions) {
      out.push_back(s[static_cast<size_t>(p)]);
    }
    return Value(out);
  }
  std::vector<Value> items;
  for (auto p : positions) {
    items.push_back(v.elements()[static_cast<size_t>(p)]);
  }
  return v.is_tuple() ? Value::tuple(std::move(items))
                      : Value::list(std::move(items));
}

Field gather_field(
    const std::string& name,
    const Field& f,
    const std::vector<std::int64_t>& positions) {
  if (f.is_tensor()) {
    const auto idx = at::tensor(positions, at::TensorOptions().dtype(at::kLong))
                         .to(f.tensor().device());
    return Field(f.tensor().index_select(0, idx));
  }
  MMENGINE_CHECK(
      f.is_value() && (f.value().is_sequence() || f.value().is_string()),
      "The type of `",
      name,
      "` is `",
      f.kind(),
      "`, which has no attribute of `cat`, so it does not support slice "
      "with `bool`");
  return Field(gather(f.value(), positions));
}

}  // namespace

std::optional<std::int64_t> field_length(const Field& field) {
  if (field.is_tensor()) {
    return field.tensor().dim() == 0 ? std::nullopt
                                     : std::optional(field.tensor().size(0));
  }
  if (field.is_value()) {
    const Value& v = field.value();
    if (v.is_sequence() || v.is_dict() || v.is_string()) {
      return static_cast<std::int64_t>(v.size());
    }
    return std::nullopt;
  }
  if (auto inst = std::dynamic_pointer_cast<InstanceData>(field.element())) {
    return inst->size();
  }
  return std::nullopt;
}

std::int64_t InstanceData::size() const {
  if (items().empty()) {
    return 0;
  }
  return field_length(items().front().second).value_or(0);
}

void InstanceData::check_data_field(
    const std::string& name, Field& value) const {
  const auto len = field_length(value);
  MMENGINE_CHECK(
      len.has_value(),
      "InstanceData: value of '",
      name,
      "' must have a length (a tensor with dims, list, tuple or str), got ",
      value.kind());
  MMENGINE_CHECK(
      size() == 0 || *len == size(),
      "InstanceData: The length of values ",
      *len,
      " is not consistent with the length of this :obj:`InstanceData` ",
      size(),
      " (field '",
      name,
      "')");
}

std::shared_ptr<InstanceData> InstanceData::empty_like() const {
  auto out = std::make_shared<InstanceData>();
  for (const auto& [k, v] : metainfo_items()) {
    out->set_field(k, v, "metainfo");
  }
  return out;
}

std::shared_ptr<InstanceData> InstanceData::index(
    const std::vector<std::int64_t>& indices) const {
  const auto n = size();
  std::vector<std::int64_t> positions;
  for (auto i : indices) {
    MMENGINE_CHECK_T(
        IndexError, i < n && i >= -n, "Index ", i, " out of range!");
    positions.push_back(i < 0 ? i + n : i);
  }
  auto out = empty_like();
  for (const auto& [k, v] : items()) {
    out->mutable_data().emplace_back(k, gather_field(k, v, positions));
  }
  return out;
}

std::shared_ptr<InstanceData> InstanceData::index(std::int64_t i) const {
  const auto n = size();
  MMENGINE_CHECK_T(IndexError, i < n && i >= -n, "Index ", i, " out of range!");
  return index(std::vector<std::int64_t>{i});
}

std::shared_ptr<InstanceData> InstanceData::slice(const Slice& s) const {
  const auto positions = slice_positions(s, size());
  auto out = empty_like();
  for (const auto& [k, v] : items()) {
    if (v.is_tensor()) {
      MMENGINE_CHECK(s.step > 0, "step must be greater than zero");
      const auto start = positions.empty() ? 0 : positions.front();
      const auto stop = positions.empty() ? 0 : positions.back() + 1;
      out->mutable_data().emplace_back(
          k, Field(v.tensor().slice(0, start, stop, s.step)));
    } else {
      out->mutable_data().emplace_back(k, gather_field(k, v, positions));
    }
  }
  return out;
}

std::shared_ptr<InstanceData> InstanceData::index(
    const at::Tensor& index) const {
  MMENGINE_CHECK(
      index.dim() == 1,
      "Only support to get the values along the first dimension.");
  at::Tensor positions = index;
  if (index.scalar_type() == at::kBool) {
    MMENGINE_CHECK(
        index.size(0) == size(),
        "The shape of the input(BoolTensor) ",
        index.size(0),
        " does not match the shape of the indexed tensor in results_field ",
        size(),
        " at first dimension.");
    positions = at::nonzero(index).view(-1);
  } else {
    MMENGINE_CHECK_TYPE(
        at::isIntegralType(index.scalar_type(), /*includeBool=*/false),
        "InstanceData: index tensors must be bool or integer, got ",
        c10::toString(index.scalar_type()));
  }
  const auto cpu = positions.to(at::kCPU, at::kLong).contiguous();
  return this->index(std::vector<std::int64_t>(
      cpu.data_ptr<std::int64_t>(),
      cpu.data_ptr<std::int64_t>() + cpu.numel()));
}

std::shared_ptr<InstanceData> InstanceData::cat(
    const std::vector<std::shared_ptr<InstanceData>>& instances) {
  MMENGINE_CHECK(!instances.empty(), "InstanceData.cat: empty list");
  if (instances.size() == 1) {
    return instances.front();
  }
  const auto keys = instances.front()->all_keys();
  for (const auto& inst : instances) {
    MMENGINE_CHECK(
        inst->all_keys().size() == keys.size() &&
            std::is_permutation(
                keys.begin(), keys.end(), inst->all_keys().begin()),
        "There are different keys in `instances_list`, which may cause the "
        "cat operation to fail. Please make sure all elements in "
        "`instances_list` have the exact same key.");
  }
  auto out = instances.front()->empty_like();
  for (const auto& key : instances.front()->keys()) {
    const Field& first = instances.front()->get(key);
    if (first.is_tensor()) {
      std::vector<at::Tensor> parts;
      for (const auto& inst : instances) {
        parts.push_back(inst->get(key).tensor());
      }
      out->mutable_data().emplace_back(key, Field(at::cat(parts, 0)));
      continue;
    }
    MMENGINE_CHECK(
        first.is_value() &&
            (first.value().is_sequence() || first.value().is_string()),
        "The type of `",
        key,
        "` is `",
        first.kind(),
        "` which has no attribute of `cat`");
    Value joined = first.value();
    for (size_t i = 1; i < instances.size(); ++i) {
      const Value& next = instances[i]->get(key).value();
      if (joined.is_string()) {
        joined = Value(joined.as<std::string>() + next.as<std::string>());
      } else {
        for (const auto& e : next.elements()) {
          joined.append(e);
        }
      }
    }
    out->mutable_data().emplace_back(key, Field(joined));
  }
  return out;
}

}  // namespace mmengine::structures
