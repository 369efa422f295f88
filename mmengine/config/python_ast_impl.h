#pragma once

// Syntax tree of the Python subset, shaped like CPython's `ast` module
// (Name, Constant, JoinedStr, BinOp, Call, Assign, For, FunctionDef, ...).
// Nodes carry a byte offset for error messages: their first character, or
// the operator of binary operations, comparisons, calls and subscripts.

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace mmengine::config::detail {

/// Deepest expression tree the parser builds (CPython's compiler stops
/// around 1000; configs stay far below).
inline constexpr int kMaxAstDepth = 400;

/// Kind of an expression node (its concrete struct).
enum class ExprKind : std::uint8_t {
  kName,
  kConstant,
  kJoinedStr,
  kList,
  kTuple,
  kSet,
  kDict,
  kComprehension,
  kUnary,
  kBinary,
  kBoolOp,
  kCompare,
  kIfExp,
  kLambda,
  kCall,
  kAttribute,
  kSubscript,
  kSlice,
  kStarred,
};

enum class UnaryOp : std::uint8_t { kNeg, kPos, kInvert, kNot };

/// Binary and augmented-assignment operators.
enum class BinOp : std::uint8_t {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kFloorDiv,
  kMod,
  kPow,
  kMatMul,
  kLShift,
  kRShift,
  kBitOr,
  kBitXor,
  kBitAnd,
};

/// Comparison operators (chained in CompareExpr).
enum class CmpOp : std::uint8_t {
  kEq,
  kNotEq,
  kLt,
  kLtE,
  kGt,
  kGtE,
  kIn,
  kNotIn,
  kIs,
  kIsNot,
};

/// Python spelling of an operator ("+", "//", "not in", ...).
const char* op_symbol(BinOp op);
const char* op_symbol(CmpOp op);

/// Base of expression nodes; `kind` tells the concrete struct.
struct Expr {
  Expr(ExprKind k, std::uint32_t p) : kind(k), pos(p) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  ExprKind kind;
  std::uint16_t depth = 1;  ///< height of the subtree
  std::uint32_t pos;
};
using ExprPtr = std::unique_ptr<Expr>;

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using StmtList = std::vector<StmtPtr>;

/// A name read or bound (`x`).
struct NameExpr : Expr {
  NameExpr(std::uint32_t p, std::string n)
      : Expr(ExprKind::kName, p), id(std::move(n)) {}
  std::string id;
};

/// Literal value: None, bool, int, float or str.
using ConstValue =
    std::variant<std::monostate, bool, std::int64_t, double, std::string>;

/// A literal (adjacent plain strings already joined).
struct ConstantExpr : Expr {
  ConstantExpr(std::uint32_t p, ConstValue v)
      : Expr(ExprKind::kConstant, p), value(std::move(v)) {}
  ConstValue value;
};

struct JoinedStrExpr;

/// One piece of an f-string: literal text, or a replacement field.
struct FStringPart {
  std::string literal;                  ///< used when `value` is null
  ExprPtr value;                        ///< the field's expression
  char conversion = 0;                  ///< 0, 'r', 's' or 'a'
  std::unique_ptr<JoinedStrExpr> spec;  ///< format spec (may nest fields)
};

/// An f-string (or a format spec with replacement fields).
struct JoinedStrExpr : Expr {
  explicit JoinedStrExpr(std::uint32_t p) : Expr(ExprKind::kJoinedStr, p) {}
  std::vector<FStringPart> parts;
};

/// List, tuple and set displays.
struct SequenceExpr : Expr {
  SequenceExpr(ExprKind k, std::uint32_t p) : Expr(k, p) {}
  std::vector<ExprPtr> elts;
};

/// Dict display; a null key marks `**value`.
struct DictExpr : Expr {
  explicit DictExpr(std::uint32_t p) : Expr(ExprKind::kDict, p) {}
  std::vector<ExprPtr> keys;
  std::vector<ExprPtr> values;
};

/// `for target in iter if cond...` of a comprehension.
struct ComprehensionFor {
  ExprPtr target;
  ExprPtr iter;
  std::vector<ExprPtr> ifs;
};

enum class CompKind : std::uint8_t { kList, kSet, kDict, kGenerator };

/// List, set and dict comprehensions and generator expressions.
struct ComprehensionExpr : Expr {
  ComprehensionExpr(std::uint32_t p, CompKind k)
      : Expr(ExprKind::kComprehension, p), comp(k) {}
  CompKind comp;
  ExprPtr elt;    ///< element, or key of a dict comprehension
  ExprPtr value;  ///< value of a dict comprehension
  std::vector<ComprehensionFor> generators;
};

/// `-x`, `+x`, `~x`, `not x`.
struct UnaryExpr : Expr {
  UnaryExpr(std::uint32_t p, UnaryOp o, ExprPtr e)
      : Expr(ExprKind::kUnary, p), op(o), operand(std::move(e)) {}
  UnaryOp op;
  ExprPtr operand;
};

/// `left op right`; `pos` is the operator's.
struct BinaryExpr : Expr {
  BinaryExpr(std::uint32_t p, BinOp o, ExprPtr l, ExprPtr r)
      : Expr(ExprKind::kBinary, p),
        op(o),
        left(std::move(l)),
        right(std::move(r)) {}
  BinOp op;
  ExprPtr left;
  ExprPtr right;
};

/// `a and b and c` / `a or b` with short-circuit evaluation.
struct BoolOpExpr : Expr {
  BoolOpExpr(std::uint32_t p, bool a) : Expr(ExprKind::kBoolOp, p), is_and(a) {}
  bool is_and;
  std::vector<ExprPtr> values;
};

/// `a < b <= c`: each pair compared, operands evaluated once.
struct CompareExpr : Expr {
  explicit CompareExpr(std::uint32_t p) : Expr(ExprKind::kCompare, p) {}
  ExprPtr left;
  std::vector<CmpOp> ops;
  std::vector<ExprPtr> comparators;
};

/// `body if test else orelse`.
struct IfExpExpr : Expr {
  explicit IfExpExpr(std::uint32_t p) : Expr(ExprKind::kIfExp, p) {}
  ExprPtr test;
  ExprPtr body;
  ExprPtr orelse;
};

enum class ParamKind : std::uint8_t { kNormal, kVarArgs, kKwOnly, kVarKw };

/// A parameter of a def or lambda.
struct Param {
  std::string name;
  ParamKind kind = ParamKind::kNormal;
  ExprPtr default_value;  ///< may be null
  std::uint32_t pos = 0;
};

/// Code shared by `def` and `lambda`: parameters, body and the names the
/// body binds (its locals, computed by the parser as CPython's symtable).
struct FunctionCode {
  std::string name;  ///< "<lambda>" for lambdas
  std::uint32_t pos = 0;
  std::vector<Param> params;
  StmtList body;      ///< def
  ExprPtr body_expr;  ///< lambda
  std::vector<std::string> locals;
};

/// `lambda params: body`.
struct LambdaExpr : Expr {
  explicit LambdaExpr(std::uint32_t p) : Expr(ExprKind::kLambda, p) {}
  std::unique_ptr<FunctionCode> code;
};

enum class ArgKind : std::uint8_t { kPositional, kStar, kKeyword, kDoubleStar };

/// An argument of a call: positional, `*x`, `name=x` or `**x`.
struct Argument {
  ArgKind kind = ArgKind::kPositional;
  std::string name;  ///< keyword name
  ExprPtr value;
};

/// `func(args...)`; `pos` is the callee's.
struct CallExpr : Expr {
  explicit CallExpr(std::uint32_t p) : Expr(ExprKind::kCall, p) {}
  ExprPtr func;
  std::vector<Argument> args;
};

/// `value.attr`; `pos` is the attribute name's.
struct AttributeExpr : Expr {
  AttributeExpr(std::uint32_t p, ExprPtr v, std::string a)
      : Expr(ExprKind::kAttribute, p),
        value(std::move(v)),
        attr(std::move(a)) {}
  ExprPtr value;
  std::string attr;
};

/// `value[index]`; `pos` is the bracket's.
struct SubscriptExpr : Expr {
  SubscriptExpr(std::uint32_t p, ExprPtr v, ExprPtr i)
      : Expr(ExprKind::kSubscript, p),
        value(std::move(v)),
        index(std::move(i)) {}
  ExprPtr value;
  ExprPtr index;
};

/// `lower:upper:step` inside a subscript; parts may be null.
struct SliceExpr : Expr {
  explicit SliceExpr(std::uint32_t p) : Expr(ExprKind::kSlice, p) {}
  ExprPtr lower;
  ExprPtr upper;
  ExprPtr step;
};

/// `*value` in displays, calls and assignment targets.
struct StarredExpr : Expr {
  StarredExpr(std::uint32_t p, ExprPtr v)
      : Expr(ExprKind::kStarred, p), value(std::move(v)) {}
  ExprPtr value;
};

// ---- statements ------------------------------------------------------------

/// Kind of a statement node (its concrete struct).
enum class StmtKind : std::uint8_t {
  kExpr,
  kAssign,
  kAugAssign,
  kDelete,
  kPass,
  kBreak,
  kContinue,
  kReturn,
  kIf,
  kFor,
  kFunctionDef,
  kImport,
  kImportFrom,
  kAssert,
  kWith,
};

/// Base of statement nodes; pass, break and continue are plain Stmts.
struct Stmt {
  Stmt(StmtKind k, std::uint32_t p) : kind(k), pos(p) {}
  virtual ~Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  StmtKind kind;
  std::uint32_t pos;
};

/// An expression evaluated for its effect (docstrings, calls).
struct ExprStmt : Stmt {
  ExprStmt(std::uint32_t p, ExprPtr v)
      : Stmt(StmtKind::kExpr, p), value(std::move(v)) {}
  ExprPtr value;
};

/// `t1 = t2 = value`, or `target: annotation [= value]` (one target; the
/// value may be null).
struct AssignStmt : Stmt {
  explicit AssignStmt(std::uint32_t p) : Stmt(StmtKind::kAssign, p) {}
  std::vector<ExprPtr> targets;
  ExprPtr value;
  ExprPtr annotation;  ///< parsed, never evaluated
};

/// `target op= value`.
struct AugAssignStmt : Stmt {
  explicit AugAssignStmt(std::uint32_t p) : Stmt(StmtKind::kAugAssign, p) {}
  ExprPtr target;
  BinOp op = BinOp::kAdd;
  ExprPtr value;
};

/// `del t1, t2`.
struct DeleteStmt : Stmt {
  explicit DeleteStmt(std::uint32_t p) : Stmt(StmtKind::kDelete, p) {}
  std::vector<ExprPtr> targets;
};

/// `return [value]`.
struct ReturnStmt : Stmt {
  ReturnStmt(std::uint32_t p, ExprPtr v)
      : Stmt(StmtKind::kReturn, p), value(std::move(v)) {}
  ExprPtr value;  ///< may be null
};

/// `if`/`elif`/`else` (elif nests an IfStmt in orelse).
struct IfStmt : Stmt {
  explicit IfStmt(std::uint32_t p) : Stmt(StmtKind::kIf, p) {}
  ExprPtr test;
  StmtList body;
  StmtList orelse;
};

/// `for target in iter: body else: orelse`.
struct ForStmt : Stmt {
  explicit ForStmt(std::uint32_t p) : Stmt(StmtKind::kFor, p) {}
  ExprPtr target;
  ExprPtr iter;
  StmtList body;
  StmtList orelse;
};

/// `def name(params): body`.
struct FunctionDefStmt : Stmt {
  explicit FunctionDefStmt(std::uint32_t p) : Stmt(StmtKind::kFunctionDef, p) {}
  std::unique_ptr<FunctionCode> code;
};

/// `name as asname` in an import; `asname` empty when absent.
struct ImportAlias {
  std::string name;
  std::string asname;
  std::uint32_t pos = 0;
};

/// `import a.b as c` (module empty) or `from module import x as y`.
struct ImportStmt : Stmt {
  ImportStmt(StmtKind k, std::uint32_t p) : Stmt(k, p) {}
  std::string module;
  int level = 0;  ///< leading dots of a relative `from` import
  std::vector<ImportAlias> names;
};

/// `assert test[, msg]`.
struct AssertStmt : Stmt {
  explicit AssertStmt(std::uint32_t p) : Stmt(StmtKind::kAssert, p) {}
  ExprPtr test;
  ExprPtr msg;  ///< may be null
};

/// `context [as target]` of a with statement.
struct WithItem {
  ExprPtr context;
  ExprPtr target;  ///< may be null
};

/// `with a as x, b: body`. Lazy-import configs open with
/// `with read_base():`; the evaluator runs no other with statement.
struct WithStmt : Stmt {
  explicit WithStmt(std::uint32_t p) : Stmt(StmtKind::kWith, p) {}
  std::vector<WithItem> items;
  StmtList body;
};

/// A parsed file.
struct Module {
  StmtList body;
};

}  // namespace mmengine::config::detail
