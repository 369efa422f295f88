// Subscripts, slices and membership tests.

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "mmengine/config/python_ops_impl.h"
#include "mmengine/config/python_utf8_impl.h"

namespace mmengine::config::detail {

namespace {

constexpr std::int64_t kMaxIndex = std::numeric_limits<std::int64_t>::max();

std::vector<Obj>* seq_items(const Obj& v) {
  if (v.is(ObjKind::kList)) {
    return &v.get<ListObj*>()->items;
  }
  if (v.is(ObjKind::kTuple)) {
    return &v.get<TupleObj*>()->items;
  }
  return nullptr;
}

// Clamps a slice bound as CPython's PySlice_AdjustIndices.
std::int64_t adjust(std::int64_t i, std::int64_t n, bool negative_step) {
  if (i < 0) {
    i += n;
    if (i < 0) {
      i = negative_step ? -1 : 0;
    }
  } else if (i >= n) {
    i = negative_step ? n - 1 : n;
  }
  return i;
}

[[noreturn]] void bad_index(const Obj& obj, const Obj& key) {
  if (obj.is(ObjKind::kStr)) {
    py_raise(
        "TypeError",
        fmt::format(
            "string indices must be integers, not '{}'", type_name(key)));
  }
  py_raise(
      "TypeError",
      fmt::format(
          "{} indices must be integers or slices, not {}",
          type_name(obj),
          type_name(key)));
}

[[noreturn]] void key_error(const Obj& key) {
  py_raise("KeyError", py_repr(key));
}

Obj string_item(const std::string& s, std::int64_t i) {
  if (is_ascii(s)) {
    return Obj::str(std::string(1, s[sequence_index(i, s.size(), "string")]));
  }
  const auto offsets = utf8_offsets(s);
  const auto k = sequence_index(i, offsets.size() - 1, "string");
  return Obj::str(s.substr(offsets[k], offsets[k + 1] - offsets[k]));
}

Obj string_slice(const std::string& s, const SliceSpec& slice) {
  std::string out;
  if (is_ascii(s)) {
    for (const auto p : slice_positions(slice, s.size())) {
      out.push_back(s[p]);
    }
    return Obj::str(std::move(out));
  }
  const auto offsets = utf8_offsets(s);
  for (const auto p : slice_positions(slice, offsets.size() - 1)) {
    out.append(s, offsets[p], offsets[p + 1] - offsets[p]);
  }
  return Obj::str(std::move(out));
}

}  // namespace

std::size_t sequence_index(std::int64_t i, std::size_t n, const char* what) {
  const auto size = static_cast<std::int64_t>(n);
  if (i < 0) {
    i += size;
  }
  if (i < 0 || i >= size) {
    py_raise("IndexError", fmt::format("{} index out of range", what));
  }
  return static_cast<std::size_t>(i);
}

SliceBounds slice_bounds(const SliceSpec& s, std::int64_t n) {
  std::int64_t step = s.step.value_or(1);
  if (step == 0) {
    py_raise("ValueError", "slice step cannot be zero");
  }
  step = std::max(step, -kMaxIndex);
  const bool neg = step < 0;
  const std::int64_t start =
      s.start ? adjust(*s.start, n, neg) : (neg ? n - 1 : 0);
  const std::int64_t stop = s.stop ? adjust(*s.stop, n, neg) : (neg ? -1 : n);
  std::int64_t length = 0;
  if (neg && stop < start) {
    length = (start - stop - 1) / (-step) + 1;
  } else if (!neg && start < stop) {
    length = (stop - start - 1) / step + 1;
  }
  return {start, step, length};
}

std::vector<std::size_t> slice_positions(const SliceSpec& s, std::size_t n) {
  const auto b = slice_bounds(s, static_cast<std::int64_t>(n));
  std::vector<std::size_t> out;
  out.reserve(static_cast<std::size_t>(b.length));
  for (std::int64_t k = 0; k < b.length; ++k) {
    out.push_back(static_cast<std::size_t>(b.start + k * b.step));
  }
  return out;
}

std::optional<bool> contains(const Obj& container, const Obj& item) {
  switch (container.kind()) {
    case ObjKind::kStr:
      if (!item.is(ObjKind::kStr)) {
        py_raise(
            "TypeError",
            fmt::format(
                "'in <string>' requires string as left operand, not {}",
                type_name(item)));
      }
      return container.as_str().find(item.as_str()) != std::string::npos;
    case ObjKind::kList:
    case ObjKind::kTuple: {
      const auto& items = *seq_items(container);
      return std::any_of(items.begin(), items.end(), [&](const Obj& x) {
        return py_is(x, item) || py_eq(x, item);
      });
    }
    case ObjKind::kDict:
      return container.get<DictObj*>()->table().find(item) != nullptr;
    case ObjKind::kSet:
      return container.get<SetObj*>()->table.find(item) != nullptr;
    case ObjKind::kRange: {
      const auto& r = *container.get<RangeObj*>();
      if (!item.is_integer()) {
        return false;
      }
      const auto v = item.as_int();
      const bool inside = r.step > 0 ? (v >= r.start && v < r.stop)
                                     : (v <= r.start && v > r.stop);
      return inside && (v - r.start) % r.step == 0;
    }
    case ObjKind::kView: {
      const auto& view = *container.get<ViewObj*>();
      const auto& table = view.dict->table();
      if (view.view == ViewKind::kKeys) {
        return table.find(item) != nullptr;
      }
      for (const auto& [key, value] : table.entries()) {
        if (view.view == ViewKind::kValues && py_eq(value, item)) {
          return true;
        }
        if (view.view == ViewKind::kItems && item.is(ObjKind::kTuple) &&
            item.get<TupleObj*>()->items.size() == 2 &&
            py_eq(key, item.get<TupleObj*>()->items[0]) &&
            py_eq(value, item.get<TupleObj*>()->items[1])) {
          return true;
        }
      }
      return false;
    }
    case ObjKind::kIterator:
    case ObjKind::kGenerator:
      return std::nullopt;
    default:
      py_raise(
          "TypeError",
          fmt::format(
              "argument of type '{}' is not iterable", type_name(container)));
  }
}

Obj get_item(Heap& heap, const Obj& obj, const Obj& key) {
  static_cast<void>(heap);
  switch (obj.kind()) {
    case ObjKind::kList:
    case ObjKind::kTuple: {
      if (!key.is_integer()) {
        bad_index(obj, key);
      }
      const auto& items = *seq_items(obj);
      return items[sequence_index(key.as_int(), items.size(), type_name(obj))];
    }
    case ObjKind::kStr:
      if (!key.is_integer()) {
        bad_index(obj, key);
      }
      return string_item(obj.as_str(), key.as_int());
    case ObjKind::kDict: {
      const Obj* value = obj.get<DictObj*>()->table().find(key);
      if (value == nullptr) {
        key_error(key);
      }
      return *value;
    }
    case ObjKind::kRange: {
      if (!key.is_integer()) {
        bad_index(obj, key);
      }
      const auto& r = *obj.get<RangeObj*>();
      const auto i = sequence_index(
          key.as_int(), static_cast<std::size_t>(r.length()), "range object");
      return Obj(r.at(static_cast<std::int64_t>(i)));
    }
    default:
      py_raise(
          "TypeError",
          fmt::format("'{}' object is not subscriptable", type_name(obj)));
  }
}

Obj get_slice(Heap& heap, const Obj& obj, const SliceSpec& slice) {
  if (obj.is(ObjKind::kStr)) {
    return string_slice(obj.as_str(), slice);
  }
  if (const auto* items = seq_items(obj)) {
    std::vector<Obj> out;
    for (const auto p : slice_positions(slice, items->size())) {
      out.push_back((*items)[p]);
    }
    heap.budget().charge(static_cast<std::int64_t>(out.size()));
    return obj.is(ObjKind::kList) ? heap.list(std::move(out))
                                  : heap.tuple(std::move(out));
  }
  if (obj.is(ObjKind::kRange)) {
    const auto& r = *obj.get<RangeObj*>();
    const auto b = slice_bounds(slice, r.length());
    auto* out = heap.make<RangeObj>();
    out->step = checked_mul(r.step, b.step);
    out->start = r.at(b.start);
    out->stop = checked_add(out->start, checked_mul(b.length, out->step));
    return Obj(out);
  }
  if (obj.is(ObjKind::kDict)) {
    py_raise("TypeError", "unhashable type: 'slice'");
  }
  py_raise(
      "TypeError",
      fmt::format("'{}' object is not subscriptable", type_name(obj)));
}

void set_item(Heap& heap, const Obj& obj, const Obj& key, Obj value) {
  if (obj.is(ObjKind::kList)) {
    if (!key.is_integer()) {
      bad_index(obj, key);
    }
    auto& items = obj.get<ListObj*>()->items;
    items[sequence_index(key.as_int(), items.size(), "list assignment")] =
        std::move(value);
    return;
  }
  if (obj.is(ObjKind::kDict)) {
    auto* dict = obj.get<DictObj*>();
    if (dict->config_dict) {
      value = config_hook(heap, value);
    }
    heap.budget().check_size(dict->table().size() + 1);
    dict->table().set(key, std::move(value));
    return;
  }
  py_raise(
      "TypeError",
      fmt::format(
          "'{}' object does not support item assignment", type_name(obj)));
}

void set_slice(
    const Obj& obj, const SliceSpec& slice, std::vector<Obj> values) {
  if (!obj.is(ObjKind::kList)) {
    py_raise(
        "TypeError",
        fmt::format(
            "'{}' object does not support item assignment", type_name(obj)));
  }
  auto& items = obj.get<ListObj*>()->items;
  const auto positions = slice_positions(slice, items.size());
  if (slice.step.value_or(1) == 1) {
    const auto n = static_cast<std::int64_t>(items.size());
    auto start =
        static_cast<std::size_t>(adjust(slice.start.value_or(0), n, false));
    auto stop =
        static_cast<std::size_t>(adjust(slice.stop.value_or(n), n, false));
    stop = std::max(start, stop);
    items.erase(
        items.begin() + static_cast<std::ptrdiff_t>(start),
        items.begin() + static_cast<std::ptrdiff_t>(stop));
    items.insert(
        items.begin() + static_cast<std::ptrdiff_t>(start),
        values.begin(),
        values.end());
    return;
  }
  if (positions.size() != values.size()) {
    py_raise(
        "ValueError",
        fmt::format(
            "attempt to assign sequence of size {} to extended slice of size "
            "{}",
            values.size(),
            positions.size()));
  }
  for (std::size_t k = 0; k < positions.size(); ++k) {
    items[positions[k]] = std::move(values[k]);
  }
}

void del_item(const Obj& obj, const Obj& key) {
  if (obj.is(ObjKind::kList)) {
    if (!key.is_integer()) {
      bad_index(obj, key);
    }
    auto& items = obj.get<ListObj*>()->items;
    const auto i =
        sequence_index(key.as_int(), items.size(), "list assignment");
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
    return;
  }
  if (obj.is(ObjKind::kDict)) {
    if (!obj.get<DictObj*>()->table().erase(key)) {
      key_error(key);
    }
    return;
  }
  py_raise(
      "TypeError",
      fmt::format("'{}' object doesn't support item deletion", type_name(obj)));
}

void del_slice(const Obj& obj, const SliceSpec& slice) {
  if (!obj.is(ObjKind::kList)) {
    py_raise(
        "TypeError",
        fmt::format(
            "'{}' object doesn't support item deletion", type_name(obj)));
  }
  auto& items = obj.get<ListObj*>()->items;
  std::vector<bool> drop(items.size(), false);
  for (const auto p : slice_positions(slice, items.size())) {
    drop[p] = true;
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!drop[i]) {
      items[out++] = std::move(items[i]);
    }
  }
  items.resize(out);
}

}  // namespace mmengine::config::detail
