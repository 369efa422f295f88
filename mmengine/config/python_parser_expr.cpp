#include <charconv>
#include <string>

#include <fmt/format.h>

#include "mmengine/config/python_parser_impl.h"

namespace mmengine::config::detail {

/// Counts the parser's recursion; throws past kMaxParseDepth.
class DepthGuard {
 public:
  DepthGuard(Parser& parser, std::uint32_t pos) : parser_(parser) {
    if (parser_.depth_ + 1 > kMaxParseDepth) {
      parser_.fail(pos, "too many nested expressions");
    }
    ++parser_.depth_;
  }
  ~DepthGuard() {
    --parser_.depth_;
  }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  Parser& parser_;
};

namespace {

template <typename T, typename... Args>
std::unique_ptr<T> make(Args&&... args) {
  return std::make_unique<T>(std::forward<Args>(args)...);
}

// Level of the binary operator `t` in python.gram, loosest first: | ^ &
// (<< >>) (+ -) (* / // % @); -1 when `t` is none.
int binary_level(const Token& t, BinOp& op) {
  if (t.kind != TokenKind::kOp) {
    return -1;
  }
  const auto& s = t.text;
  const bool single = s.size() == 1;
  const bool twice = s.size() == 2 && s[1] == s[0];
  switch (s[0]) {
    case '|':
      return single ? (op = BinOp::kBitOr, 0) : -1;
    case '^':
      return single ? (op = BinOp::kBitXor, 1) : -1;
    case '&':
      return single ? (op = BinOp::kBitAnd, 2) : -1;
    case '<':
      return twice ? (op = BinOp::kLShift, 3) : -1;
    case '>':
      return twice ? (op = BinOp::kRShift, 3) : -1;
    case '+':
      return single ? (op = BinOp::kAdd, 4) : -1;
    case '-':
      return single ? (op = BinOp::kSub, 4) : -1;
    case '*':
      return single ? (op = BinOp::kMul, 5) : -1;
    case '/':
      return single  ? (op = BinOp::kDiv, 5)
             : twice ? (op = BinOp::kFloorDiv, 5)
                     : -1;
    case '%':
      return single ? (op = BinOp::kMod, 5) : -1;
    case '@':
      return single ? (op = BinOp::kMatMul, 5) : -1;
    default:
      return -1;
  }
}

std::string without_underscores(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != '_') {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

bool Parser::starts_expression() const {
  const Token& t = peek();
  if (t.kind == TokenKind::kNumber || t.kind == TokenKind::kString) {
    return true;
  }
  if (t.kind == TokenKind::kName) {
    return !t.keyword || t.text == "None" || t.text == "True" ||
           t.text == "False" || t.text == "not" || t.text == "lambda";
  }
  if (t.kind != TokenKind::kOp) {
    return false;
  }
  return t.text == "(" || t.text == "[" || t.text == "{" || t.text == "-" ||
         t.text == "+" || t.text == "~" || t.text == "*" || t.text == "...";
}

ExprPtr Parser::star_expressions() {
  const auto pos = peek().pos;
  auto first = star_expression();
  if (!at_op(",")) {
    return first;
  }
  auto tuple = make<SequenceExpr>(ExprKind::kTuple, pos);
  tuple->elts.push_back(std::move(first));
  while (accept_op(",") && starts_expression()) {
    tuple->elts.push_back(star_expression());
  }
  set_depth(*tuple, tuple->elts);
  return tuple;
}

ExprPtr Parser::star_expression() {
  if (!at_op("*")) {
    return expression();
  }
  const auto pos = next().pos;
  auto value = binary(0);
  auto node = make<StarredExpr>(pos, std::move(value));
  set_depth(*node, {node->value.get()});
  return node;
}

ExprPtr Parser::star_named_expression() {
  return at_op("*") ? star_expression() : named_expression();
}

ExprPtr Parser::named_expression() {
  auto e = expression();
  if (at_op(":=")) {
    unsupported(peek().pos, "assignment expressions ':='");
  }
  return e;
}

ExprPtr Parser::expression() {
  DepthGuard guard(*this, peek().pos);
  if (at_keyword("lambda")) {
    return lambda();
  }
  auto body = disjunction();
  if (!at_keyword("if")) {
    return body;
  }
  auto node = make<IfExpExpr>(body->pos);
  next();
  node->body = std::move(body);
  node->test = disjunction();
  if (!at_keyword("else")) {
    fail(peek().pos, "expected 'else' after 'if' expression");
  }
  next();
  node->orelse = expression();
  set_depth(*node, {node->test.get(), node->body.get(), node->orelse.get()});
  return node;
}

ExprPtr Parser::lambda() {
  auto node = make<LambdaExpr>(next().pos);
  node->code = std::make_unique<FunctionCode>();
  auto& code = *node->code;
  code.name = "<lambda>";
  code.pos = node->pos;
  code.params = parameters(":");
  expect_op(":");
  code.body_expr = expression();
  code.locals = collect_locals(code);
  int depth = code.body_expr->depth;
  for (const auto& param : code.params) {
    if (param.default_value) {
      depth = std::max<int>(depth, param.default_value->depth);
    }
  }
  store_depth(*node, depth + 1);
  return node;
}

ExprPtr Parser::disjunction() {
  auto first = conjunction();
  if (!at_keyword("or")) {
    return first;
  }
  auto node = make<BoolOpExpr>(first->pos, false);
  node->values.push_back(std::move(first));
  while (at_keyword("or")) {
    next();
    node->values.push_back(conjunction());
  }
  set_depth(*node, node->values);
  return node;
}

ExprPtr Parser::conjunction() {
  auto first = inversion();
  if (!at_keyword("and")) {
    return first;
  }
  auto node = make<BoolOpExpr>(first->pos, true);
  node->values.push_back(std::move(first));
  while (at_keyword("and")) {
    next();
    node->values.push_back(inversion());
  }
  set_depth(*node, node->values);
  return node;
}

ExprPtr Parser::inversion() {
  if (!at_keyword("not")) {
    return comparison();
  }
  const auto pos = next().pos;
  DepthGuard guard(*this, pos);
  auto node = make<UnaryExpr>(pos, UnaryOp::kNot, inversion());
  set_depth(*node, {node->operand.get()});
  return node;
}

bool Parser::comparison_op(CmpOp& op) {
  static constexpr std::pair<std::string_view, CmpOp> kOps[] = {
      {"==", CmpOp::kEq},
      {"!=", CmpOp::kNotEq},
      {"<", CmpOp::kLt},
      {"<=", CmpOp::kLtE},
      {">", CmpOp::kGt},
      {">=", CmpOp::kGtE}};
  const Token& t = peek();
  if (t.kind == TokenKind::kOp) {
    for (const auto& [text, value] : kOps) {
      if (accept_op(text)) {
        op = value;
        return true;
      }
    }
    return false;
  }
  if (t.kind != TokenKind::kName) {
    return false;
  }
  if (at_keyword("in")) {
    next();
    op = CmpOp::kIn;
    return true;
  }
  if (at_keyword("not") && peek(1).is_name("in")) {
    next();
    next();
    op = CmpOp::kNotIn;
    return true;
  }
  if (at_keyword("is")) {
    next();
    op = CmpOp::kIs;
    if (at_keyword("not")) {
      next();
      op = CmpOp::kIsNot;
    }
    return true;
  }
  return false;
}

ExprPtr Parser::comparison() {
  auto left = binary(0);
  const auto pos = peek().pos;
  CmpOp op{};
  if (!comparison_op(op)) {
    return left;
  }
  auto node = make<CompareExpr>(pos);
  node->left = std::move(left);
  do {
    node->ops.push_back(op);
    node->comparators.push_back(binary(0));
  } while (comparison_op(op));
  int depth = node->left->depth;
  for (const auto& c : node->comparators) {
    depth = std::max<int>(depth, c->depth);
  }
  store_depth(*node, depth + 1);
  return node;
}

ExprPtr Parser::binary(int level) {
  return binary_tail(level, factor());
}

// Precedence climbing over python.gram's binary levels: operators of a
// tighter level than `op` bind the right operand first.
ExprPtr Parser::binary_tail(int level, ExprPtr left) {
  BinOp op{};
  int op_level = 0;
  while ((op_level = binary_level(peek(), op)) >= level) {
    const auto pos = next().pos;
    auto right = factor();
    BinOp next_op{};
    while (binary_level(peek(), next_op) > op_level) {
      right = binary_tail(op_level + 1, std::move(right));
    }
    auto node = make<BinaryExpr>(pos, op, std::move(left), std::move(right));
    set_depth(*node, {node->left.get(), node->right.get()});
    left = std::move(node);
  }
  return left;
}

ExprPtr Parser::factor() {
  const Token& t = peek();
  if (!t.is_op("-") && !t.is_op("+") && !t.is_op("~")) {
    return power();
  }
  next();
  DepthGuard guard(*this, t.pos);
  const auto op = t.text == "-"   ? UnaryOp::kNeg
                  : t.text == "+" ? UnaryOp::kPos
                                  : UnaryOp::kInvert;
  auto node = make<UnaryExpr>(t.pos, op, factor());
  set_depth(*node, {node->operand.get()});
  return node;
}

ExprPtr Parser::power() {
  auto base = primary();
  if (!at_op("**")) {
    return base;
  }
  const auto pos = next().pos;
  DepthGuard guard(*this, pos);
  auto exponent = factor();
  auto node =
      make<BinaryExpr>(pos, BinOp::kPow, std::move(base), std::move(exponent));
  set_depth(*node, {node->left.get(), node->right.get()});
  return node;
}

ExprPtr Parser::primary() {
  auto e = atom();
  while (true) {
    if (accept_op(".")) {
      const auto pos = peek().pos;
      auto name = expect_identifier();
      e = make<AttributeExpr>(pos, std::move(e), std::move(name));
      auto& attr = static_cast<AttributeExpr&>(*e);
      set_depth(attr, {attr.value.get()});
    } else if (at_op("(")) {
      e = call(std::move(e));
    } else if (at_op("[")) {
      e = subscript(std::move(e));
    } else {
      return e;
    }
  }
}

ExprPtr Parser::atom() {
  const Token& t = peek();
  if (t.kind == TokenKind::kNumber) {
    return number();
  }
  if (t.kind == TokenKind::kString) {
    return strings();
  }
  if (t.kind == TokenKind::kName) {
    if (t.text == "None" || t.text == "True" || t.text == "False") {
      next();
      return make<ConstantExpr>(
          t.pos,
          t.text == "None" ? ConstValue{} : ConstValue{t.text == "True"});
    }
    if (t.text == "yield" || t.text == "await") {
      unsupported(t.pos, fmt::format("'{}' expressions", t.text));
    }
    if (t.keyword) {
      fail_here();
    }
    next();
    return make<NameExpr>(t.pos, std::string(t.text));
  }
  if (t.is_op("(")) {
    return paren_atom();
  }
  if (t.is_op("[")) {
    return list_atom();
  }
  if (t.is_op("{")) {
    return brace_atom();
  }
  if (t.is_op("...")) {
    unsupported(t.pos, "Ellipsis literals '...'");
  }
  fail_here();
}

ExprPtr Parser::number() {
  const Token& t = next();
  const auto text = without_underscores(t.text);
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (text.size() > 1 && text[0] == '0' &&
      std::string_view("xXoObB").find(text[1]) != std::string_view::npos) {
    const char base = static_cast<char>(text[1] | 0x20);
    const int radix = base == 'x' ? 16 : base == 'o' ? 8 : 2;
    std::int64_t value = 0;
    const auto res = std::from_chars(first + 2, last, value, radix);
    if (res.ec != std::errc()) {
      fail(t.pos, "integer literal is too large (config ints are 64-bit)");
    }
    return make<ConstantExpr>(t.pos, ConstValue{value});
  }
  if (text.find_first_of(".eE") == std::string::npos) {
    std::int64_t value = 0;
    const auto res = std::from_chars(first, last, value);
    if (res.ec != std::errc()) {
      fail(t.pos, "integer literal is too large (config ints are 64-bit)");
    }
    return make<ConstantExpr>(t.pos, ConstValue{value});
  }
  double value = 0;
  const auto res = std::from_chars(first, last, value);
  if (res.ec == std::errc::result_out_of_range) {
    // Overflow reads as inf and underflow as 0.0, as in Python.
    const bool tiny = text.find("e-") != std::string::npos ||
                      text.find("E-") != std::string::npos;
    value = tiny ? 0.0 : std::numeric_limits<double>::infinity();
  } else if (res.ec != std::errc()) {
    fail(t.pos, "invalid decimal literal");
  }
  return make<ConstantExpr>(t.pos, ConstValue{value});
}

ExprPtr Parser::paren_atom() {
  const auto pos = next().pos;
  if (accept_op(")")) {
    return make<SequenceExpr>(ExprKind::kTuple, pos);
  }
  auto first = star_named_expression();
  if (at_keyword("for")) {
    auto gen = comprehension(pos, CompKind::kGenerator, std::move(first), {});
    expect_op(")");
    return gen;
  }
  if (accept_op(")")) {
    if (first->kind == ExprKind::kStarred) {
      fail(first->pos, "cannot use starred expression here");
    }
    return first;
  }
  if (!at_op(",")) {
    fail_unclosed(first->pos);
  }
  return sequence_rest(pos, ExprKind::kTuple, std::move(first), ")");
}

ExprPtr Parser::list_atom() {
  const auto pos = next().pos;
  if (accept_op("]")) {
    return make<SequenceExpr>(ExprKind::kList, pos);
  }
  auto first = star_named_expression();
  if (at_keyword("for")) {
    auto comp = comprehension(pos, CompKind::kList, std::move(first), {});
    expect_op("]");
    return comp;
  }
  return sequence_rest(pos, ExprKind::kList, std::move(first), "]");
}

ExprPtr Parser::sequence_rest(
    std::uint32_t pos, ExprKind kind, ExprPtr first, std::string_view closer) {
  auto node = make<SequenceExpr>(kind, pos);
  node->elts.push_back(std::move(first));
  while (accept_op(",")) {
    if (at_op(closer)) {
      break;
    }
    node->elts.push_back(star_named_expression());
  }
  if (!accept_op(closer)) {
    fail_unclosed(node->elts.back()->pos);
  }
  set_depth(*node, node->elts);
  return node;
}

ExprPtr Parser::brace_atom() {
  const auto pos = next().pos;
  if (accept_op("}")) {
    return make<DictExpr>(pos);
  }
  if (at_op("**")) {
    return dict_rest(pos, nullptr, nullptr);
  }
  auto first = star_named_expression();
  if (first->kind != ExprKind::kStarred && accept_op(":")) {
    auto value = expression();
    if (at_keyword("for")) {
      auto comp = comprehension(
          pos, CompKind::kDict, std::move(first), std::move(value));
      expect_op("}");
      return comp;
    }
    return dict_rest(pos, std::move(first), std::move(value));
  }
  if (at_keyword("for")) {
    auto comp = comprehension(pos, CompKind::kSet, std::move(first), {});
    expect_op("}");
    return comp;
  }
  return sequence_rest(pos, ExprKind::kSet, std::move(first), "}");
}

ExprPtr Parser::dict_rest(
    std::uint32_t pos, ExprPtr first_key, ExprPtr first_value) {
  auto node = make<DictExpr>(pos);
  bool have_first = first_key != nullptr;
  if (have_first) {
    node->keys.push_back(std::move(first_key));
    node->values.push_back(std::move(first_value));
  }
  while (!have_first || accept_op(",")) {
    have_first = true;
    if (at_op("}")) {
      break;
    }
    if (accept_op("**")) {
      node->keys.push_back(nullptr);
      node->values.push_back(binary(0));
      continue;
    }
    node->keys.push_back(expression());
    expect_op(":");
    node->values.push_back(expression());
  }
  if (!accept_op("}")) {
    fail_unclosed(node->keys.empty() ? pos : node->values.back()->pos);
  }
  int depth = 0;
  for (std::size_t k = 0; k < node->keys.size(); ++k) {
    depth = std::max<int>(depth, node->values[k]->depth);
    if (node->keys[k]) {
      depth = std::max<int>(depth, node->keys[k]->depth);
    }
  }
  store_depth(*node, depth + 1);
  return node;
}

}  // namespace mmengine::config::detail
