// yapf's passes over the tree (subtype_assigner, identify_container,
// split_penalty, the unwrapper's trailing-comma rule) and
// LogicalLine.CalculateFormattingInformation, for the node types stage 1
// produces. Each function names the yapf function it ports; branches for
// syntax stage 1 never writes (operators, subscripts, comprehensions,
// comments, definitions) are left out.
#include <algorithm>
#include <string_view>

#include "mmengine/config/config_yapf_impl.h"

namespace mmengine::config::detail {

namespace {

// yapf.pytree.split_penalty constants.
constexpr int64_t kNamedAssign = 15000;
constexpr int64_t kVeryStronglyConnected = 3500;
constexpr int64_t kStronglyConnected = 3000;
constexpr int64_t kConnected = 500;
constexpr int64_t kTogether = 100;
constexpr int64_t kExpr = 1400;
constexpr int64_t kFactor = 2100;
constexpr int64_t kAtom = 2300;
constexpr int64_t kOneElementArgument = 500;

using Kind = YapfNodeKind;

class Annotator {
 public:
  explicit Annotator(YapfLine& line) : line_(line) {}

  void run() {
    assign_subtypes(0);
    identify_containers(0);
    split_penalties(0);
    must_splits(0);
  }

 private:
  const YapfNode& node(int n) const {
    return line_.node(n);
  }
  YapfToken& tok(int t) {
    return line_.tok(t);
  }
  bool is_leaf(int n, std::string_view value) const {
    return node(n).kind == Kind::kLeaf &&
           line_.tok(node(n).token).value == value;
  }
  template <typename F>
  void for_leaves(int n, F&& f) {
    if (node(n).kind == Kind::kLeaf) {
      f(node(n).token);
      return;
    }
    for (int child : node(n).children) {
      for_leaves(child, f);
    }
  }

  // _RecAnnotate: raise every leaf's penalty to at least `value`.
  void rec_annotate(int n, int64_t value) {
    for_leaves(n, [&](int t) {
      tok(t).node_penalty = std::max(tok(t).node_penalty, value);
    });
  }
  void set_penalty(int t, int64_t value) {
    tok(t).node_penalty = value;
  }
  // _IncreasePenalty: every leaf but the first (and `(`) gains `amount`.
  void increase_penalty(int n, int64_t amount) {
    const int first = line_.first_leaf(n);
    for_leaves(n, [&](int t) {
      if (t != first && tok(t).value != "(" && tok(t).value != "for") {
        tok(t).node_penalty += amount;
      }
    });
  }

  // subtype_assigner: children first, then the node's own marks.
  void assign_subtypes(int n) {
    for (int child : node(n).children) {
      assign_subtypes(child);
    }
    const Kind kind = node(n).kind;
    for (int child : node(n).children) {
      if (node(child).kind != Kind::kLeaf) {
        continue;
      }
      YapfToken& t = tok(node(child).token);
      if (kind == Kind::kFactor &&
          (t.value == "-" || t.value == "+" || t.value == "~")) {
        t.subtypes |= kUnaryOperator;
      } else if (kind == Kind::kArgument && t.value == "=") {
        t.subtypes |= kDefaultOrNamedAssign;
      }
    }
    if (kind == Kind::kArglist) {
      set_arglist_subtype(n);
    } else if (kind == Kind::kDictsetmaker) {
      mark_dict_entries(n);
    }
  }

  // _SetArgListSubtype's HasSubtype for DEFAULT_OR_NAMED_ASSIGN.
  bool has_named_assign(int n) const {
    if (node(n).kind == Kind::kLeaf) {
      return line_.tok(node(n).token).has(kDefaultOrNamedAssign);
    }
    for (int child : node(n).children) {
      const Kind k = node(child).kind;
      if (k != Kind::kAtom && k != Kind::kArglist && k != Kind::kPower &&
          has_named_assign(child)) {
        return true;
      }
    }
    return false;
  }

  void set_arglist_subtype(int n) {
    if (!has_named_assign(n)) {
      return;
    }
    for (int child : node(n).children) {
      if (node(child).kind != Kind::kAtom && !is_leaf(child, ",")) {
        tok(line_.first_leaf(child)).subtypes |= kDefaultOrNamedAssignArgList;
      }
    }
  }

  // Visit_dictsetmaker: keys (all their leaves) and the values' first leaves.
  void mark_dict_entries(int n) {
    bool last_was_colon = false;
    for (int child : node(n).children) {
      if (last_was_colon) {
        tok(line_.first_leaf(child)).subtypes |= kDictionaryValue;
      } else if (!is_leaf(child, ",") && !is_leaf(child, ":")) {
        tok(line_.first_leaf(child)).subtypes |= kDictionaryKey;
        for_leaves(
            child, [&](int t) { tok(t).subtypes |= kDictionaryKeyPart; });
      }
      last_was_colon = is_leaf(child, ":");
    }
  }

  // identify_container: elements of `f(...)` calls and `(...)` tuples point
  // to their opening bracket.
  void identify_containers(int n) {
    for (int child : node(n).children) {
      identify_containers(child);
    }
    const auto& children = node(n).children;
    if ((node(n).kind != Kind::kTrailer && node(n).kind != Kind::kAtom) ||
        children.size() != 3 || !is_leaf(children[0], "(")) {
      return;
    }
    const int open = node(children[0]).token;
    const int inner = children[1];
    if (node(n).kind == Kind::kTrailer && node(inner).kind != Kind::kArglist) {
      tok(line_.first_leaf(inner)).container_opening = open;
      return;
    }
    for (int element : node(inner).children) {
      tok(line_.first_leaf(element)).container_opening = open;
    }
  }

  // split_penalty._SplitPenaltyAssigner, visit order preserved.
  void split_penalties(int n) {
    const Kind kind = node(n).kind;
    if (kind == Kind::kTrailer) {
      trailer_penalties(n);
    }
    if (kind == Kind::kDictsetmaker) {
      for (int child : node(n).children) {
        split_penalties(child);
        if (is_leaf(child, ":")) {
          rec_annotate(child, kStronglyConnected);
        }
      }
      return;
    }
    for (int child : node(n).children) {
      split_penalties(child);
    }
    switch (kind) {
      case Kind::kArglist:
        arglist_penalties(n);
        break;
      case Kind::kArgument:
        argument_penalties(n);
        break;
      case Kind::kPower:
        power_penalties(n);
        break;
      case Kind::kFactor:
        increase_penalty(n, kFactor);
        break;
      case Kind::kAtom:
        atom_penalties(n);
        break;
      case Kind::kTestlistGexp:
        testlist_gexp_penalties(n);
        break;
      default:
        break;
    }
  }

  void arglist_penalties(int n) {
    const auto& children = node(n).children;
    for (size_t i = 1; i < children.size(); ++i) {
      if (is_leaf(children[i], ",")) {
        rec_annotate(children[i], kTreeUnbreakable);
      }
    }
    for (int child : children) {
      if (node(child).kind == Kind::kAtom) {
        increase_penalty(child, kConnected);
      }
    }
  }

  void argument_penalties(int n) {
    const auto& children = node(n).children;
    for (size_t i = 1; i + 1 < children.size(); ++i) {
      if (is_leaf(children[i], "=")) {
        set_penalty(line_.first_leaf(children[i]), kNamedAssign);
        set_penalty(line_.first_leaf(children[i + 1]), kNamedAssign);
      }
    }
  }

  // Visit_trailer's work before its children are visited (`(` trailers).
  void trailer_penalties(int n) {
    const auto& children = node(n).children;
    if (children.size() == 2) {
      set_penalty(node(children[1]).token, kVeryStronglyConnected);
      return;
    }
    const Kind inner = node(children[1]).kind;
    if (inner == Kind::kArgument) {
      rec_annotate(children[1], kStronglyConnected);
      set_penalty(line_.first_leaf(children[1]), kOneElementArgument);
    } else if (
        inner != Kind::kArglist && inner != Kind::kAtom &&
        inner != Kind::kPower) {
      rec_annotate(children[1], kStronglyConnected);
      rec_annotate(children[2], kStronglyConnected);
    }
    if (inner == Kind::kArglist) {
      rec_annotate(children.back(), kStronglyConnected);
    }
  }

  void power_penalties(int n) {
    const auto& children = node(n).children;
    rec_annotate(node(children[1]).children[0], kTreeUnbreakable);
    for (size_t i = 1; i + 1 < children.size(); ++i) {
      const int prev = children[i];
      if (!is_leaf(node(prev).children.back(), ")")) {
        rec_annotate(node(prev).children.back(), kStronglyConnected);
      }
      rec_annotate(node(children[i + 1]).children[0], kStronglyConnected);
    }
    for (size_t i = 1; i < children.size(); ++i) {
      const auto& parts = node(children[i]).children;
      if (parts.size() == 2) {
        rec_annotate(parts.back(), kStronglyConnected);
        continue;
      }
      // Don't split before the `)` of a call not ending in a comma.
      if (line_.tok(line_.last_leaf(parts[parts.size() - 2])).value != ",") {
        set_penalty(node(parts.back()).token, kVeryStronglyConnected);
      }
    }
  }

  void atom_penalties(int n) {
    const auto& children = node(n).children;
    if (is_leaf(children[0], "(")) {
      if (children.size() > 2) {
        set_penalty(line_.first_leaf(children[1]), kExpr);
      }
      set_penalty(node(children.back()).token, kAtom);
    } else if (children.size() == 2) {
      // Keep empty containers together if we can.
      rec_annotate(children.back(), kTreeUnbreakable);
    }
  }

  void testlist_gexp_penalties(int n) {
    bool prev_was_comma = false;
    for (int child : node(n).children) {
      if (is_leaf(child, ",")) {
        rec_annotate(child, kTreeUnbreakable);
        prev_was_comma = true;
      } else {
        if (prev_was_comma) {
          set_penalty(line_.first_leaf(child), kTogether);
        }
        prev_was_comma = false;
      }
    }
  }

  // pytree_unwrapper._DetermineMustSplitAnnotation: a comma-terminated
  // container puts each element on its own line (a `(...)` needs 2 commas).
  void must_splits(int n) {
    for (int child : node(n).children) {
      must_splits(child);
    }
    const Kind kind = node(n).kind;
    if (kind != Kind::kListmaker && kind != Kind::kDictsetmaker &&
        kind != Kind::kTestlistGexp && kind != Kind::kArglist) {
      return;
    }
    const auto& children = node(n).children;
    const int parent_first = line_.first_leaf(node(n).parent);
    const auto commas =
        std::count_if(children.begin(), children.end(), [&](int c) {
          return is_leaf(c, ",");
        });
    if ((tok(parent_first).value == "(" && commas < 2) ||
        !is_leaf(children.back(), ",")) {
      return;
    }
    tok(line_.first_leaf(children[0])).must_split = true;
    for (size_t i = 0; i + 1 < children.size(); ++i) {
      if (is_leaf(children[i], ",")) {
        tok(line_.first_leaf(children[i + 1])).must_split = true;
      }
    }
  }

  YapfLine& line_;
};

bool id_number_string(const YapfToken& t) {
  return t.kind != YapfTokenKind::kOp;
}

bool is_unary(const YapfToken& t) {
  return t.has(kUnaryOperator);
}

// logical_line._SpaceRequiredBetween.
bool space_required_between(const YapfToken& l, const YapfToken& r) {
  if (id_number_string(l) && id_number_string(r)) {
    return true;
  }
  if (r.value == ":" || r.value == ",") {
    return false;
  }
  if (l.value == ",") {
    // SPACE_BETWEEN_ENDING_COMMA_AND_CLOSING_BRACKET: `(3, )`.
    return true;
  }
  if (l.kind == YapfTokenKind::kString) {
    if (r.value == "=" && r.has(kDefaultOrNamedAssignArgList)) {
      return false;
    }
    if (!r.closes()) {
      return true;
    }
  }
  if (l.keyword && is_unary(r)) {
    return true;
  }
  if (is_unary(l) && is_unary(r)) {
    return false;
  }
  if (is_unary(l) &&
      (r.is_name() || r.kind == YapfTokenKind::kNumber || r.value == "(")) {
    return false;
  }
  if (l.has(kDefaultOrNamedAssign) || r.has(kDefaultOrNamedAssign)) {
    return false;  // SPACES_AROUND_DEFAULT_OR_NAMED_ASSIGN
  }
  if ((l.opens() && r.opens()) || (l.closes() && r.closes()) ||
      (l.opens() && r.closes())) {
    return false;  // `((`, `))`, and empty `()`, `[]`, `{}`
  }
  if (l.closes() && (r.value == "(" || r.value == "[")) {
    return false;
  }
  if (l.opens() && (id_number_string(r) || is_unary(r))) {
    return false;
  }
  if (l.is_name() && (r.value == "(" || r.value == "[")) {
    return false;
  }
  return !r.closes();
}

// logical_line._SplitPenalty.
int64_t split_penalty_between(const YapfToken& p, const YapfToken& c) {
  if (c.node_penalty > 0) {
    return c.node_penalty;
  }
  if (is_unary(p)) {
    return 10000;  // SPLIT_PENALTY_AFTER_UNARY_OPERATOR
  }
  if (p.value == ",") {
    return 0;
  }
  if (p.opens() && c.value != "(") {
    return 300;  // SPLIT_PENALTY_AFTER_OPENING_BRACKET
  }
  if (c.value == ":" || c.value == "=" || p.has(kDefaultOrNamedAssign) ||
      c.has(kDefaultOrNamedAssign)) {
    return kYapfUnbreakable;
  }
  return c.closes() ? 100 : 0;
}

// logical_line._CanBreakBefore.
bool can_break_before(const YapfToken& p, const YapfToken& c) {
  if (c.split_penalty >= kYapfUnbreakable || c.value == ":" || c.value == ",") {
    return false;
  }
  if (p.is_name() && (c.value == "(" || c.value == "[")) {
    return false;
  }
  return !is_unary(p);
}

// pytree_unwrapper._MatchBrackets (with container elements) and
// _AdjustSplitPenalty (nothing outside brackets may split).
void match_brackets(YapfLine& line) {
  std::vector<int> stack;
  for (int i = 0; i < line.size(); ++i) {
    YapfToken& t = line.tok(i);
    if (i > 0 && stack.empty()) {
      t.node_penalty = kTreeUnbreakable;
    }
    if (t.opens()) {
      stack.push_back(i);
    } else if (t.closes()) {
      t.matching = stack.back();
      line.tok(stack.back()).matching = i;
      stack.pop_back();
    }
    for (int open : stack) {
      if (t.container_opening == open) {
        line.tok(open).container_elements.push_back(i);
      }
    }
  }
}

}  // namespace

void annotate_yapf_line(YapfLine& line) {
  Annotator(line).run();
  match_brackets(line);
  YapfToken& first = line.tok(0);
  first.spaces = 1;
  first.total_length = first.length;
  first.must_break = first.must_split;
  for (int i = 1; i < line.size(); ++i) {
    const YapfToken& p = line.tok(i - 1);
    YapfToken& t = line.tok(i);
    t.spaces = space_required_between(p, t) ? 1 : 0;
    t.total_length = p.total_length + t.length + t.spaces;
    t.split_penalty = split_penalty_between(p, t);
    t.must_break = t.must_split;
    t.can_break = t.must_break || can_break_before(p, t);
  }
}

}  // namespace mmengine::config::detail
