#pragma once

// Private: stage 2 of `Config.pretty_text`, the part MMEngine hands to yapf
// 0.43 (pep8 style, blank_line_before_nested_class_or_def,
// split_before_expression_after_opening_paren). Not a Python formatter: it
// reproduces yapf's decisions for the text stage 1 writes (`key=value`
// statements whose values are scalars, lists, tuples and `dict(...)` calls).
// The pipeline follows yapf's: tokens and a lib2to3-shaped tree
// (config_yapf_parse.cpp), per-token annotations and penalties
// (config_yapf_annotate.cpp), the decision state (config_yapf_state.cpp) and
// the lowest-penalty search (config_yapf.cpp).

#include <cstdint>
#include <string>
#include <vector>

#include "mmengine/api.h"

namespace mmengine::config::detail {

/// yapf's `_SplitPenalty` UNBREAKABLE (yapflib) and the tree pass's one.
inline constexpr int64_t kYapfUnbreakable = 1'000'000'000'000'000;
inline constexpr int64_t kTreeUnbreakable = 1'000'000;
inline constexpr int kColumnLimit = 79;
inline constexpr int kContinuationIndent = 4;

/// The yapf subtypes our input can carry, as bits.
enum YapfSubtype : uint32_t {
  kUnaryOperator = 1u << 0,
  kDefaultOrNamedAssign = 1u << 1,
  kDefaultOrNamedAssignArgList = 1u << 2,
  kDictionaryKey = 1u << 3,
  kDictionaryKeyPart = 1u << 4,
  kDictionaryValue = 1u << 5,
};

enum class YapfTokenKind { kName, kNumber, kString, kOp };

/// A leaf with yapf's FormatToken attributes (indices are line-local).
struct YapfToken {
  YapfTokenKind kind = YapfTokenKind::kOp;
  std::string value;
  int length = 0;        // code points, as Python's len()
  bool keyword = false;  // keyword.iskeyword (True, None, async, ...)
  // Tree annotations.
  int64_t node_penalty = 0;
  bool must_split = false;
  uint32_t subtypes = 0;
  int container_opening = -1;
  // Logical-line information.
  int matching = -1;
  std::vector<int> container_elements;
  int spaces = 0;
  int total_length = 0;
  int64_t split_penalty = 0;
  bool must_break = false;
  bool can_break = false;

  bool is_name() const {
    return kind == YapfTokenKind::kName && !keyword;
  }
  bool opens() const {
    return kind == YapfTokenKind::kOp &&
           (value == "(" || value == "[" || value == "{");
  }
  bool closes() const {
    return kind == YapfTokenKind::kOp &&
           (value == ")" || value == "]" || value == "}");
  }
  bool has(uint32_t subtype) const {
    return (subtypes & subtype) != 0;
  }
};

/// lib2to3 node types (only those stage 1 text produces; a node with one
/// child is replaced by it, as lib2to3 does).
enum class YapfNodeKind {
  kLeaf,
  kSimpleStmt,
  kExprStmt,
  kPower,
  kTrailer,
  kArglist,
  kArgument,
  kAtom,
  kListmaker,
  kTestlistGexp,
  kDictsetmaker,
  kFactor,
};

struct YapfNode {
  YapfNodeKind kind = YapfNodeKind::kLeaf;
  int token = -1;  // leaves: index into the line's tokens
  int parent = -1;
  std::vector<int> children;
};

/// One top-level statement: its tokens (without NEWLINE) and its tree, whose
/// root (node 0) is the simple_stmt.
struct YapfLine {
  std::vector<YapfToken> tokens;
  std::vector<YapfNode> nodes;

  const YapfToken& tok(int i) const {
    return tokens[static_cast<size_t>(i)];
  }
  YapfToken& tok(int i) {
    return tokens[static_cast<size_t>(i)];
  }
  const YapfNode& node(int i) const {
    return nodes[static_cast<size_t>(i)];
  }
  int size() const {
    return static_cast<int>(tokens.size());
  }
  int first_leaf(int node) const;
  int last_leaf(int node) const;
};

// parse_yapf_lines and yapf_format are exported (MMENGINE_API) for the unit
// tests only; not installed.

/// Splits stage-1 text into statements. Throws ConfigError (MMEngine's
/// "Failed to format the config file" SyntaxError) on text yapf would
/// reject.
MMENGINE_API std::vector<YapfLine> parse_yapf_lines(const std::string& text);

/// The tree passes (subtypes, containers, split penalties, trailing-comma
/// must-splits) and `CalculateFormattingInformation`.
void annotate_yapf_line(YapfLine& line);

/// format_decision_state._ParenState: indentation of one bracket level.
struct YapfParenState {
  int indent = 0;
  int last_space = 0;
  int closing_scope_indent = 0;
  bool split_before_closing_bracket = false;
  int num_line_splits = 0;
  bool operator==(const YapfParenState&) const = default;
};

/// format_decision_state.FormatDecisionState: where the next token goes.
struct YapfState {
  int next = 0;  // index of the next token; the line's size when done
  int column = 0;
  int paren_level = 0;
  int lowest_level_on_line = 0;
  bool ignore_stack_for_comparison = false;
  std::vector<YapfParenState> stack;
};

/// FormatDecisionState's methods for one annotated line.
class YapfDecider {
 public:
  explicit YapfDecider(const YapfLine& line) : line_(line) {}

  /// The state after placing the first token at column 0.
  YapfState initial() const;
  /// MustSplit (may mark the innermost bracket, as yapf does).
  bool must_split(YapfState& s) const;
  /// CanSplit.
  bool can_split(const YapfState& s, bool must_split) const;
  /// AddTokenToState: places the next token; returns the penalty.
  int64_t add_token(YapfState& s, bool newline, bool must_split) const;
  /// _GetNewlineColumn: the column of the next token on a new line.
  int newline_column(const YapfState& s) const;

 private:
  const YapfToken& tok(int i) const {
    return line_.tok(i);
  }
  bool fits(const YapfState& s, int start, int end) const;
  int surrounding_bracket(int i) const;
  int opening_bracket(int i) const;
  bool expression_after_paren_rule(const YapfState& s) const;
  bool call_in_container_rule(const YapfState& s) const;
  bool container_in_container_rule(const YapfState& s) const;
  bool dict_key_rule(const YapfState& s) const;
  bool each_dict_entry_fits(const YapfState& s, int opening) const;
  int dict_entry_end(int key) const;
  bool dict_value_rule(const YapfState& s) const;
  int named_assign_rule(const YapfState& s) const;
  bool dict_argument_rule(const YapfState& s) const;
  bool call_argument_rule(const YapfState& s) const;
  bool nested_call_rule(const YapfState& s) const;
  int opening_bracket_rule(const YapfState& s) const;
  bool must_split_rest(YapfState& s) const;
  void add_on_current_line(YapfState& s) const;
  int64_t add_on_newline(YapfState& s, bool must_split) const;
  int64_t move_to_next(YapfState& s) const;

  const YapfLine& line_;
};

/// yapf's whole stage: the formatted text, with its final newline.
MMENGINE_API std::string yapf_format(const std::string& text);

}  // namespace mmengine::config::detail
