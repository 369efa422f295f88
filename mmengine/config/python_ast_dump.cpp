// Operator spellings and the s-expression dump used by the parser tests.

#include <fmt/format.h>

#include "mmengine/config/python_parser_impl.h"

namespace mmengine::config::detail {

const char* op_symbol(BinOp op) {
  static constexpr const char* kSymbols[] = {
      "+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "|", "^", "&"};
  return kSymbols[static_cast<int>(op)];
}

const char* op_symbol(CmpOp op) {
  static constexpr const char* kSymbols[] = {
      "==", "!=", "<", "<=", ">", ">=", "in", "not in", "is", "is not"};
  return kSymbols[static_cast<int>(op)];
}

namespace {

std::string opt(const ExprPtr& e) {
  return e ? dump(*e) : "_";
}

std::string join(const std::vector<ExprPtr>& items) {
  std::string out;
  for (const auto& item : items) {
    out.append(" ").append(dump(*item));
  }
  return out;
}

std::string dump_constant(const ConstValue& v) {
  if (std::holds_alternative<std::monostate>(v)) {
    return "None";
  }
  if (const auto* b = std::get_if<bool>(&v)) {
    return *b ? "True" : "False";
  }
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    return std::to_string(*i);
  }
  if (const auto* d = std::get_if<double>(&v)) {
    return fmt::format("{}f", *d);
  }
  return fmt::format("'{}'", std::get<std::string>(v));
}

std::string dump_fstring(const JoinedStrExpr& e) {
  std::string out = "(fstr";
  for (const auto& part : e.parts) {
    if (!part.value) {
      out += fmt::format(" '{}'", part.literal);
      continue;
    }
    out.append(" {").append(dump(*part.value));
    if (part.conversion != 0) {
      out += fmt::format(" !{}", part.conversion);
    }
    if (part.spec) {
      out.append(" :").append(dump_fstring(*part.spec));
    }
    out += "}";
  }
  return out.append(")");
}

std::string dump_params(const FunctionCode& code) {
  std::string out = "(";
  for (const auto& p : code.params) {
    out += out.size() > 1 ? " " : "";
    out += p.kind == ParamKind::kVarArgs  ? "*"
           : p.kind == ParamKind::kVarKw  ? "**"
           : p.kind == ParamKind::kKwOnly ? "kw:"
                                          : "";
    out += p.name;
    if (p.default_value) {
      out.append("=").append(dump(*p.default_value));
    }
  }
  return out.append(")");
}

std::string dump_comprehension(const ComprehensionExpr& e) {
  static constexpr const char* kNames[] = {
      "listcomp", "setcomp", "dictcomp", "genexp"};
  std::string out =
      fmt::format("({} {}", kNames[static_cast<int>(e.comp)], dump(*e.elt));
  if (e.value) {
    out.append(" ").append(dump(*e.value));
  }
  for (const auto& gen : e.generators) {
    out += fmt::format(" (for {} {}", dump(*gen.target), dump(*gen.iter));
    for (const auto& cond : gen.ifs) {
      out.append(" (if ").append(dump(*cond)).append(")");
    }
    out += ")";
  }
  return out.append(")");
}

std::string dump_call(const CallExpr& e) {
  std::string out = fmt::format("(call {}", dump(*e.func));
  for (const auto& arg : e.args) {
    out.append(
        arg.kind == ArgKind::kStar         ? " *"
        : arg.kind == ArgKind::kDoubleStar ? " **"
        : arg.kind == ArgKind::kKeyword    ? fmt::format(" {}=", arg.name)
                                           : " ");
    out.append(dump(*arg.value));
  }
  return out.append(")");
}

std::string dump_dict(const DictExpr& e) {
  std::string out = "(dict";
  for (std::size_t k = 0; k < e.keys.size(); ++k) {
    out.append(
        e.keys[k] ? fmt::format(" {}:", dump(*e.keys[k])) : std::string(" **"));
    out += dump(*e.values[k]);
  }
  return out.append(")");
}

std::string dump_compare(const CompareExpr& e) {
  std::string out = fmt::format("(compare {}", dump(*e.left));
  for (std::size_t k = 0; k < e.ops.size(); ++k) {
    out += fmt::format(" {} {}", op_symbol(e.ops[k]), dump(*e.comparators[k]));
  }
  return out.append(")");
}

std::string dump_body(const StmtList& body) {
  std::string out = "(";
  for (const auto& stmt : body) {
    out.append(out.size() > 1 ? " " : "").append(dump(*stmt));
  }
  return out.append(")");
}

}  // namespace

std::string dump(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kName:
      return static_cast<const NameExpr&>(expr).id;
    case ExprKind::kConstant:
      return dump_constant(static_cast<const ConstantExpr&>(expr).value);
    case ExprKind::kJoinedStr:
      return dump_fstring(static_cast<const JoinedStrExpr&>(expr));
    case ExprKind::kList:
      return fmt::format(
          "(list{})", join(static_cast<const SequenceExpr&>(expr).elts));
    case ExprKind::kTuple:
      return fmt::format(
          "(tuple{})", join(static_cast<const SequenceExpr&>(expr).elts));
    case ExprKind::kSet:
      return fmt::format(
          "(set{})", join(static_cast<const SequenceExpr&>(expr).elts));
    case ExprKind::kDict:
      return dump_dict(static_cast<const DictExpr&>(expr));
    case ExprKind::kComprehension:
      return dump_comprehension(static_cast<const ComprehensionExpr&>(expr));
    case ExprKind::kUnary: {
      const auto& e = static_cast<const UnaryExpr&>(expr);
      static constexpr const char* kOps[] = {"-", "+", "~", "not"};
      return fmt::format(
          "({} {})", kOps[static_cast<int>(e.op)], dump(*e.operand));
    }
    case ExprKind::kBinary: {
      const auto& e = static_cast<const BinaryExpr&>(expr);
      return fmt::format(
          "({} {} {})", op_symbol(e.op), dump(*e.left), dump(*e.right));
    }
    case ExprKind::kBoolOp: {
      const auto& e = static_cast<const BoolOpExpr&>(expr);
      return fmt::format("({}{})", e.is_and ? "and" : "or", join(e.values));
    }
    case ExprKind::kCompare:
      return dump_compare(static_cast<const CompareExpr&>(expr));
    case ExprKind::kIfExp: {
      const auto& e = static_cast<const IfExpExpr&>(expr);
      return fmt::format(
          "(if {} {} {})", dump(*e.test), dump(*e.body), dump(*e.orelse));
    }
    case ExprKind::kLambda: {
      const auto& code = *static_cast<const LambdaExpr&>(expr).code;
      return fmt::format(
          "(lambda {} {})", dump_params(code), dump(*code.body_expr));
    }
    case ExprKind::kCall:
      return dump_call(static_cast<const CallExpr&>(expr));
    case ExprKind::kAttribute: {
      const auto& e = static_cast<const AttributeExpr&>(expr);
      return fmt::format("(. {} {})", dump(*e.value), e.attr);
    }
    case ExprKind::kSubscript: {
      const auto& e = static_cast<const SubscriptExpr&>(expr);
      return fmt::format("([] {} {})", dump(*e.value), dump(*e.index));
    }
    case ExprKind::kSlice: {
      const auto& e = static_cast<const SliceExpr&>(expr);
      return fmt::format(
          "(slice {} {} {})", opt(e.lower), opt(e.upper), opt(e.step));
    }
    case ExprKind::kStarred:
      return fmt::format(
          "(* {})", dump(*static_cast<const StarredExpr&>(expr).value));
  }
  return "?";
}

std::string dump(const Stmt& stmt) {
  switch (stmt.kind) {
    case StmtKind::kExpr:
      return fmt::format(
          "(expr {})", dump(*static_cast<const ExprStmt&>(stmt).value));
    case StmtKind::kAssign: {
      const auto& s = static_cast<const AssignStmt&>(stmt);
      if (s.annotation) {
        return fmt::format(
            "(=:{} {} {})", join(s.targets), dump(*s.annotation), opt(s.value));
      }
      return fmt::format("(={} {})", join(s.targets), dump(*s.value));
    }
    case StmtKind::kAugAssign: {
      const auto& s = static_cast<const AugAssignStmt&>(stmt);
      return fmt::format(
          "({}= {} {})", op_symbol(s.op), dump(*s.target), dump(*s.value));
    }
    case StmtKind::kDelete:
      return fmt::format(
          "(del{})", join(static_cast<const DeleteStmt&>(stmt).targets));
    case StmtKind::kPass:
      return "pass";
    case StmtKind::kBreak:
      return "break";
    case StmtKind::kContinue:
      return "continue";
    case StmtKind::kReturn:
      return fmt::format(
          "(return {})", opt(static_cast<const ReturnStmt&>(stmt).value));
    case StmtKind::kIf: {
      const auto& s = static_cast<const IfStmt&>(stmt);
      return fmt::format(
          "(if {} {} {})",
          dump(*s.test),
          dump_body(s.body),
          dump_body(s.orelse));
    }
    case StmtKind::kFor: {
      const auto& s = static_cast<const ForStmt&>(stmt);
      return fmt::format(
          "(for {} {} {} {})",
          dump(*s.target),
          dump(*s.iter),
          dump_body(s.body),
          dump_body(s.orelse));
    }
    case StmtKind::kFunctionDef: {
      const auto& code = *static_cast<const FunctionDefStmt&>(stmt).code;
      return fmt::format(
          "(def {} {} {})", code.name, dump_params(code), dump_body(code.body));
    }
    case StmtKind::kImport:
    case StmtKind::kImportFrom: {
      const auto& s = static_cast<const ImportStmt&>(stmt);
      std::string out =
          s.kind == StmtKind::kImport
              ? "(import"
              : fmt::format(
                    "(from {}{} import",
                    std::string(static_cast<std::size_t>(s.level), '.'),
                    s.module);
      for (const auto& a : s.names) {
        out.append(" ")
            .append(a.name)
            .append(a.asname.empty() ? "" : " as ")
            .append(a.asname);
      }
      return out.append(")");
    }
    case StmtKind::kWith: {
      const auto& s = static_cast<const WithStmt&>(stmt);
      std::string out = "(with";
      for (const auto& item : s.items) {
        out.append(" ").append(dump(*item.context));
        if (item.target) {
          out.append(" as ").append(dump(*item.target));
        }
      }
      return out.append(" ").append(dump_body(s.body)).append(")");
    }
    case StmtKind::kAssert: {
      const auto& s = static_cast<const AssertStmt&>(stmt);
      return fmt::format("(assert {} {})", dump(*s.test), opt(s.msg));
    }
  }
  return "?";
}

std::string dump(const Module& module) {
  std::string out;
  for (const auto& stmt : module.body) {
    out.append(out.empty() ? "" : "\n").append(dump(*stmt));
  }
  return out;
}

}  // namespace mmengine::config::detail
