// The YAML writer: PyYAML's Representer (what becomes which node) feeding a
// port of libyaml's block-style emitter (what CDumper writes).

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "mmengine/config/text_file_impl.h"
#include "mmengine/config/utf8_impl.h"
#include "mmengine/config/yaml_impl.h"
#include "mmengine/config/yaml_io.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {
namespace {

bool is_break(char32_t c) {
  return c == U'\n' || c == U'\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool is_blank_or_end(const std::u32string& s, std::size_t i) {
  return i >= s.size() || s[i] == U' ' || s[i] == U'\t' || is_break(s[i]) ||
         s[i] == 0;
}

// libyaml's IS_PRINTABLE: note 0x85 and everything past the BMP are not.
bool is_printable(char32_t c) {
  return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
}

std::u32string decode(std::string_view utf8) {
  std::u32string out;
  detail::Utf8Decoder decoder(utf8);
  while (!decoder.done()) {
    out += decoder.next().value_or(0xFFFD);
  }
  return out;
}

// A scalar as PyYAML's Representer hands it to the emitter.
struct Scalar {
  std::u32string text;
  std::size_t utf8_size = 0;
  bool plain_implicit = false;  // plain text resolves back to its tag
  bool quoted_implicit = false;
  std::string tag_suffix;  // after "!!", written when not implicit
};

// What yaml_emitter_analyze_scalar finds in a scalar.
struct ScalarFacts {
  bool flow_indicators = false;
  bool block_indicators = false;
  bool special = false;
  bool line_breaks = false;
  bool leading_space = false;
  bool leading_break = false;
  bool trailing_space = false;
  bool trailing_break = false;
  bool break_space = false;
  bool space_break = false;
};

// The styles libyaml allows for a scalar.
struct Analysis {
  bool multiline = false;
  bool flow_plain = true;
  bool block_plain = true;
  bool single_quoted = true;
};

void check_indicators(
    const std::u32string& s,
    std::size_t i,
    bool preceded_by_ws,
    ScalarFacts& f) {
  const char32_t c = s[i];
  const bool followed_by_ws = is_blank_or_end(s, i + 1);
  const std::u32string_view always = i == 0 ? U"#,[]{}&*!|>'\"%@`" : U",?[]{}";
  if (always.find(c) != std::u32string_view::npos) {
    f.flow_indicators = true;
    f.block_indicators = f.block_indicators || i == 0;
  }
  if (c == U':' || (i == 0 && c == U'?')) {
    f.flow_indicators = true;
    f.block_indicators = f.block_indicators || followed_by_ws;
  }
  if ((i == 0 && c == U'-' && followed_by_ws) ||
      (i > 0 && c == U'#' && preceded_by_ws)) {
    f.flow_indicators = f.block_indicators = true;
  }
}

ScalarFacts scan_scalar(const std::u32string& s, bool allow_unicode) {
  ScalarFacts f;
  f.block_indicators = f.flow_indicators =
      s.starts_with(U"---") || s.starts_with(U"...");
  bool prev_space = false, prev_break = false, preceded_by_ws = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    check_indicators(s, i, preceded_by_ws, f);
    f.special = f.special || !is_printable(c) || (c > 0x7F && !allow_unicode);
    const bool last = i + 1 == s.size();
    if (c == U' ') {
      f.leading_space = f.leading_space || i == 0;
      f.trailing_space = f.trailing_space || last;
      f.break_space = f.break_space || prev_break;
    } else if (is_break(c)) {
      f.line_breaks = true;
      f.leading_break = f.leading_break || i == 0;
      f.trailing_break = f.trailing_break || last;
      f.space_break = f.space_break || prev_space;
    }
    prev_space = c == U' ';
    prev_break = is_break(c);
    preceded_by_ws = c == U' ' || c == U'\t' || is_break(c) || c == 0;
  }
  return f;
}

Analysis analyze(const std::u32string& s, bool allow_unicode) {
  Analysis a;
  if (s.empty()) {
    return a;
  }
  const ScalarFacts f = scan_scalar(s, allow_unicode);
  a.multiline = f.line_breaks;
  if (f.leading_space || f.leading_break || f.trailing_space ||
      f.trailing_break || f.line_breaks) {
    a.flow_plain = a.block_plain = false;
  }
  if (f.break_space || f.space_break || f.special) {
    a.flow_plain = a.block_plain = a.single_quoted = false;
  }
  a.flow_plain = a.flow_plain && !f.flow_indicators;
  a.block_plain = a.block_plain && !f.block_indicators;
  return a;
}

// SafeRepresenter.represent_float.
std::string yaml_float(double d) {
  if (std::isnan(d)) {
    return ".nan";
  }
  if (std::isinf(d)) {
    return d > 0 ? ".inf" : "-.inf";
  }
  std::string text = float_repr(d);
  const auto e = text.find('e');
  if (text.find('.') == std::string::npos && e != std::string::npos) {
    text.insert(e, ".0");
  }
  return text;
}

Scalar make_scalar(std::string text, std::string tag_suffix) {
  Scalar s;
  const auto implicit = detail::resolve_implicit(text);
  const bool is_str = tag_suffix == "str";
  s.plain_implicit = is_str ? implicit == detail::YamlImplicit::kStr : true;
  s.quoted_implicit = is_str;
  s.utf8_size = text.size();
  s.text = decode(text);
  s.tag_suffix = std::move(tag_suffix);
  return s;
}

Scalar represent_scalar(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNone:
      return make_scalar("null", "null");
    case Value::Type::kBool:
      return make_scalar(v.as<bool>() ? "true" : "false", "bool");
    case Value::Type::kInt:
      return make_scalar(std::to_string(v.as<std::int64_t>()), "int");
    case Value::Type::kFloat:
      return make_scalar(yaml_float(v.as<double>()), "float");
    default:
      return make_scalar(v.as<std::string>(), "str");
  }
}

Scalar represent_key(const Key& key) {
  return key.is_int() ? make_scalar(key.to_string(), "int")
                      : make_scalar(key.str(), "str");
}

// Representer.represent_mapping: sorted keys unless sorting raises
// TypeError (mixed str and int keys), then insertion order.
std::vector<const Value::Item*> mapping_order(const Value& dict, bool sort) {
  std::vector<const Value::Item*> order;
  for (const auto& item : dict.items()) {
    order.push_back(&item);
  }
  const bool mixed = std::any_of(order.begin(), order.end(), [&](auto* it) {
    return it->first.is_int() != order.front()->first.is_int();
  });
  if (sort && !mixed) {
    std::sort(order.begin(), order.end(), [](auto* a, auto* b) {
      return a->first < b->first;
    });
  }
  return order;
}

enum class Style { kPlain, kSingle, kDouble };

class Emitter {
 public:
  explicit Emitter(const YamlDumpOptions& options)
      : options_(options),
        best_indent_(
            options.indent > 1 && options.indent < 10 ? options.indent : 2),
        best_width_(options.width > best_indent_ * 2 ? options.width : 80) {}

  std::string run(const Value& root) {
    emit_node(root, /*mapping=*/false, /*simple_key=*/false);
    write_indent();
    return std::move(out_);
  }

 private:
  void emit_node(const Value& v, bool mapping, bool simple_key) {
    mapping_context_ = mapping;
    simple_key_context_ = simple_key;
    if (v.is_dict() || v.is_sequence()) {
      emit_collection(v);
    } else {
      emit_scalar(represent_scalar(v));
    }
  }

  void emit_collection(const Value& v) {
    if (v.is_tuple()) {
      write_tag("python/tuple");
    }
    const bool empty = v.is_dict() ? v.items().empty() : v.elements().empty();
    if (empty || flow_level_ > 0) {
      const char* open = v.is_dict() ? "{" : "[";
      write_indicator(open, true, true, false);
      ++flow_level_;
      increase_indent(true, false);
      pop_indent();
      --flow_level_;
      write_indicator(v.is_dict() ? "}" : "]", false, false, false);
    } else if (v.is_dict()) {
      emit_block_mapping(v);
    } else {
      emit_block_sequence(v.elements());
    }
  }

  void emit_block_sequence(const std::vector<Value>& items) {
    increase_indent(false, mapping_context_ && !indention_);
    for (const auto& item : items) {
      write_indent();
      write_indicator("-", true, false, true);
      emit_node(item, false, false);
    }
    pop_indent();
  }

  void emit_block_mapping(const Value& dict) {
    increase_indent(false, false);
    for (const auto* item : mapping_order(dict, options_.sort_keys)) {
      write_indent();
      Scalar key = represent_key(item->first);
      const bool simple =
          !analyze(key.text, options_.allow_unicode).multiline &&
          key.utf8_size <= 128;
      if (simple) {
        mapping_context_ = simple_key_context_ = true;
        emit_scalar(key);
        write_indicator(":", false, false, false);
      } else {
        write_indicator("?", true, false, true);
        mapping_context_ = true;
        simple_key_context_ = false;
        emit_scalar(key);
        write_indent();
        write_indicator(":", true, false, true);
      }
      emit_node(item->second, true, false);
    }
    pop_indent();
  }

  Style choose_style(const Scalar& s, const Analysis& a) const {
    Style style = Style::kPlain;
    if (simple_key_context_ && a.multiline) {
      style = Style::kDouble;
    }
    if (style == Style::kPlain) {
      if ((flow_level_ > 0 && !a.flow_plain) ||
          (flow_level_ == 0 && !a.block_plain) ||
          (s.text.empty() && (flow_level_ > 0 || simple_key_context_)) ||
          !s.plain_implicit) {
        style = Style::kSingle;
      }
    }
    if (style == Style::kSingle && !a.single_quoted) {
      style = Style::kDouble;
    }
    return style;
  }

  void emit_scalar(const Scalar& s) {
    const Analysis a = analyze(s.text, options_.allow_unicode);
    const Style style = choose_style(s, a);
    const bool implicit =
        style == Style::kPlain ? s.plain_implicit : s.quoted_implicit;
    if (!implicit) {
      write_tag(s.tag_suffix);
    }
    increase_indent(true, false);
    const bool split = !simple_key_context_;
    if (style == Style::kPlain) {
      write_plain(s.text, split);
    } else if (style == Style::kSingle) {
      write_single_quoted(s.text, split);
    } else {
      write_double_quoted(s.text, split);
    }
    pop_indent();
  }

  void increase_indent(bool flow, bool indentless) {
    indents_.push_back(indent_);
    if (indent_ < 0) {
      indent_ = flow ? best_indent_ : 0;
    } else if (!indentless) {
      indent_ += best_indent_;
    }
  }

  void pop_indent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }

  void put(char32_t c) {
    detail::append_utf8(out_, c);
    ++column_;
  }

  void put_break() {
    out_ += '\n';
    column_ = 0;
  }

  void write_indicator(
      std::string_view indicator,
      bool need_whitespace,
      bool is_whitespace,
      bool is_indention) {
    if (need_whitespace && !whitespace_) {
      put(U' ');
    }
    for (const char c : indicator) {
      put(static_cast<char32_t>(c));
    }
    whitespace_ = is_whitespace;
    indention_ = indention_ && is_indention;
  }

  void write_tag(std::string_view suffix) {
    if (!whitespace_) {
      put(U' ');
    }
    out_ += "!!";
    out_ += suffix;
    column_ += 2 + static_cast<int>(suffix.size());
    whitespace_ = indention_ = false;
  }

  void write_indent() {
    const int indent = std::max(indent_, 0);
    if (!indention_ || column_ > indent ||
        (column_ == indent && !whitespace_)) {
      put_break();
    }
    while (column_ < indent) {
      put(U' ');
    }
    whitespace_ = indention_ = true;
  }

  // WRITE_BREAK: '\n' is a line break, other breaks are copied.
  void write_break(char32_t c) {
    if (c == U'\n') {
      put_break();
    } else {
      detail::append_utf8(out_, c);
      column_ = 0;
    }
  }

  void write_plain(const std::u32string& s, bool allow_breaks);
  void write_single_quoted(const std::u32string& s, bool allow_breaks);
  void write_double_quoted(const std::u32string& s, bool allow_breaks);
  void write_escape(char32_t c);

  const YamlDumpOptions& options_;
  const int best_indent_;
  const int best_width_;
  std::string out_;
  int column_ = 0;
  bool whitespace_ = true;
  bool indention_ = true;
  int indent_ = -1;
  std::vector<int> indents_;
  int flow_level_ = 0;
  bool mapping_context_ = false;
  bool simple_key_context_ = false;
};

void Emitter::write_plain(const std::u32string& s, bool allow_breaks) {
  if (!whitespace_ && (!s.empty() || flow_level_ > 0)) {
    put(U' ');
  }
  bool spaces = false, breaks = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    if (c == U' ') {
      const bool next_space = i + 1 < s.size() && s[i + 1] == U' ';
      if (allow_breaks && !spaces && column_ > best_width_ && !next_space) {
        write_indent();
      } else {
        put(c);
      }
      spaces = true;
    } else if (is_break(c)) {
      if (!breaks && c == U'\n') {
        put_break();
      }
      write_break(c);
      indention_ = breaks = true;
    } else {
      if (breaks) {
        write_indent();
      }
      put(c);
      indention_ = spaces = breaks = false;
    }
  }
  whitespace_ = indention_ = false;
}

void Emitter::write_single_quoted(const std::u32string& s, bool allow_breaks) {
  write_indicator("'", true, false, false);
  bool spaces = false, breaks = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    if (c == U' ') {
      const bool inner = i != 0 && i + 1 != s.size() && s[i + 1] != U' ';
      if (allow_breaks && !spaces && column_ > best_width_ && inner) {
        write_indent();
      } else {
        put(c);
      }
      spaces = true;
    } else if (is_break(c)) {
      if (!breaks && c == U'\n') {
        put_break();
      }
      write_break(c);
      indention_ = breaks = true;
    } else {
      if (breaks) {
        write_indent();
      }
      if (c == U'\'') {
        put(U'\'');
      }
      put(c);
      indention_ = spaces = breaks = false;
    }
  }
  if (breaks) {
    write_indent();
  }
  write_indicator("'", false, false, false);
}

void Emitter::write_escape(char32_t c) {
  static constexpr std::pair<char32_t, char> kShort[] = {
      {0, '0'},
      {0x07, 'a'},
      {0x08, 'b'},
      {0x09, 't'},
      {0x0A, 'n'},
      {0x0B, 'v'},
      {0x0C, 'f'},
      {0x0D, 'r'},
      {0x1B, 'e'},
      {U'"', '"'},
      {U'\\', '\\'},
      {0x85, 'N'},
      {0xA0, '_'},
      {0x2028, 'L'},
      {0x2029, 'P'}};
  put(U'\\');
  for (const auto& [code, letter] : kShort) {
    if (code == c) {
      put(static_cast<char32_t>(letter));
      return;
    }
  }
  const std::string hex =
      c <= 0xFF     ? fmt::format("x{:02X}", static_cast<unsigned>(c))
      : c <= 0xFFFF ? fmt::format("u{:04X}", static_cast<unsigned>(c))
                    : fmt::format("U{:08X}", static_cast<unsigned>(c));
  for (const char h : hex) {
    put(static_cast<char32_t>(h));
  }
}

void Emitter::write_double_quoted(const std::u32string& s, bool allow_breaks) {
  write_indicator("\"", true, false, false);
  bool spaces = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    const bool escape = !is_printable(c) ||
                        (!options_.allow_unicode && c > 0x7F) || c == 0xFEFF ||
                        is_break(c) || c == U'"' || c == U'\\';
    if (escape) {
      write_escape(c);
      spaces = false;
    } else if (c == U' ') {
      if (allow_breaks && !spaces && column_ > best_width_ && i != 0 &&
          i + 1 != s.size()) {
        write_indent();
        if (s[i + 1] == U' ') {
          put(U'\\');
        }
      } else {
        put(c);
      }
      spaces = true;
    } else {
      put(c);
      spaces = false;
    }
  }
  write_indicator("\"", false, false, false);
}

}  // namespace

std::string dump_yaml(const Value& value, const YamlDumpOptions& options) {
  return Emitter(options).run(value);
}

void dump_yaml_file(
    const Value& value,
    const std::filesystem::path& file,
    const YamlDumpOptions& options) {
  detail::write_text_file(file, dump_yaml(value, options));
}

}  // namespace mmengine::config
