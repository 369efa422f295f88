// The YAML reader: yaml-cpp parses events; this builds Values with the
// construction rules of PyYAML's full loader (yaml/constructor.py).

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "mmengine/config/text_file_impl.h"
#include "mmengine/config/yaml_impl.h"
#include "mmengine/config/yaml_io.h"
#include "mmengine/utils/error.h"

namespace mmengine::config {
namespace {

constexpr std::string_view kYamlTag = "tag:yaml.org,2002:";
// PyYAML would recurse past Python's limit long before this.
constexpr std::size_t kMaxDepth = 1000;

// One (key, value) of a mapping as PyYAML's flatten_mapping sees it.
// `ident` stands for id(key_node.value), by which PyYAML 6 drops repeated
// merged keys: the text for strings CPython caches (empty, one Latin-1
// character), else a number unique to the key node.
struct Pair {
  std::string ident;
  Key key;
  Value value;
};
using Pairs = std::vector<Pair>;
using PairsPtr = std::shared_ptr<const Pairs>;

// A finished node: its value, plus the flattened pairs of a mapping or the
// elements' pairs of a sequence, which later merges need.
struct Built {
  Value value;
  PairsPtr pairs;
  std::vector<PairsPtr> element_pairs;
  std::string key_ident;
  bool merge_key = false;
  YAML::Mark mark;
};

// A sequence or mapping under construction.
struct Frame {
  bool is_map = false;
  std::string tag;
  YAML::Mark mark;
  YAML::anchor_t anchor = YAML::NullAnchor;
  std::vector<Value> elements;
  std::vector<PairsPtr> element_pairs;
  Pairs own;
  Pairs merged;
  std::unordered_set<std::string> merged_idents;
  std::optional<Built> key;  // the key awaiting its value
};

class Builder : public YAML::EventHandler {
 public:
  Builder(std::string_view text, std::string_view source)
      : text_(text), source_(source) {}

  Value take_root() {
    return std::move(root_);
  }

  void OnDocumentStart(const YAML::Mark& /*mark*/) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    add(scalar(mark, "?", ""), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      fail(mark, "recursive aliases are not supported");
    }
    Built node = it->second;
    node.mark = mark;
    add(std::move(node), YAML::NullAnchor);
  }

  void OnScalar(
      const YAML::Mark& mark,
      const std::string& tag,
      YAML::anchor_t anchor,
      const std::string& value) override {
    add(scalar(mark, tag, value), anchor);
  }

  void OnSequenceStart(
      const YAML::Mark& mark,
      const std::string& tag,
      YAML::anchor_t anchor,
      YAML::EmitterStyle::value /*style*/) override {
    push(false, mark, tag, anchor);
  }

  void OnSequenceEnd() override {
    Frame frame = pop();
    const std::string kind = collection_kind(frame, "seq");
    Built node;
    node.value = kind == "python/tuple"
                     ? Value::tuple(std::move(frame.elements))
                     : Value::list(std::move(frame.elements));
    node.element_pairs = std::move(frame.element_pairs);
    node.mark = frame.mark;
    add(std::move(node), frame.anchor);
  }

  void OnMapStart(
      const YAML::Mark& mark,
      const std::string& tag,
      YAML::anchor_t anchor,
      YAML::EmitterStyle::value /*style*/) override {
    push(true, mark, tag, anchor);
  }

  void OnMapEnd() override {
    Frame frame = pop();
    collection_kind(frame, "map");
    add(finish_mapping(frame), frame.anchor);
  }

  [[noreturn]] void fail(
      const YAML::Mark& mark, std::string_view message) const {
    throw ConfigError(fmt::format("{}{}", where(mark), message));
  }

 private:
  std::string where(const YAML::Mark& mark) const {
    if (mark.is_null()) {
      return fmt::format("{}: ", source_);
    }
    return fmt::format("{}:{}:{}: ", source_, mark.line + 1, mark.column + 1);
  }

  void push(
      bool is_map,
      const YAML::Mark& mark,
      const std::string& tag,
      YAML::anchor_t anchor) {
    if (stack_.size() >= kMaxDepth) {
      fail(mark, "maximum nesting depth exceeded");
    }
    Frame frame;
    frame.is_map = is_map;
    frame.tag = tag;
    frame.mark = mark;
    frame.anchor = anchor;
    stack_.push_back(std::move(frame));
  }

  Frame pop() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    return frame;
  }

  // "seq"/"map" for untagged collections, the tag's suffix otherwise.
  std::string collection_kind(
      const Frame& frame, std::string_view plain) const {
    if (frame.tag == "?" || frame.tag == "!" || frame.tag.empty()) {
      return std::string(plain);
    }
    const std::string_view tag(frame.tag);
    const bool ours = tag.starts_with(kYamlTag);
    const auto kind = ours ? tag.substr(kYamlTag.size()) : tag;
    const bool seq_ok =
        kind == "seq" || kind == "python/list" || kind == "python/tuple";
    const bool map_ok = kind == "map" || kind == "python/dict";
    if (ours && (plain == "seq" ? seq_ok : map_ok)) {
      return std::string(kind);
    }
    if (ours && (seq_ok || map_ok || kind == "str" || kind == "int")) {
      fail(
          frame.mark,
          fmt::format(
              "expected a {} node, but found {}",
              seq_ok ? "sequence" : (map_ok ? "mapping" : "scalar"),
              plain == "seq" ? "sequence" : "mapping"));
    }
    fail(
        frame.mark,
        fmt::format(
            "could not determine a constructor for the tag '{}'", frame.tag));
  }

  // A scalar node; a plain `<<` in key position is a merge key.
  Built scalar(
      const YAML::Mark& mark, std::string_view tag, std::string_view text) {
    Built node;
    node.mark = mark;
    const bool key_position = !stack_.empty() && stack_.back().is_map &&
                              !stack_.back().key.has_value();
    node.merge_key = key_position && tag == "?" && text == "<<";
    if (!node.merge_key) {
      node.value = scalar_value(mark, tag, text);
    }
    const auto lead = text.empty() ? 0U : static_cast<unsigned char>(text[0]);
    const bool cached = text.size() <= 1 ||
                        (text.size() == 2 && (lead == 0xC2 || lead == 0xC3));
    node.key_ident = cached ? std::string(text) : fmt::format("#{}", ++nodes_);
    return node;
  }

  Value scalar_value(
      const YAML::Mark& mark,
      std::string_view tag,
      std::string_view value) const;
  bool explicit_bang(const YAML::Mark& mark) const;
  void add(Built node, YAML::anchor_t anchor);
  void add_to_map(Frame& frame, Built node);
  void merge_from(Frame& frame, const Built& node);
  void merge_pairs(Frame& frame, const Pairs& pairs);
  Built finish_mapping(Frame& frame) const;

  std::string_view text_;
  std::string_view source_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Built> anchors_;
  std::size_t nodes_ = 0;
  Value root_;
};

// yaml-cpp reports both quoted scalars and an explicit `!` as tag "!";
// PyYAML resolves the latter like a plain scalar, so look at the source.
bool Builder::explicit_bang(const YAML::Mark& mark) const {
  std::size_t i = static_cast<std::size_t>(std::max(mark.pos, 0));
  for (int property = 0; property < 2 && i < text_.size(); ++property) {
    if (text_[i] == '!') {
      return i + 1 >= text_.size() || text_[i + 1] == ' ' ||
             text_[i + 1] == '\t' || text_[i + 1] == '\n' ||
             text_[i + 1] == '\r';
    }
    if (text_[i] != '&') {
      return false;
    }
    while (i < text_.size() && text_[i] != ' ' && text_[i] != '\t') {
      ++i;
    }
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) {
      ++i;
    }
  }
  return false;
}

Value Builder::scalar_value(
    const YAML::Mark& mark,
    std::string_view tag,
    std::string_view value) const {
  if (tag == "?" || (tag == "!" && explicit_bang(mark))) {
    return detail::resolve_plain(value, where(mark));
  }
  if (tag == "!") {
    return Value(value);
  }
  const std::string_view kind = tag.starts_with(kYamlTag)
                                    ? tag.substr(kYamlTag.size())
                                    : std::string_view();
  if (kind == "str" || kind == "python/str" || kind == "python/unicode") {
    return Value(value);
  }
  if (kind == "int" || kind == "python/int" || kind == "python/long") {
    return detail::construct_yaml_int(value, where(mark));
  }
  if (kind == "float" || kind == "python/float") {
    return detail::construct_yaml_float(value, where(mark));
  }
  if (kind == "bool" || kind == "python/bool") {
    return detail::construct_yaml_bool(value, where(mark));
  }
  if (kind == "null" || kind == "python/none") {
    return {};
  }
  if (kind == "seq" || kind == "map" || kind == "python/tuple" ||
      kind == "python/list" || kind == "python/dict") {
    fail(
        mark,
        fmt::format(
            "expected a {} node, but found scalar",
            kind == "map" || kind == "python/dict" ? "mapping" : "sequence"));
  }
  fail(
      mark,
      fmt::format("could not determine a constructor for the tag '{}'", tag));
}

void Builder::add(Built node, YAML::anchor_t anchor) {
  if (anchor != YAML::NullAnchor) {
    anchors_[anchor] = node;
  }
  if (stack_.empty()) {
    root_ = std::move(node.value);
    return;
  }
  Frame& top = stack_.back();
  if (!top.is_map) {
    top.elements.push_back(std::move(node.value));
    top.element_pairs.push_back(std::move(node.pairs));
    return;
  }
  add_to_map(top, std::move(node));
}

void Builder::add_to_map(Frame& frame, Built node) {
  if (!frame.key) {
    const Value& v = node.value;
    if (!node.merge_key && !v.is_string() && !v.is_int()) {
      fail(
          node.mark,
          fmt::format(
              "unsupported dict key {} ({}); keys must be str or int",
              v.repr(),
              v.type_name()));
    }
    frame.key = std::move(node);
    return;
  }
  Built key = std::move(*frame.key);
  frame.key.reset();
  if (key.merge_key) {
    merge_from(frame, node);
    return;
  }
  Key k = key.value.is_int() ? Key(key.value.as<std::int64_t>())
                             : Key(key.value.as<std::string>());
  frame.own.push_back(
      {std::move(key.key_ident), std::move(k), std::move(node.value)});
}

std::string_view node_kind(const Value& v) {
  return v.is_dict() ? "mapping" : (v.is_sequence() ? "sequence" : "scalar");
}

// flatten_mapping: sources in order, each merged key kept once per ident.
void Builder::merge_from(Frame& frame, const Built& node) {
  if (node.value.is_dict()) {
    merge_pairs(frame, *node.pairs);
    return;
  }
  if (!node.value.is_sequence()) {
    fail(
        node.mark,
        fmt::format(
            "expected a mapping or list of mappings for merging, but found {}",
            node_kind(node.value)));
  }
  const auto& elements = node.value.elements();
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (!elements[i].is_dict()) {
      fail(
          node.mark,
          fmt::format(
              "expected a mapping for merging, but found {}",
              node_kind(elements[i])));
    }
    merge_pairs(frame, *node.element_pairs[i]);
  }
}

void Builder::merge_pairs(Frame& frame, const Pairs& pairs) {
  for (const auto& pair : pairs) {
    if (frame.merged_idents.insert(pair.ident).second) {
      frame.merged.push_back(pair);
    }
  }
}

Built Builder::finish_mapping(Frame& frame) const {
  auto pairs = std::make_shared<Pairs>(std::move(frame.merged));
  pairs->insert(
      pairs->end(),
      std::make_move_iterator(frame.own.begin()),
      std::make_move_iterator(frame.own.end()));
  Built node;
  node.value = Value::dict();
  for (const auto& pair : *pairs) {
    node.value.set(pair.key, pair.value);
  }
  node.pairs = std::move(pairs);
  node.mark = frame.mark;
  return node;
}

}  // namespace

Value parse_yaml(std::string_view text, std::string_view source) {
  std::istringstream stream{std::string(text)};
  Builder builder(text, source);
  try {
    YAML::Parser parser(stream);
    if (!parser.HandleNextDocument(builder)) {
      return {};
    }
    Value root = builder.take_root();
    Builder extra(text, source);
    if (parser.HandleNextDocument(extra)) {
      throw ConfigError(fmt::format(
          "{}: expected a single document in the stream, but found another "
          "document",
          source));
    }
    return root;
  } catch (const YAML::Exception& e) {
    builder.fail(e.mark, e.msg);
  }
}

Value load_yaml(const std::filesystem::path& file) {
  return parse_yaml(detail::read_text_file(file), file.string());
}

}  // namespace mmengine::config
