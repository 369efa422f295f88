// Function parameters, imports, the locals of a function, and the parser's
// entry points.

#include <algorithm>
#include <set>
#include <string>

#include <fmt/format.h>

#include "mmengine/config/python_parser_impl.h"

namespace mmengine::config::detail {

namespace {

void add_name(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    names.push_back(name);
  }
}

void collect_target(const Expr& target, std::vector<std::string>& names) {
  if (target.kind == ExprKind::kName) {
    add_name(names, static_cast<const NameExpr&>(target).id);
  } else if (
      target.kind == ExprKind::kTuple || target.kind == ExprKind::kList) {
    for (const auto& elt : static_cast<const SequenceExpr&>(target).elts) {
      collect_target(*elt, names);
    }
  } else if (target.kind == ExprKind::kStarred) {
    collect_target(*static_cast<const StarredExpr&>(target).value, names);
  }
}

void collect_statements(const StmtList& body, std::vector<std::string>& names);

void collect_statement(const Stmt& stmt, std::vector<std::string>& names) {
  switch (stmt.kind) {
    case StmtKind::kAssign:
      for (const auto& t : static_cast<const AssignStmt&>(stmt).targets) {
        collect_target(*t, names);
      }
      break;
    case StmtKind::kAugAssign:
      collect_target(*static_cast<const AugAssignStmt&>(stmt).target, names);
      break;
    case StmtKind::kDelete:
      for (const auto& t : static_cast<const DeleteStmt&>(stmt).targets) {
        collect_target(*t, names);
      }
      break;
    case StmtKind::kIf: {
      const auto& s = static_cast<const IfStmt&>(stmt);
      collect_statements(s.body, names);
      collect_statements(s.orelse, names);
      break;
    }
    case StmtKind::kFor: {
      const auto& s = static_cast<const ForStmt&>(stmt);
      collect_target(*s.target, names);
      collect_statements(s.body, names);
      collect_statements(s.orelse, names);
      break;
    }
    case StmtKind::kFunctionDef:
      add_name(names, static_cast<const FunctionDefStmt&>(stmt).code->name);
      break;
    case StmtKind::kWith: {
      const auto& s = static_cast<const WithStmt&>(stmt);
      for (const auto& item : s.items) {
        if (item.target) {
          collect_target(*item.target, names);
        }
      }
      collect_statements(s.body, names);
      break;
    }
    case StmtKind::kImport:
    case StmtKind::kImportFrom:
      for (const auto& a : static_cast<const ImportStmt&>(stmt).names) {
        const auto& n = a.asname.empty() ? a.name : a.asname;
        add_name(names, n.substr(0, n.find('.')));
      }
      break;
    default:
      break;
  }
}

void collect_statements(const StmtList& body, std::vector<std::string>& names) {
  for (const auto& stmt : body) {
    collect_statement(*stmt, names);
  }
}

}  // namespace

std::vector<std::string> collect_locals(const FunctionCode& code) {
  std::vector<std::string> names;
  for (const auto& param : code.params) {
    add_name(names, param.name);
  }
  collect_statements(code.body, names);
  return names;
}

std::vector<Param> Parser::parameters(std::string_view closer) {
  std::vector<Param> params;
  std::set<std::string, std::less<>> names;
  bool seen_default = false;
  bool seen_star = false;
  while (!at_op(closer)) {
    Param p;
    p.pos = peek().pos;
    if (!params.empty() && params.back().kind == ParamKind::kVarKw) {
      fail_here();
    }
    if (accept_op("**")) {
      p.kind = ParamKind::kVarKw;
      p.name = expect_identifier();
    } else if (accept_op("*")) {
      if (seen_star) {
        fail(p.pos, "* argument may appear only once");
      }
      seen_star = true;
      if (at_op(",") || at_op(closer)) {
        if (!accept_op(",") || peek().kind != TokenKind::kName) {
          fail(p.pos, "named arguments must follow bare *");
        }
        continue;
      }
      p.kind = ParamKind::kVarArgs;
      p.name = expect_identifier();
    } else if (at_op("/")) {
      unsupported(peek().pos, "positional-only parameters '/'");
    } else {
      p.name = expect_identifier();
      p.kind = seen_star ? ParamKind::kKwOnly : ParamKind::kNormal;
      if (at_op(":") && closer != ":") {
        unsupported(peek().pos, "parameter annotations");
      }
      if (accept_op("=")) {
        p.default_value = expression();
        seen_default = seen_default || p.kind == ParamKind::kNormal;
      } else if (seen_default && p.kind == ParamKind::kNormal) {
        fail(p.pos, "non-default argument follows default argument");
      }
    }
    if (!names.insert(p.name).second) {
      fail(
          p.pos,
          fmt::format(
              "duplicate argument '{}' in function definition", p.name));
    }
    params.push_back(std::move(p));
    if (!accept_op(",")) {
      break;
    }
  }
  return params;
}

std::string Parser::dotted_name() {
  std::string name = expect_identifier();
  while (accept_op(".")) {
    name.push_back('.');
    name += expect_identifier();
  }
  return name;
}

StmtPtr Parser::import_statement() {
  auto stmt = std::make_unique<ImportStmt>(StmtKind::kImport, next().pos);
  do {
    ImportAlias alias;
    alias.pos = peek().pos;
    alias.name = dotted_name();
    if (at_keyword("as")) {
      next();
      alias.asname = expect_identifier();
    }
    stmt->names.push_back(std::move(alias));
  } while (accept_op(","));
  return stmt;
}

StmtPtr Parser::from_import_statement() {
  auto stmt = std::make_unique<ImportStmt>(StmtKind::kImportFrom, next().pos);
  while (at_op(".") || at_op("...")) {
    stmt->level += static_cast<int>(next().text.size());
  }
  if (!at_keyword("import")) {
    stmt->module = dotted_name();
  }
  if (!at_keyword("import")) {
    fail_here();
  }
  next();
  if (at_op("*")) {
    stmt->names.push_back({"*", "", next().pos});
    return stmt;
  }
  const bool paren = accept_op("(");
  do {
    if (paren && at_op(")")) {
      break;
    }
    ImportAlias alias;
    alias.pos = peek().pos;
    alias.name = expect_identifier();
    if (at_keyword("as")) {
      next();
      alias.asname = expect_identifier();
    }
    stmt->names.push_back(std::move(alias));
  } while (accept_op(","));
  if (paren) {
    expect_op(")");
  }
  return stmt;
}

ExprPtr Parser::fstring_field_input() {
  auto e = star_expressions();
  if (peek().kind != TokenKind::kEnd) {
    fail_here();
  }
  return e;
}

Module parse_module(const SourceFile& source) {
  Parser parser(source, tokenize(source));
  return parser.module();
}

ExprPtr parse_expression(const SourceFile& source) {
  Parser parser(source, tokenize(source));
  return parser.expression_input();
}

}  // namespace mmengine::config::detail
