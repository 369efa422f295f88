#pragma once

// Recursive-descent parser for the Python subset of config files, following
// the CPython 3.11 grammar (python.gram) for the rules it keeps. Constructs
// outside the subset (while, class, try, with, global, decorators, ...) are
// rejected here with a ConfigError naming them; nothing is evaluated.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mmengine/api.h"
#include "mmengine/config/python_ast_impl.h"
#include "mmengine/config/python_lexer_impl.h"
#include "mmengine/config/python_source_impl.h"

namespace mmengine::config::detail {

/// Deepest recursion of the parser itself (nested unary operators, lambdas,
/// conditional expressions, brackets).
inline constexpr int kMaxParseDepth = 200;

/// Parses a whole file. Throws ConfigError ("SyntaxError: ..." or
/// "ConfigError: ... is not supported") with file:line:col and a caret.
MMENGINE_API Module parse_module(const SourceFile& source);

/// Parses the whole source as one expression (tests, tools).
MMENGINE_API ExprPtr parse_expression(const SourceFile& source);

/// Compact s-expression rendering of a tree, for tests: `(+ a 1)`,
/// `(call f x k=1)`, `(= x (tuple 1 2))`.
MMENGINE_API std::string dump(const Expr& expr);
MMENGINE_API std::string dump(const Stmt& stmt);
MMENGINE_API std::string dump(const Module& module);

/// The parser's state; its methods are split over python_parser*.cpp.
class Parser {
 public:
  /// `in_fstring` marks the parser of an f-string replacement field.
  Parser(
      const SourceFile& source,
      std::vector<Token> tokens,
      int depth = 0,
      bool in_fstring = false);

  Module module();
  ExprPtr expression_input();
  ExprPtr fstring_field_input();

 private:
  friend class DepthGuard;

  // tokens (the hot ones inline: called for every token many times)
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(i_ + ahead, tokens_.size() - 1)];
  }
  const Token& next() {
    const Token& t = peek();
    if (i_ + 1 < tokens_.size()) {
      ++i_;
    }
    return t;
  }
  bool at_op(std::string_view op) const {
    return peek().is_op(op);
  }
  bool accept_op(std::string_view op) {
    if (!at_op(op)) {
      return false;
    }
    next();
    return true;
  }
  void expect_op(std::string_view op);
  bool at_keyword(std::string_view kw) const {
    return peek().is_name(kw);
  }
  std::string expect_identifier();
  [[noreturn]] void fail(std::uint32_t pos, std::string_view message) const;
  [[noreturn]] void fail_here() const;
  [[noreturn]] void unsupported(std::uint32_t pos, std::string_view what) const;
  void set_depth(Expr& node, std::initializer_list<const Expr*> children) const;
  void set_depth(Expr& node, const std::vector<ExprPtr>& children) const;
  void store_depth(Expr& node, int depth) const;
  bool starts_expression() const;

  // statements (python_parser.cpp)
  void statement(StmtList& out);
  void simple_statements(StmtList& out);
  StmtPtr simple_statement();
  StmtPtr expression_statement();
  StmtPtr annotated_assignment(std::uint32_t pos, ExprPtr target);
  StmtPtr return_statement();
  StmtPtr del_statement();
  StmtPtr import_statement();
  StmtPtr from_import_statement();
  StmtPtr assert_statement();
  StmtPtr if_statement(std::uint32_t pos);
  StmtPtr for_statement();
  StmtPtr with_statement();
  StmtPtr def_statement();
  StmtList block(std::string_view what, std::uint32_t header);
  std::vector<Param> parameters(std::string_view closer);
  void check_target(const Expr& target, std::string_view verb) const;

  // expressions (python_parser_expr.cpp)
  ExprPtr star_expressions();
  ExprPtr star_expression();
  ExprPtr named_expression();
  ExprPtr expression();
  ExprPtr lambda();
  ExprPtr disjunction();
  ExprPtr conjunction();
  ExprPtr inversion();
  ExprPtr comparison();
  ExprPtr binary(int level);
  ExprPtr binary_tail(int level, ExprPtr left);
  ExprPtr factor();
  ExprPtr power();
  ExprPtr primary();
  ExprPtr atom();
  ExprPtr paren_atom();
  ExprPtr list_atom();
  ExprPtr brace_atom();
  ExprPtr dict_rest(std::uint32_t pos, ExprPtr first_key, ExprPtr first_value);
  ExprPtr sequence_rest(
      std::uint32_t pos, ExprKind kind, ExprPtr first, std::string_view closer);
  [[noreturn]] void fail_unclosed(std::uint32_t previous) const;
  ExprPtr comprehension(
      std::uint32_t pos, CompKind kind, ExprPtr elt, ExprPtr value);
  bool comparison_op(CmpOp& op);
  ExprPtr star_named_expression();
  ExprPtr target_item();
  std::string dotted_name();
  ExprPtr number();
  std::vector<ComprehensionFor> comprehension_fors();
  ExprPtr target_list();
  /// What a call's arguments so far allow next.
  struct CallState {
    bool keyword_seen = false;
    bool double_star_seen = false;
    std::vector<std::string_view> names;  ///< keywords so far (few)
  };
  ExprPtr call(ExprPtr func);
  Argument call_argument(CallState& state, bool first);
  ExprPtr subscript(ExprPtr value);
  ExprPtr slice_item();

  // strings (python_parser_string.cpp)
  ExprPtr strings();
  std::size_t fstring(
      std::string_view body,
      std::size_t i,
      std::uint32_t body_pos,
      bool raw,
      JoinedStrExpr& out,
      int nesting,
      bool in_spec);
  std::size_t fstring_field(
      std::string_view body,
      std::size_t i,
      std::uint32_t body_pos,
      bool raw,
      JoinedStrExpr& out,
      int nesting);
  std::size_t fstring_expression_end(
      std::string_view body,
      std::size_t start,
      std::uint32_t body_pos,
      bool& debug) const;
  std::size_t numeric_escape(
      std::string_view body,
      std::size_t i,
      std::uint32_t at,
      std::string& out) const;
  std::string decode_literal(
      std::string_view body, std::uint32_t body_pos, bool raw) const;

  const SourceFile& src_;
  std::vector<Token> tokens_;
  std::size_t i_ = 0;
  int depth_;
  int loop_depth_ = 0;
  int function_depth_ = 0;
  bool in_fstring_;
};

/// Collects the names a function body binds (its locals), in order.
std::vector<std::string> collect_locals(const FunctionCode& code);

}  // namespace mmengine::config::detail
