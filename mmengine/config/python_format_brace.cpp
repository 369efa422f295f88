// str.format: "{field!conversion:spec}" with positional, keyword, index and
// attribute fields, nested replacement fields in specs, and CPython's errors.

#include <fmt/format.h>

#include "mmengine/config/python_format_impl.h"
#include "mmengine/config/python_ops_impl.h"

namespace mmengine::config::detail {

namespace {

class BraceFormatter {
 public:
  BraceFormatter(Heap& heap, const std::vector<Obj>& args, const KwArgs& kwargs)
      : heap_(heap), args_(args), kwargs_(kwargs) {}

  std::string render(std::string_view text, int depth) {
    if (depth > 2) {
      py_raise("ValueError", "Max string recursion exceeded");
    }
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      const char c = text[i];
      const bool doubled = i + 1 < text.size() && text[i + 1] == c;
      if ((c == '{' || c == '}') && doubled) {
        out.push_back(c);
        i += 2;
      } else if (c == '}') {
        py_raise("ValueError", "Single '}' encountered in format string");
      } else if (c == '{') {
        const auto end = field_end(text, i);
        out += field(text.substr(i + 1, end - i - 1), depth);
        heap_.budget().check_size(out.size());
        i = end + 1;
      } else {
        out.push_back(c);
        ++i;
      }
    }
    return out;
  }

 private:
  static std::size_t field_end(std::string_view text, std::size_t open) {
    if (open + 1 >= text.size()) {
      py_raise("ValueError", "Single '{' encountered in format string");
    }
    int depth = 1;
    bool in_index = false;
    for (std::size_t j = open + 1; j < text.size(); ++j) {
      const char c = text[j];
      if (c == '[' && depth == 1) {
        in_index = true;
      } else if (c == ']') {
        in_index = false;
      } else if (c == '{' && !in_index) {
        ++depth;
      } else if (c == '}' && !in_index && --depth == 0) {
        return j;
      }
    }
    py_raise("ValueError", "expected '}' before end of string");
  }

  std::string field(std::string_view f, int depth) {
    std::size_t name_end = 0;
    bool in_index = false;
    for (; name_end < f.size(); ++name_end) {
      const char c = f[name_end];
      in_index = c == '[' ? true : c == ']' ? false : in_index;
      if (!in_index && (c == '!' || c == ':')) {
        break;
      }
    }
    Obj value = lookup(f.substr(0, name_end));
    std::size_t i = name_end;
    if (i < f.size() && f[i] == '!') {
      if (i + 1 >= f.size()) {
        py_raise(
            "ValueError",
            "end of string while looking for conversion specifier");
      }
      const char conv = f[i + 1];
      if (conv != 'r' && conv != 's' && conv != 'a') {
        py_raise(
            "ValueError", fmt::format("Unknown conversion specifier {}", conv));
      }
      value = Obj::str(
          conv == 'r'   ? py_repr(value)
          : conv == 'a' ? py_ascii(value)
                        : py_str(value));
      i += 2;
      if (i < f.size() && f[i] != ':') {
        py_raise("ValueError", "expected ':' after conversion specifier");
      }
    }
    std::string spec;
    if (i < f.size()) {
      spec = render(f.substr(i + 1), depth + 1);
    }
    return format_value(value, spec);
  }

  Obj argument(std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) {
      std::size_t index = 0;
      if (name.empty()) {
        if (mode_ == Mode::kManual) {
          py_raise(
              "ValueError",
              "cannot switch from manual field specification to automatic "
              "field numbering");
        }
        mode_ = Mode::kAuto;
        index = next_++;
      } else {
        if (mode_ == Mode::kAuto) {
          py_raise(
              "ValueError",
              "cannot switch from automatic field numbering to manual field "
              "specification");
        }
        mode_ = Mode::kManual;
        index = static_cast<std::size_t>(
            std::stoull(std::string(name.substr(0, 9))));
      }
      if (index >= args_.size()) {
        py_raise(
            "IndexError",
            fmt::format(
                "Replacement index {} out of range for positional args tuple",
                index));
      }
      return args_[index];
    }
    for (const auto& [key, value] : kwargs_) {
      if (key == name) {
        return value;
      }
    }
    py_raise("KeyError", fmt::format("'{}'", name));
  }

  Obj lookup(std::string_view name) {
    std::size_t i = 0;
    while (i < name.size() && name[i] != '.' && name[i] != '[') {
      ++i;
    }
    Obj value = argument(name.substr(0, i));
    while (i < name.size()) {
      if (name[i] == '.') {
        auto end = name.find_first_of(".[", i + 1);
        end = end == std::string_view::npos ? name.size() : end;
        value = attribute(value, name.substr(i + 1, end - i - 1));
        i = end;
        continue;
      }
      const auto close = name.find(']', i);
      if (close == std::string_view::npos) {
        py_raise("ValueError", "Missing ']' in format string");
      }
      const auto key = name.substr(i + 1, close - i - 1);
      const bool numeric =
          !key.empty() &&
          key.find_first_not_of("0123456789") == std::string_view::npos &&
          key.size() < 18;
      value = get_item(
          heap_,
          value,
          numeric ? Obj(static_cast<std::int64_t>(std::stoll(std::string(key))))
                  : Obj::str(std::string(key)));
      i = close + 1;
    }
    return value;
  }

  static Obj attribute(const Obj& value, std::string_view name) {
    if (value.is(ObjKind::kDict)) {
      if (const Obj* v = value.get<DictObj*>()->table().find(
              Obj::str(std::string(name)))) {
        return *v;
      }
    }
    py_raise(
        "AttributeError",
        fmt::format(
            "'{}' object has no attribute '{}'", type_name(value), name));
  }

  enum class Mode { kNone, kAuto, kManual };

  Heap& heap_;
  const std::vector<Obj>& args_;
  const KwArgs& kwargs_;
  Mode mode_ = Mode::kNone;
  std::size_t next_ = 0;
};

}  // namespace

std::string str_format(
    Heap& heap,
    const std::string& format,
    const std::vector<Obj>& args,
    const KwArgs& kwargs) {
  return BraceFormatter(heap, args, kwargs).render(format, 0);
}

}  // namespace mmengine::config::detail
