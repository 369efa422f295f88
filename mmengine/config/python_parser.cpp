#include "mmengine/config/python_parser_impl.h"

#include <algorithm>

#include <fmt/format.h>

namespace mmengine::config::detail {

namespace {

constexpr std::string_view kAugOps[] = {
    "+=",
    "-=",
    "*=",
    "/=",
    "//=",
    "%=",
    "**=",
    "@=",
    "<<=",
    ">>=",
    "|=",
    "^=",
    "&="};
constexpr BinOp kAugBinOps[] = {
    BinOp::kAdd,
    BinOp::kSub,
    BinOp::kMul,
    BinOp::kDiv,
    BinOp::kFloorDiv,
    BinOp::kMod,
    BinOp::kPow,
    BinOp::kMatMul,
    BinOp::kLShift,
    BinOp::kRShift,
    BinOp::kBitOr,
    BinOp::kBitXor,
    BinOp::kBitAnd};

// Python's name for an expression that cannot be a target.
std::string expr_name(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kConstant: {
      const auto& v = static_cast<const ConstantExpr&>(e).value;
      if (std::holds_alternative<std::monostate>(v)) {
        return "None";
      }
      if (const auto* b = std::get_if<bool>(&v)) {
        return *b ? "True" : "False";
      }
      return "literal";
    }
    case ExprKind::kJoinedStr:
      return "f-string expression";
    case ExprKind::kCall:
      return "function call";
    case ExprKind::kCompare:
      return "comparison";
    case ExprKind::kIfExp:
      return "conditional expression";
    case ExprKind::kLambda:
      return "lambda";
    case ExprKind::kDict:
      return "dict literal";
    case ExprKind::kSet:
      return "set display";
    case ExprKind::kList:
      return "list";
    case ExprKind::kTuple:
      return "tuple";
    case ExprKind::kStarred:
      return "starred";
    case ExprKind::kComprehension: {
      const auto kind = static_cast<const ComprehensionExpr&>(e).comp;
      return kind == CompKind::kList   ? "list comprehension"
             : kind == CompKind::kSet  ? "set comprehension"
             : kind == CompKind::kDict ? "dict comprehension"
                                       : "generator expression";
    }
    default:
      return "expression";
  }
}

bool is_keyword_constant(const Expr& e) {
  const auto name = expr_name(e);
  return name == "None" || name == "True" || name == "False";
}

}  // namespace

Parser::Parser(
    const SourceFile& source,
    std::vector<Token> tokens,
    int depth,
    bool in_fstring)
    : src_(source),
      tokens_(std::move(tokens)),
      depth_(depth),
      in_fstring_(in_fstring) {}

void Parser::expect_op(std::string_view op) {
  if (!accept_op(op)) {
    if (peek().kind == TokenKind::kNewline || peek().kind == TokenKind::kEnd) {
      fail(peek().pos, fmt::format("expected '{}'", op));
    }
    fail_here();
  }
}

std::string Parser::expect_identifier() {
  const Token& t = peek();
  if (t.kind != TokenKind::kName || t.keyword) {
    fail_here();
  }
  next();
  return std::string(t.text);
}

void Parser::fail(std::uint32_t pos, std::string_view message) const {
  src_.raise(pos, "SyntaxError", message);
}

void Parser::fail_here() const {
  const Token& t = peek();
  if (t.kind == TokenKind::kIndent) {
    src_.raise(t.pos, "IndentationError", "unexpected indent");
  }
  if (in_fstring_) {
    fail(t.pos, "f-string: invalid syntax");
  }
  if (t.kind == TokenKind::kEnd && t.pos > 0) {
    fail(t.pos, "unexpected EOF while parsing");
  }
  fail(t.pos, "invalid syntax");
}

void Parser::fail_unclosed(std::uint32_t previous) const {
  if (starts_expression()) {
    fail(previous, "invalid syntax. Perhaps you forgot a comma?");
  }
  fail_here();
}

void Parser::unsupported(std::uint32_t pos, std::string_view what) const {
  src_.raise(
      pos,
      "ConfigError",
      fmt::format("{} are not supported in config files", what));
}

void Parser::set_depth(
    Expr& node, std::initializer_list<const Expr*> children) const {
  int depth = 0;
  for (const auto* child : children) {
    if (child != nullptr) {
      depth = std::max<int>(depth, child->depth);
    }
  }
  store_depth(node, depth + 1);
}

void Parser::set_depth(Expr& node, const std::vector<ExprPtr>& children) const {
  int depth = 0;
  for (const auto& child : children) {
    if (child != nullptr) {
      depth = std::max<int>(depth, child->depth);
    }
  }
  store_depth(node, depth + 1);
}

void Parser::store_depth(Expr& node, int depth) const {
  if (depth > kMaxAstDepth) {
    fail(node.pos, "expression is too deeply nested");
  }
  node.depth = static_cast<std::uint16_t>(depth);
}

Module Parser::module() {
  Module m;
  while (peek().kind != TokenKind::kEnd) {
    statement(m.body);
  }
  return m;
}

ExprPtr Parser::expression_input() {
  auto e = star_expressions();
  while (peek().kind == TokenKind::kNewline) {
    next();
  }
  if (peek().kind != TokenKind::kEnd) {
    fail_here();
  }
  return e;
}

void Parser::statement(StmtList& out) {
  const Token& t = peek();
  if (t.kind == TokenKind::kIndent) {
    fail_here();
  }
  if (t.kind == TokenKind::kName) {
    if (t.text == "if" || t.text == "for" || t.text == "def" ||
        t.text == "with") {
      next();
      out.push_back(
          t.text == "if"    ? if_statement(t.pos)
          : t.text == "for" ? for_statement()
          : t.text == "def" ? def_statement()
                            : with_statement());
      return;
    }
    static constexpr std::pair<std::string_view, std::string_view> kNo[] = {
        {"while", "'while' loops"},
        {"class", "class definitions"},
        {"try", "'try' statements"},
        {"async", "'async' statements"}};
    for (const auto& [kw, what] : kNo) {
      if (t.text == kw) {
        unsupported(t.pos, what);
      }
    }
  }
  if (t.is_op("@")) {
    unsupported(t.pos, "decorators");
  }
  simple_statements(out);
}

void Parser::simple_statements(StmtList& out) {
  while (true) {
    out.push_back(simple_statement());
    if (!accept_op(";") || peek().kind == TokenKind::kNewline) {
      break;
    }
  }
  if (peek().kind != TokenKind::kNewline) {
    fail_here();
  }
  next();
}

StmtPtr Parser::simple_statement() {
  const Token& t = peek();
  if (t.kind == TokenKind::kName) {
    if (t.text == "pass" || t.text == "break" || t.text == "continue") {
      next();
      if (t.text != "pass" && loop_depth_ == 0) {
        fail(t.pos, fmt::format("'{}' outside loop", t.text));
      }
      return std::make_unique<Stmt>(
          t.text == "pass"    ? StmtKind::kPass
          : t.text == "break" ? StmtKind::kBreak
                              : StmtKind::kContinue,
          t.pos);
    }
    if (t.text == "return") {
      return return_statement();
    }
    if (t.text == "del") {
      return del_statement();
    }
    if (t.text == "import") {
      return import_statement();
    }
    if (t.text == "from") {
      return from_import_statement();
    }
    if (t.text == "assert") {
      return assert_statement();
    }
    static constexpr std::pair<std::string_view, std::string_view> kNo[] = {
        {"global", "'global' statements"},
        {"nonlocal", "'nonlocal' statements"},
        {"raise", "'raise' statements"},
        {"yield", "'yield' expressions"}};
    for (const auto& [kw, what] : kNo) {
      if (t.text == kw) {
        unsupported(t.pos, what);
      }
    }
  }
  return expression_statement();
}

StmtPtr Parser::expression_statement() {
  const auto pos = peek().pos;
  auto first = star_expressions();
  if (at_op("=")) {
    auto stmt = std::make_unique<AssignStmt>(pos);
    stmt->targets.push_back(std::move(first));
    while (accept_op("=")) {
      auto value = star_expressions();
      if (at_op("=")) {
        stmt->targets.push_back(std::move(value));
      } else {
        stmt->value = std::move(value);
      }
    }
    for (const auto& target : stmt->targets) {
      check_target(*target, "assign");
    }
    return stmt;
  }
  for (std::size_t k = 0; k < std::size(kAugOps); ++k) {
    if (!at_op(kAugOps[k])) {
      continue;
    }
    const auto kind = first->kind;
    if (kind != ExprKind::kName && kind != ExprKind::kAttribute &&
        kind != ExprKind::kSubscript) {
      fail(
          first->pos,
          fmt::format(
              "'{}' is an illegal expression for augmented assignment",
              expr_name(*first)));
    }
    next();
    auto stmt = std::make_unique<AugAssignStmt>(pos);
    stmt->target = std::move(first);
    stmt->op = kAugBinOps[k];
    stmt->value = star_expressions();
    return stmt;
  }
  if (at_op(":")) {
    return annotated_assignment(pos, std::move(first));
  }
  return std::make_unique<ExprStmt>(pos, std::move(first));
}

StmtPtr Parser::annotated_assignment(std::uint32_t pos, ExprPtr target) {
  if (target->kind == ExprKind::kTuple || target->kind == ExprKind::kList) {
    fail(target->pos, "only single target (not tuple) can be annotated");
  }
  if (target->kind != ExprKind::kName && target->kind != ExprKind::kAttribute &&
      target->kind != ExprKind::kSubscript) {
    fail(target->pos, "illegal target for annotation");
  }
  next();
  auto stmt = std::make_unique<AssignStmt>(pos);
  stmt->annotation = expression();
  stmt->targets.push_back(std::move(target));
  if (accept_op("=")) {
    stmt->value = star_expressions();
  }
  return stmt;
}

void Parser::check_target(const Expr& target, std::string_view verb) const {
  const bool del = verb == "delete";
  switch (target.kind) {
    case ExprKind::kName:
    case ExprKind::kAttribute:
    case ExprKind::kSubscript:
      return;
    case ExprKind::kTuple:
    case ExprKind::kList: {
      bool starred = false;
      for (const auto& elt : static_cast<const SequenceExpr&>(target).elts) {
        if (elt->kind == ExprKind::kStarred && !del) {
          if (starred) {
            fail(target.pos, "multiple starred expressions in assignment");
          }
          starred = true;
          check_target(*static_cast<const StarredExpr&>(*elt).value, verb);
        } else {
          check_target(*elt, verb);
        }
      }
      return;
    }
    case ExprKind::kStarred:
      if (!del) {
        fail(
            target.pos, "starred assignment target must be in a list or tuple");
      }
      break;
    default:
      break;
  }
  const bool hint = verb == "assign" && !is_keyword_constant(target);
  fail(
      target.pos,
      fmt::format(
          "cannot {} {}{}",
          del ? "delete" : "assign to",
          expr_name(target),
          hint ? " here. Maybe you meant '==' instead of '='?" : ""));
}

StmtPtr Parser::return_statement() {
  const auto pos = next().pos;
  if (function_depth_ == 0) {
    fail(pos, "'return' outside function");
  }
  ExprPtr value;
  if (peek().kind != TokenKind::kNewline && !at_op(";")) {
    value = star_expressions();
  }
  return std::make_unique<ReturnStmt>(pos, std::move(value));
}

StmtPtr Parser::del_statement() {
  auto stmt = std::make_unique<DeleteStmt>(next().pos);
  auto targets = star_expressions();
  if (targets->kind == ExprKind::kTuple) {
    for (auto& elt : static_cast<SequenceExpr&>(*targets).elts) {
      check_target(*elt, "delete");
      stmt->targets.push_back(std::move(elt));
    }
  } else {
    check_target(*targets, "delete");
    stmt->targets.push_back(std::move(targets));
  }
  return stmt;
}

StmtPtr Parser::assert_statement() {
  auto stmt = std::make_unique<AssertStmt>(next().pos);
  stmt->test = expression();
  if (accept_op(",")) {
    stmt->msg = expression();
  }
  return stmt;
}

StmtPtr Parser::if_statement(std::uint32_t pos) {
  const bool elif = tokens_[i_ - 1].text == "elif";
  auto stmt = std::make_unique<IfStmt>(pos);
  stmt->test = named_expression();
  expect_op(":");
  stmt->body = block(elif ? "'elif' statement" : "'if' statement", pos);
  if (at_keyword("elif")) {
    const auto elif_pos = next().pos;
    stmt->orelse.push_back(if_statement(elif_pos));
  } else if (at_keyword("else")) {
    const auto else_pos = next().pos;
    expect_op(":");
    stmt->orelse = block("'else' statement", else_pos);
  }
  return stmt;
}

StmtPtr Parser::for_statement() {
  const auto pos = tokens_[i_ - 1].pos;
  auto stmt = std::make_unique<ForStmt>(pos);
  stmt->target = target_list();
  check_target(*stmt->target, "for");
  if (!at_keyword("in")) {
    fail_here();
  }
  next();
  stmt->iter = star_expressions();
  expect_op(":");
  ++loop_depth_;
  stmt->body = block("'for' statement", pos);
  --loop_depth_;
  if (at_keyword("else")) {
    const auto else_pos = next().pos;
    expect_op(":");
    stmt->orelse = block("'else' statement", else_pos);
  }
  return stmt;
}

StmtPtr Parser::with_statement() {
  const auto pos = tokens_[i_ - 1].pos;
  auto stmt = std::make_unique<WithStmt>(pos);
  do {
    WithItem item;
    item.context = expression();
    if (at_keyword("as")) {
      next();
      item.target = target_item();
      check_target(*item.target, "assign");
    }
    stmt->items.push_back(std::move(item));
  } while (accept_op(","));
  expect_op(":");
  stmt->body = block("'with' statement", pos);
  return stmt;
}

StmtPtr Parser::def_statement() {
  const auto pos = tokens_[i_ - 1].pos;
  auto stmt = std::make_unique<FunctionDefStmt>(pos);
  stmt->code = std::make_unique<FunctionCode>();
  auto& code = *stmt->code;
  code.pos = pos;
  code.name = expect_identifier();
  expect_op("(");
  code.params = parameters(")");
  expect_op(")");
  if (at_op("->")) {
    unsupported(peek().pos, "return annotations");
  }
  expect_op(":");
  const int saved_loops = loop_depth_;
  loop_depth_ = 0;
  ++function_depth_;
  code.body = block("function definition", pos);
  --function_depth_;
  loop_depth_ = saved_loops;
  code.locals = collect_locals(code);
  return stmt;
}

StmtList Parser::block(std::string_view what, std::uint32_t header) {
  StmtList out;
  if (peek().kind != TokenKind::kNewline) {
    simple_statements(out);
    return out;
  }
  next();
  if (peek().kind != TokenKind::kIndent) {
    src_.raise(
        peek().pos,
        "IndentationError",
        fmt::format(
            "expected an indented block after {} on line {}",
            what,
            src_.loc(header).line));
  }
  next();
  while (peek().kind != TokenKind::kDedent && peek().kind != TokenKind::kEnd) {
    statement(out);
  }
  next();
  return out;
}

}  // namespace mmengine::config::detail
