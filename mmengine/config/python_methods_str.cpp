// str methods: argument checking around python_str_ops.cpp.

#include <algorithm>

#include <fmt/format.h>

#include "mmengine/config/python_interp_impl.h"
#include "mmengine/config/python_str_ops_impl.h"
#include "mmengine/config/python_utf8_impl.h"

namespace mmengine::config::detail {

namespace {

const std::string& str_arg(
    const std::vector<Obj>& args, std::size_t i, std::string_view name) {
  return expect_str(args[i], fmt::format("str.{}()", name));
}

// start/end arguments of find, index, count: a code-point slice.
SliceSpec search_range(const std::vector<Obj>& args, std::string_view name) {
  SliceSpec range;
  if (args.size() > 1 && !args[1].is_none()) {
    range.start = expect_int(args[1], name);
  }
  if (args.size() > 2 && !args[2].is_none()) {
    range.stop = expect_int(args[2], name);
  }
  return range;
}

Obj search_method(
    const std::string& s,
    const std::string& name,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  check_args(name, args, kwargs, 1, 3);
  const auto& sub = str_arg(args, 0, name);
  const auto range = search_range(args, name);
  if (name == "count") {
    return Obj(str_count(s, sub, range));
  }
  const auto at = str_find(s, sub, range, name[0] == 'r');
  if (at < 0 && (name == "index" || name == "rindex")) {
    py_raise("ValueError", "substring not found");
  }
  return Obj(at);
}

Obj affix_method(
    const std::string& s,
    const std::string& name,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  check_args(name, args, kwargs, 1, 1);
  const auto test = [&](const Obj& p) {
    const auto& affix = expect_str(p, fmt::format("str.{}()", name));
    return name == "startswith" ? s.starts_with(affix) : s.ends_with(affix);
  };
  if (args[0].is(ObjKind::kTuple)) {
    const auto& options = args[0].get<TupleObj*>()->items;
    return Obj(std::any_of(options.begin(), options.end(), test));
  }
  return Obj(test(args[0]));
}

Obj partition_method(
    Heap& heap,
    const std::string& s,
    const std::string& name,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  check_args(name, args, kwargs, 1, 1);
  const auto& sep = str_arg(args, 0, name);
  if (name == "removeprefix") {
    return Obj::str(s.starts_with(sep) ? s.substr(sep.size()) : s);
  }
  if (name == "removesuffix") {
    return Obj::str(s.ends_with(sep) ? s.substr(0, s.size() - sep.size()) : s);
  }
  if (sep.empty()) {
    py_raise("ValueError", "empty separator");
  }
  const bool left = name == "partition";
  const auto at = left ? s.find(sep) : s.rfind(sep);
  if (at == std::string::npos) {
    const Obj all = Obj::str(s);
    const Obj none = Obj::str("");
    return left ? heap.tuple({all, none, none}) : heap.tuple({none, none, all});
  }
  return heap.tuple(
      {Obj::str(s.substr(0, at)),
       Obj::str(sep),
       Obj::str(s.substr(at + sep.size()))});
}

Obj pad_method(
    Budget& budget,
    const std::string& s,
    const std::string& name,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  check_args(name, args, kwargs, 1, name == "zfill" ? 1 : 2);
  const auto width = expect_int(args[0], name);
  budget.check_size(static_cast<std::size_t>(std::max<std::int64_t>(width, 0)));
  if (name == "zfill") {
    return Obj::str(str_zfill(s, width));
  }
  const std::string fill = args.size() == 2 ? str_arg(args, 1, name) : " ";
  if (utf8_length(fill) != 1) {
    py_raise(
        "TypeError", "The fill character must be exactly one character long");
  }
  const char align = name == "center" ? '^' : name == "ljust" ? '<' : '>';
  return Obj::str(str_pad(s, width, fill, align));
}

Obj strings_to_list(Heap& heap, const std::vector<std::string>& parts) {
  std::vector<Obj> items;
  items.reserve(parts.size());
  for (const auto& part : parts) {
    items.push_back(Obj::str(part));
  }
  return heap.list(std::move(items));
}

Obj split_method(
    Heap& heap,
    const std::string& s,
    const std::string& name,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  auto sep = take_kwarg(kwargs, "sep");
  auto maxsplit = take_kwarg(kwargs, "maxsplit");
  check_args(name, args, kwargs, 0, 2);
  if (!args.empty()) {
    sep = args[0];
  }
  if (args.size() == 2) {
    maxsplit = args[1];
  }
  const auto limit = maxsplit ? expect_int(*maxsplit, name) : -1;
  const std::string* separator = nullptr;
  if (sep && !sep->is_none()) {
    separator = &expect_str(*sep, fmt::format("str.{}()", name));
  }
  return strings_to_list(
      heap, str_split(s, separator, limit, name == "rsplit"));
}

}  // namespace

Obj Interpreter::str_method(
    const Obj& self,
    const std::string& name,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  const std::string& s = self.as_str();
  if (name == "format") {
    return Obj::str(str_format(heap_, s, args, kwargs));
  }
  if (name == "join") {
    return str_join(s, args, kwargs);
  }
  if (name == "split" || name == "rsplit") {
    return split_method(heap_, s, name, args, kwargs);
  }
  if (name == "strip" || name == "lstrip" || name == "rstrip") {
    check_args(name, args, kwargs, 0, 1);
    const std::string* chars =
        args.empty() || args[0].is_none() ? nullptr : &str_arg(args, 0, name);
    return Obj::str(str_strip(s, chars, name != "rstrip", name != "lstrip"));
  }
  if (name == "replace") {
    check_args(name, args, kwargs, 2, 3);
    const auto count = args.size() == 3 ? expect_int(args[2], name) : -1;
    const auto& old = str_arg(args, 0, name);
    const auto& with = str_arg(args, 1, name);
    // Check the size before building: one replace can grow a str a lot.
    auto n = str_count(s, old, SliceSpec{});
    n = count >= 0 ? std::min(n, count) : n;
    if (with.size() > old.size()) {
      budget_.check_size(
          s.size() + static_cast<std::size_t>(n) * (with.size() - old.size()));
    }
    auto out = str_replace(s, old, with, count);
    budget_.check_size(out.size());
    return Obj::str(std::move(out));
  }
  return str_method_simple(s, name, args, kwargs);
}

Obj Interpreter::str_method_simple(
    const std::string& s,
    const std::string& name,
    std::vector<Obj>& args,
    KwArgs& kwargs) {
  if (name == "startswith" || name == "endswith") {
    return affix_method(s, name, args, kwargs);
  }
  if (name == "find" || name == "rfind" || name == "index" ||
      name == "rindex" || name == "count") {
    return search_method(s, name, args, kwargs);
  }
  if (name == "zfill" || name == "center" || name == "ljust" ||
      name == "rjust") {
    return pad_method(budget_, s, name, args, kwargs);
  }
  if (name == "partition" || name == "rpartition" || name == "removeprefix" ||
      name == "removesuffix") {
    return partition_method(heap_, s, name, args, kwargs);
  }
  if (name == "splitlines") {
    const auto keep = take_kwarg(kwargs, "keepends");
    check_args(name, args, kwargs, 0, 1);
    const bool keepends =
        args.empty() ? keep && truthy(*keep) : truthy(args[0]);
    return strings_to_list(heap_, str_splitlines(s, keepends));
  }
  check_args(name, args, kwargs, 0, 0);
  return str_case_method(s, name);
}

Obj Interpreter::str_join(
    const std::string& sep, std::vector<Obj>& args, KwArgs& kwargs) {
  check_args("join", args, kwargs, 1, 1);
  std::string out;
  std::size_t index = 0;
  iterate(args[0], [&](const Obj& item) {
    if (!item.is(ObjKind::kStr)) {
      py_raise(
          "TypeError",
          fmt::format(
              "sequence item {}: expected str instance, {} found",
              index,
              type_name(item)));
    }
    if (index++ > 0) {
      out += sep;
    }
    out += item.as_str();
    budget_.check_size(out.size());
    return true;
  });
  return Obj::str(std::move(out));
}

}  // namespace mmengine::config::detail
