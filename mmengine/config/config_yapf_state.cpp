// yapf's FormatDecisionState for stage-1 `pretty_text` lines: whether the
// next token must or may go on a new line, and what placing it costs. Each
// rule is one of MustSplit's checks, in yapf's order; checks that need
// syntax stage 1 never writes (comments, comprehensions, subscripts,
// definitions, operators) or options the pep8 style turns off are left out.
#include <algorithm>
#include <string_view>

#include "mmengine/config/config_yapf_impl.h"

namespace mmengine::config::detail {

namespace {

constexpr int kUndecided = -1;
constexpr int64_t kExcessCharacterPenalty = 7000;
constexpr int64_t kAddedLineSplitPenalty = 30;

// Python's `needle in hay` for strings.
bool py_in(std::string_view needle, std::string_view hay) {
  return hay.find(needle) != std::string_view::npos;
}

bool is_star(const YapfToken& t) {
  return t.value == "*" || t.value == "**";
}

}  // namespace

YapfState YapfDecider::initial() const {
  YapfState s;
  s.stack.push_back({});
  move_to_next(s);
  return s;
}

// _FitsOnLine: start..end (both included) fits after the current column.
bool YapfDecider::fits(const YapfState& s, int start, int end) const {
  const int length =
      tok(end).total_length - tok(start).total_length + tok(start).length;
  return length + s.column <= kColumnLimit;
}

// logical_line.IsSurroundedByBrackets: the innermost open bracket before i.
int YapfDecider::surrounding_bracket(int i) const {
  int paren = 0;
  int brace = 0;
  int square = 0;
  for (int j = i - 1; j >= 0; --j) {
    const std::string& v = tok(j).value;
    if (tok(j).kind != YapfTokenKind::kOp) {
      continue;
    }
    paren -= v == ")";
    brace -= v == "}";
    square -= v == "]";
    if ((v == "(" && paren++ == 0) || (v == "{" && brace++ == 0) ||
        (v == "[" && square++ == 0)) {
      return j;
    }
  }
  return -1;
}

// _GetOpeningBracket.
int YapfDecider::opening_bracket(int i) const {
  if (tok(i).matching >= 0) {
    return tok(i).opens() ? i : tok(i).matching;
  }
  for (int j = i; j >= 0; --j) {
    if (tok(j).closes()) {
      j = tok(j).matching;
    } else if (tok(j).opens()) {
      return j;
    }
  }
  return -1;
}

// SPLIT_BEFORE_EXPRESSION_AFTER_OPENING_PAREN: `x = (name ...)` without a
// comma splits after the `(`.
bool YapfDecider::expression_after_paren_rule(const YapfState& s) const {
  const int c = s.next;
  const int p = c - 1;
  if (!tok(c).is_name() || tok(p).value != "(" || surrounding_bracket(p) >= 0 ||
      p == 0 || tok(p - 1).is_name() || tok(p - 1).keyword) {
    return false;
  }
  for (int t = c; t < line_.size();) {
    if (tok(t).value == ",") {
      return false;
    }
    if (tok(t).value == ")") {
      return t == line_.size() - 1;
    }
    t = tok(t).opens() ? tok(t).matching + 1 : t + 1;
  }
  return false;
}

// A call (or `'...' %`) after a comma starts a line when its container
// does not fit.
bool YapfDecider::call_in_container_rule(const YapfState& s) const {
  const YapfToken& c = tok(s.next);
  if (!(c.is_name() || c.kind == YapfTokenKind::kString) ||
      tok(s.next - 1).value != ",") {
    return false;
  }
  int t = s.next + 1;
  const int n = line_.size();
  bool call = false;
  if (c.is_name()) {
    while (t < n && (tok(t).is_name() || tok(t).value == ".")) {
      ++t;
    }
    call = t < n && tok(t).value == "(";
  } else {
    while (t < n && tok(t).kind == YapfTokenKind::kString) {
      ++t;
    }
    call = t < n && tok(t).value == "%";
  }
  const int open = call ? surrounding_bracket(s.next) : -1;
  if (open < 0) {
    return false;
  }
  if (tok(open).value == "[" || tok(open).value == "{") {
    return !fits(s, open, tok(open).matching);
  }
  return tok(t).value == "(" && !fits(s, s.next, tok(t).matching);
}

// A bracket after a comma in a list or dict starts a line when it does not
// fit.
bool YapfDecider::container_in_container_rule(const YapfState& s) const {
  const YapfToken& c = tok(s.next);
  if (!c.opens() || tok(s.next - 1).value != "," ||
      tok(s.next + 1).has(kDictionaryKey)) {
    return false;
  }
  const int open = surrounding_bracket(s.next);
  return open >= 0 && (tok(open).value == "[" || tok(open).value == "{") &&
         !fits(s, s.next, c.matching);
}

// EACH_DICT_ENTRY_ON_SEPARATE_LINE, except a one-entry dict argument that
// fits.
bool YapfDecider::dict_key_rule(const YapfState& s) const {
  const int p = s.next - 1;
  if (tok(p).value != "{" || p == 0) {
    return true;
  }
  const int open = opening_bracket(p - 1);
  if (open < 1 || tok(open).value != "(" || !tok(open - 1).is_name()) {
    return true;
  }
  const int close = tok(p).matching;
  const int after_call = tok(open).matching + 1;
  const bool builder =
      after_call < line_.size() && tok(after_call).value == ".";
  bool no_commas = true;
  for (int t = p + 1; t != close;
       t = tok(t).opens() ? tok(t).matching : t + 1) {
    no_commas = no_commas && tok(t).value != ",";
  }
  const bool keep =
      fits(s, p, close) && close + 1 < line_.size() && !builder && no_commas;
  return !keep;
}

// The end of the entry before `key`, as _EachDictEntryFitsOnOneLine finds
// it (two tokens before the comma; yapf's own quirk).
int YapfDecider::dict_entry_end(int key) const {
  int prev = key - 1;
  if (tok(prev).value == ",") {
    prev -= 2;
  }
  return prev;
}

// _EachDictEntryFitsOnOneLine.
bool YapfDecider::each_dict_entry_fits(const YapfState& s, int opening) const {
  const int closing = tok(opening).matching;
  const int indent = s.stack[s.stack.size() - 2].indent;
  int entry_start = opening + 1;
  auto entry_width = [&](int end) {
    return tok(end).total_length - tok(entry_start).total_length +
           tok(entry_start).length + indent;
  };
  int current = opening + 2;
  while (current < line_.size() && current != closing) {
    if (tok(current).has(kDictionaryKey)) {
      const int prev = dict_entry_end(current);
      const int open = tok(prev).matching;
      const bool container = open > 0 && tok(open - 1).value == ":" &&
                             open > 1 && tok(open - 2).has(kDictionaryKeyPart);
      if (!container && entry_width(prev) >= kColumnLimit) {
        return false;
      }
      entry_start = current;
    }
    if (tok(current).value == "{") {
      // A nested dict's own entries do not count.
      for (current = tok(current).matching; current < line_.size(); ++current) {
        if (current == closing) {
          return true;
        }
        if (tok(current).has(kDictionaryKey)) {
          entry_start = current;
          break;
        }
      }
    } else {
      current = tok(current).opens() ? tok(current).matching : current + 1;
    }
  }
  return entry_width(current - 1) <= kColumnLimit;
}

// A dict value starts a line when some entry of its dict is too long.
bool YapfDecider::dict_value_rule(const YapfState& s) const {
  const YapfToken& c = tok(s.next);
  return c.has(kDictionaryValue) && !c.opens() &&
         !each_dict_entry_fits(s, opening_bracket(s.next));
}

// SPLIT_BEFORE_NAMED_ASSIGNS: keyword arguments go one per line when the
// call does not fit.
int YapfDecider::named_assign_rule(const YapfState& s) const {
  const YapfToken& c = tok(s.next);
  const YapfToken& p = tok(s.next - 1);
  if (!c.has(kDefaultOrNamedAssignArgList) || p.value == "=" ||
      p.value == ":" || is_star(p) || py_in(c.value, ":=,)")) {
    return kUndecided;
  }
  if (p.value == "(") {
    if (fits(s, s.next - 1, p.matching) &&
        surrounding_bracket(s.next - 1) >= 0) {
      return 0;
    }
    return s.column - s.stack.back().last_space > kContinuationIndent;
  }
  const int open = opening_bracket(s.next);
  if (open < 0) {
    return kUndecided;
  }
  // _ContainerFitsOnStartLine.
  const int length = tok(tok(open).matching).total_length -
                     tok(open).total_length + s.stack.back().indent;
  return length > kColumnLimit;
}

// _ArgumentListHasDictionaryEntry after an opening `(`.
bool YapfDecider::dict_argument_rule(const YapfState& s) const {
  const YapfToken& c = tok(s.next);
  if (py_in(c.value, "{)") || tok(s.next - 1).value != "(") {
    return false;
  }
  const int bracket = surrounding_bracket(s.next);
  if (bracket < 1 || tok(bracket).value != "(" || !tok(bracket - 1).is_name()) {
    return false;
  }
  for (int t = s.next; t < line_.size(); ++t) {
    if (tok(t).value == "{") {
      const int length =
          tok(tok(t).matching).total_length - tok(t).total_length;
      return length + s.stack[s.stack.size() - 2].indent > kColumnLimit;
    }
    if (tok(t).closes()) {
      break;
    }
    if (tok(t).opens()) {
      t = tok(t).matching;
    }
  }
  return false;
}

// A call among a call's arguments starts a line when it does not fit or is
// followed by more than a comma.
bool YapfDecider::call_argument_rule(const YapfState& s) const {
  const YapfToken& c = tok(s.next);
  if (!(c.is_name() || is_star(c)) || tok(s.next - 1).value != ",") {
    return false;
  }
  const int open = opening_bracket(s.next);
  if (open < 1 || tok(open).value != "(" ||
      !(tok(open - 1).is_name() || is_star(tok(open - 1)))) {
    return false;
  }
  int o = s.next;
  while (o < line_.size() && tok(o).value != "(") {
    if (!(tok(o).is_name() || is_star(tok(o))) && tok(o).value != ".") {
      return false;
    }
    ++o;
  }
  if (o >= line_.size()) {
    return false;
  }
  const int close = tok(o).matching;
  return !fits(s, s.next, close) ||
         (close + 1 < line_.size() && tok(close + 1).value != "," &&
          !tok(close + 1).closes());
}

// `f(g(...), ...)` splits before `g` when `f(...)` does not fit and `g` has
// arguments; also `f({...}, ...)` before the dict.
bool YapfDecider::nested_call_rule(const YapfState& s) const {
  const YapfToken& c = tok(s.next);
  const YapfToken& p = tok(s.next - 1);
  const int pp = s.next - 2;
  if (pp < 0 || !tok(pp).is_name() || p.value != "(") {
    return false;
  }
  if (c.value == "{") {
    const int end = c.matching;
    return tok(end + 1).value == "," && !fits(s, s.next, end);
  }
  if (!c.is_name() || fits(s, s.next - 1, p.matching)) {
    return false;
  }
  // _IsFunctionCallWithArguments.
  for (int t = s.next; t < line_.size(); ++t) {
    if (tok(t).value == "(") {
      return t + 1 < line_.size() && tok(t + 1).value != ")";
    }
    if (tok(t).kind != YapfTokenKind::kName && tok(t).value != "." &&
        tok(t).value != "=") {
      break;
    }
  }
  return false;
}

// Splitting right after an opening bracket.
int YapfDecider::opening_bracket_rule(const YapfState& s) const {
  const int p = s.next - 1;
  const YapfToken& prev = tok(p);
  if (!prev.opens() || tok(s.next).opens()) {
    return kUndecided;
  }
  const bool fit = fits(s, p, prev.matching);
  if (prev.value != "(") {
    return fit ? kUndecided : 1;
  }
  if (p == 0 || !tok(p - 1).is_name()) {
    return fit ? 0 : kUndecided;
  }
  if (fit) {
    return kUndecided;
  }
  if (prev.container_elements.size() == 1) {
    return 0;
  }
  std::vector<int> elements = prev.container_elements;
  elements.push_back(prev.matching);
  for (size_t i = 1; i < elements.size(); ++i) {
    if (!tok(elements[i - 1]).opens() &&
        !fits(s, elements[i - 1], elements[i])) {
      return 1;
    }
  }
  // Try not to squish all of the arguments off to the right.
  const double room = kColumnLimit - s.column;
  return room / kColumnLimit < 0.3 ? 1 : kUndecided;
}

bool YapfDecider::must_split_rest(YapfState& s) const {
  const YapfToken& p = tok(s.next - 1);
  if (p.value == "{") {
    const int closing = p.matching;
    if (!fits(s, s.next - 1, closing) && tok(closing - 1).value == ",") {
      s.stack.back().split_before_closing_bracket = true;
      return true;
    }
  }
  const int named = named_assign_rule(s);
  if (named != kUndecided) {
    return named == 1;
  }
  if (dict_argument_rule(s) || call_argument_rule(s) || nested_call_rule(s)) {
    return true;
  }
  return opening_bracket_rule(s) == 1;
}

bool YapfDecider::must_split(YapfState& s) const {
  const YapfToken& c = tok(s.next);
  if (c.must_break) {
    return true;
  }
  const YapfToken& p = tok(s.next - 1);
  if (s.stack.back().split_before_closing_bracket &&
      (c.value == "}" || c.value == "]")) {
    return c.node_penalty != kTreeUnbreakable;
  }
  if (c.value == ")" && p.value == ",") {
    int commas = 0;
    for (int t = c.matching + 1; t != s.next;
         t = tok(t).opens() ? tok(t).matching : t + 1) {
      commas += tok(t).value == ",";
    }
    if (commas != 1) {
      return true;  // not a one-element tuple
    }
  }
  if (expression_after_paren_rule(s) || call_in_container_rule(s) ||
      container_in_container_rule(s)) {
    return true;
  }
  if (c.has(kDictionaryKey)) {
    return dict_key_rule(s);
  }
  return dict_value_rule(s) || must_split_rest(s);
}

bool YapfDecider::can_split(const YapfState& s, bool must_split) const {
  const YapfToken& c = tok(s.next);
  // ALLOW_MULTILINE_DICTIONARY_KEYS is off.
  if (!must_split && c.has(kDictionaryKeyPart) && !c.has(kDictionaryKey)) {
    return false;
  }
  return c.can_break;
}

int YapfDecider::newline_column(const YapfState& s) const {
  const YapfToken& c = tok(s.next);
  const YapfParenState& top = s.stack.back();
  if (c.opens()) {
    return s.paren_level > 0 ? top.indent : 0;
  }
  if (c.closes()) {
    return tok(s.next - 1).opens()
               ? std::max(0, top.indent - kContinuationIndent)
               : top.closing_scope_indent;
  }
  return top.indent;
}

void YapfDecider::add_on_current_line(YapfState& s) const {
  const int spaces = tok(s.next).spaces;
  if (tok(s.next - 1).opens()) {
    // Align a closing bracket on a new line with the opening one's content.
    s.stack.back().closing_scope_indent = s.column;
    s.stack.back().indent = s.column + spaces;
  }
  s.column += spaces;
}

int64_t YapfDecider::add_on_newline(YapfState& s, bool must_split) const {
  const YapfToken& c = tok(s.next);
  const YapfToken& p = tok(s.next - 1);
  s.column = newline_column(s);
  YapfParenState& top = s.stack.back();
  top.last_space = s.column;
  s.lowest_level_on_line = s.paren_level;
  if (p.opens()) {
    top.closing_scope_indent = std::max(0, top.indent - kContinuationIndent);
    top.split_before_closing_bracket = true;
  }
  int64_t penalty = c.split_penalty;
  if (must_split) {
    return penalty;
  }
  top.num_line_splits += 1;
  penalty += kAddedLineSplitPenalty * top.num_line_splits;
  if (c.opens() && p.opens() && (s.next < 2 || !tok(s.next - 2).is_name())) {
    penalty += 10;  // prefer coalesced opening brackets
  }
  return penalty + 10;
}

// MoveStateToNextToken: bracket levels, the column, and the overflow cost.
int64_t YapfDecider::move_to_next(YapfState& s) const {
  const YapfToken& c = tok(s.next);
  if (!c.opens() && !c.closes()) {
    s.lowest_level_on_line = std::min(s.lowest_level_on_line, s.paren_level);
  }
  if (c.opens()) {
    const int last_space = s.stack.back().last_space;
    s.stack.push_back({kContinuationIndent + last_space, last_space});
    ++s.paren_level;
  }
  if (s.stack.size() > 1 && c.closes()) {
    YapfParenState& below = s.stack[s.stack.size() - 2];
    below.last_space =
        c.has(kDictionaryKeyPart) ? below.indent : s.stack.back().last_space;
    s.stack.pop_back();
    --s.paren_level;
  }
  s.column += c.length;
  ++s.next;
  const int excess = s.column - kColumnLimit;
  return excess > 0 ? kExcessCharacterPenalty * excess : 0;
}

int64_t YapfDecider::add_token(
    YapfState& s, bool newline, bool must_split) const {
  int64_t penalty = 0;
  if (newline) {
    penalty = add_on_newline(s, must_split);
  } else {
    add_on_current_line(s);
  }
  return move_to_next(s) + penalty;
}

}  // namespace mmengine::config::detail
