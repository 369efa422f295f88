// The JSON writer: Python's json.dumps (the pure-Python encoder's layout).

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "mmengine/config/json_io.h"
#include "mmengine/config/text_file_impl.h"
#include "mmengine/config/utf8_impl.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {
namespace {

void append_u_escape(std::string& out, char32_t cp) {
  if (cp >= 0x10000) {
    const char32_t v = cp - 0x10000;
    append_u_escape(out, 0xD800 | (v >> 10));
    append_u_escape(out, 0xDC00 | (v & 0x3FF));
    return;
  }
  fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<int>(cp));
}

// json.encoder's ESCAPE / ESCAPE_ASCII tables.
void append_json_string(std::string& out, std::string_view s, bool ascii) {
  out += '"';
  detail::Utf8Decoder decoder(s);
  while (!decoder.done()) {
    const std::size_t start = decoder.offset();
    const char32_t cp = decoder.next().value_or(0xFFFD);
    switch (cp) {
      case U'"':
        out += "\\\"";
        break;
      case U'\\':
        out += "\\\\";
        break;
      case U'\n':
        out += "\\n";
        break;
      case U'\r':
        out += "\\r";
        break;
      case U'\t':
        out += "\\t";
        break;
      case U'\b':
        out += "\\b";
        break;
      case U'\f':
        out += "\\f";
        break;
      default:
        if (cp < 0x20 || (ascii && cp > 0x7E) || cp == 0xFFFD) {
          append_u_escape(out, cp);
        } else {
          out += s.substr(start, decoder.offset() - start);
        }
    }
  }
  out += '"';
}

std::string json_float(double d) {
  if (std::isnan(d)) {
    return "NaN";
  }
  if (std::isinf(d)) {
    return d > 0 ? "Infinity" : "-Infinity";
  }
  return float_repr(d);
}

class JsonWriter {
 public:
  explicit JsonWriter(const JsonDumpOptions& options) : options_(options) {}

  void write(const Value& v, int level) {
    switch (v.type()) {
      case Value::Type::kNone:
        out_ += "null";
        return;
      case Value::Type::kBool:
        out_ += v.as<bool>() ? "true" : "false";
        return;
      case Value::Type::kInt:
        out_ += std::to_string(v.as<std::int64_t>());
        return;
      case Value::Type::kFloat:
        out_ += json_float(v.as<double>());
        return;
      case Value::Type::kString:
        append_json_string(
            out_, v.as<std::string_view>(), options_.ensure_ascii);
        return;
      case Value::Type::kList:
      case Value::Type::kTuple:
        write_array(v.elements(), level);
        return;
      case Value::Type::kDict:
        write_object(v.items(), level);
        return;
    }
  }

  std::string take() {
    return std::move(out_);
  }

 private:
  // Before the i-th element: the item separator and, with indent, a newline.
  void open_item(std::size_t i, int level) {
    if (i > 0) {
      out_ += options_.indent ? "," : ", ";
    }
    newline(level);
  }

  void newline(int level) {
    if (options_.indent) {
      out_ += '\n';
      out_.append(
          static_cast<std::size_t>(std::max(0, *options_.indent)) *
              static_cast<std::size_t>(level),
          ' ');
    }
  }

  void write_array(const std::vector<Value>& items, int level) {
    if (items.empty()) {
      out_ += "[]";
      return;
    }
    out_ += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      open_item(i, level + 1);
      write(items[i], level + 1);
    }
    newline(level);
    out_ += ']';
  }

  void write_object(const std::vector<Value::Item>& items, int level) {
    if (items.empty()) {
      out_ += "{}";
      return;
    }
    std::vector<const Value::Item*> order;
    for (const auto& item : items) {
      order.push_back(&item);
    }
    if (options_.sort_keys) {
      sort_items(order);
    }
    out_ += '{';
    for (std::size_t i = 0; i < order.size(); ++i) {
      open_item(i, level + 1);
      append_json_string(
          out_, order[i]->first.to_string(), options_.ensure_ascii);
      out_ += ": ";
      write(order[i]->second, level + 1);
    }
    newline(level);
    out_ += '}';
  }

  static void sort_items(std::vector<const Value::Item*>& order) {
    const bool mixed = std::any_of(order.begin(), order.end(), [&](auto* it) {
      return it->first.is_int() != order.front()->first.is_int();
    });
    MMENGINE_CHECK_TYPE(
        !mixed, "'<' not supported between instances of 'int' and 'str'");
    std::sort(order.begin(), order.end(), [](auto* a, auto* b) {
      return a->first < b->first;
    });
  }

  const JsonDumpOptions& options_;
  std::string out_;
};

}  // namespace

std::string dump_json(const Value& value, const JsonDumpOptions& options) {
  JsonWriter writer(options);
  writer.write(value, 0);
  return writer.take();
}

void dump_json_file(
    const Value& value,
    const std::filesystem::path& file,
    const JsonDumpOptions& options) {
  detail::write_text_file(file, dump_json(value, options));
}

}  // namespace mmengine::config
