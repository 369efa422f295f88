#include "mmengine/config/python_parser_impl.h"

#include <gtest/gtest.h>

#include "mmengine/utils/error.h"

namespace mmengine::config::detail {
namespace {

std::string parse(std::string_view text) {
  const SourceFile src(text, "t.py");
  return dump(parse_module(src));
}

std::string expr(std::string_view text) {
  const SourceFile src(text, "t.py");
  return dump(*parse_expression(src));
}

std::string parse_error(std::string_view text) {
  const SourceFile src(text, "t.py");
  try {
    parse_module(src);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

// First line of the error: "t.py:1:5: SyntaxError: ...".
std::string error_line(std::string_view text) {
  const auto msg = parse_error(text);
  return msg.substr(0, msg.find('\n'));
}

TEST(PythonParserTest, Literals) {
  EXPECT_EQ(expr("None"), "None");
  EXPECT_EQ(expr("True"), "True");
  EXPECT_EQ(expr("0x10"), "16");
  EXPECT_EQ(expr("0o17"), "15");
  EXPECT_EQ(expr("0b101"), "5");
  EXPECT_EQ(expr("1_000"), "1000");
  EXPECT_EQ(expr("1.5"), "1.5f");
  EXPECT_EQ(expr("1e3"), "1000f");
  EXPECT_EQ(expr(".5"), "0.5f");
  EXPECT_EQ(expr("1e400"), "inff");
  EXPECT_EQ(expr("9223372036854775807"), "9223372036854775807");
}

TEST(PythonParserTest, IntegerOverflowIsAnError) {
  EXPECT_EQ(
      error_line("x = 9223372036854775808"),
      "t.py:1:5: SyntaxError: integer literal is too large (config ints are "
      "64-bit)");
}

TEST(PythonParserTest, StringEscapesAndConcatenation) {
  EXPECT_EQ(expr(R"('a\tb' "c" '\x41\101\u00e9\n')"), "'a\tbcAA\xc3\xa9\n'");
  EXPECT_EQ(expr(R"(r'\d+' '\q')"), R"('\d+\q')");
  EXPECT_EQ(expr("'''x\ny'''"), "'x\ny'");
  EXPECT_EQ(expr("'a\\\nb'"), "'ab'");
  EXPECT_EQ(expr(R"(u'x' '\'' "\"")"), R"('x'"')");
}

TEST(PythonParserTest, FStrings) {
  EXPECT_EQ(expr("f'a{x}b'"), "(fstr 'a' {x} 'b')");
  EXPECT_EQ(expr("f'{x!r:>{w}.2f}'"), "(fstr {x !r :(fstr '>' {w} '.2f')})");
  EXPECT_EQ(expr("f'{{x}}'"), "(fstr '{x}')");
  EXPECT_EQ(expr("'p' f'{a}' 'q'"), "(fstr 'p' {a} 'q')");
  EXPECT_EQ(expr("f'{a[\"k\"]}'"), "(fstr {([] a 'k')})");
  EXPECT_EQ(expr("f'{x = }'"), "(fstr 'x = ' {x !r})");
  EXPECT_EQ(expr("f'{a != b}'"), "(fstr {(compare a != b)})");
  EXPECT_EQ(expr("f'{d:%Y}'"), "(fstr {d :(fstr '%Y')})");
  EXPECT_EQ(expr("f'{a, b}'"), "(fstr {(tuple a b)})");
  EXPECT_EQ(expr("rf'\\d{x}'"), "(fstr '\\d' {x})");
}

TEST(PythonParserTest, FStringErrors) {
  EXPECT_EQ(
      error_line("x = f'{}'"),
      "t.py:1:7: SyntaxError: f-string: empty expression not allowed");
  EXPECT_EQ(
      error_line("x = f'{a'"),
      "t.py:1:7: SyntaxError: f-string: expecting '}'");
  EXPECT_EQ(
      error_line("x = f'a}'"),
      "t.py:1:8: SyntaxError: f-string: single '}' is not allowed");
  EXPECT_EQ(
      error_line("x = f'{a!x}'"),
      "t.py:1:9: SyntaxError: f-string: invalid conversion character: "
      "expected 's', 'r', or 'a'");
  EXPECT_EQ(
      error_line("x = f'{a\\n}'"),
      "t.py:1:9: SyntaxError: f-string expression part cannot include a "
      "backslash");
  EXPECT_EQ(
      error_line("x = f'{a +}'"),
      "t.py:1:11: SyntaxError: f-string: invalid syntax");
}

TEST(PythonParserTest, OperatorPrecedence) {
  EXPECT_EQ(expr("a + b * c ** -d"), "(+ a (* b (** c (- d))))");
  EXPECT_EQ(expr("-2 ** 2"), "(- (** 2 2))");
  EXPECT_EQ(expr("2 ** 3 ** 2"), "(** 2 (** 3 2))");
  EXPECT_EQ(expr("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(expr("a // b % c"), "(% (// a b) c)");
  EXPECT_EQ(expr("a | b ^ c & d << 1"), "(| a (^ b (& c (<< d 1))))");
  EXPECT_EQ(expr("not a == b"), "(not (compare a == b))");
  EXPECT_EQ(expr("a or b and not c"), "(or a (and b (not c)))");
  EXPECT_EQ(expr("a or b or c"), "(or a b c)");
}

TEST(PythonParserTest, ChainedComparisons) {
  EXPECT_EQ(expr("a < b <= c"), "(compare a < b <= c)");
  EXPECT_EQ(
      expr("a not in b is not c in d is e"),
      "(compare a not in b is not c in d is e)");
}

TEST(PythonParserTest, ConditionalAndLambda) {
  EXPECT_EQ(expr("a if c else b"), "(if c a b)");
  EXPECT_EQ(expr("a if c else b if d else e"), "(if c a (if d b e))");
  EXPECT_EQ(expr("lambda x, y=1: x + y"), "(lambda (x y=1) (+ x y))");
  EXPECT_EQ(expr("lambda: 0"), "(lambda () 0)");
  EXPECT_EQ(expr("lambda *a, k=2, **kw: a"), "(lambda (*a kw:k=2 **kw) a)");
}

TEST(PythonParserTest, Containers) {
  EXPECT_EQ(expr("()"), "(tuple)");
  EXPECT_EQ(expr("(1,)"), "(tuple 1)");
  EXPECT_EQ(expr("(1)"), "1");
  EXPECT_EQ(expr("1, 2"), "(tuple 1 2)");
  EXPECT_EQ(expr("[1, *a, 2,]"), "(list 1 (* a) 2)");
  EXPECT_EQ(expr("{}"), "(dict)");
  EXPECT_EQ(expr("{1: 'a', 'b': c, **d}"), "(dict 1:'a' 'b':c **d)");
  EXPECT_EQ(expr("{**d}"), "(dict **d)");
  EXPECT_EQ(expr("{1, 2}"), "(set 1 2)");
}

TEST(PythonParserTest, Comprehensions) {
  EXPECT_EQ(expr("[x for x in y]"), "(listcomp x (for x y))");
  EXPECT_EQ(
      expr("[x * y for x in a if x for y in b if y if z]"),
      "(listcomp (* x y) (for x a (if x)) (for y b (if y) (if z)))");
  EXPECT_EQ(expr("{k: v for k, v in d}"), "(dictcomp k v (for (tuple k v) d))");
  EXPECT_EQ(expr("{x for x in y}"), "(setcomp x (for x y))");
  EXPECT_EQ(expr("(x for x in y)"), "(genexp x (for x y))");
  EXPECT_EQ(expr("sum(x for x in y)"), "(call sum (genexp x (for x y)))");
}

TEST(PythonParserTest, CallsAttributesSubscripts) {
  EXPECT_EQ(expr("f(1, *a, k=2, **kw)"), "(call f 1 *a k=2 **kw)");
  EXPECT_EQ(expr("dict(a=1,)"), "(call dict a=1)");
  EXPECT_EQ(expr("_base_.model.backbone"), "(. (. _base_ model) backbone)");
  EXPECT_EQ(expr("a[1][::2]"), "([] ([] a 1) (slice _ _ 2))");
  EXPECT_EQ(expr("a[1:-1]"), "([] a (slice 1 (- 1) _))");
  EXPECT_EQ(expr("a[:, 0]"), "([] a (tuple (slice _ _ _) 0))");
  EXPECT_EQ(expr("'{}'.format(x)"), "(call (. '{}' format) x)");
}

TEST(PythonParserTest, CallArgumentErrors) {
  EXPECT_EQ(
      error_line("f(a=1, 2)"),
      "t.py:1:8: SyntaxError: positional argument follows keyword argument");
  EXPECT_EQ(
      error_line("f(a=1, a=2)"),
      "t.py:1:8: SyntaxError: keyword argument repeated: a");
  EXPECT_EQ(
      error_line("f(**k, *a)"),
      "t.py:1:8: SyntaxError: iterable argument unpacking follows keyword "
      "argument unpacking");
  EXPECT_EQ(
      error_line("f(x for x in y, 1)"),
      "t.py:1:3: SyntaxError: Generator expression must be parenthesized");
}

TEST(PythonParserTest, AssignmentForms) {
  EXPECT_EQ(parse("a = b = 1"), "(= a b 1)");
  EXPECT_EQ(parse("a, b = 1, 2"), "(= (tuple a b) (tuple 1 2))");
  EXPECT_EQ(parse("[a, *b] = c"), "(= (list a (* b)) c)");
  EXPECT_EQ(parse("x.a = 1"), "(= (. x a) 1)");
  EXPECT_EQ(parse("x['a'] += 1"), "(+= ([] x 'a') 1)");
  EXPECT_EQ(parse("x //= 2; y **= 3"), "(//= x 2)\n(**= y 3)");
  EXPECT_EQ(parse("del a, b[0], c.d"), "(del a ([] b 0) (. c d))");
}

TEST(PythonParserTest, AssignmentTargetErrors) {
  EXPECT_EQ(
      error_line("1 = x"),
      "t.py:1:1: SyntaxError: cannot assign to literal here. Maybe you meant "
      "'==' instead of '='?");
  EXPECT_EQ(
      error_line("f() = x"),
      "t.py:1:1: SyntaxError: cannot assign to function call here. Maybe you "
      "meant '==' instead of '='?");
  EXPECT_EQ(
      error_line("None = 1"), "t.py:1:1: SyntaxError: cannot assign to None");
  EXPECT_EQ(
      error_line("a, 1 = x"),
      "t.py:1:4: SyntaxError: cannot assign to literal here. Maybe you meant "
      "'==' instead of '='?");
  EXPECT_EQ(
      error_line("for 1 in x: pass"),
      "t.py:1:5: SyntaxError: cannot assign to literal");
  EXPECT_EQ(
      error_line("a, b += 1"),
      "t.py:1:1: SyntaxError: 'tuple' is an illegal expression for augmented "
      "assignment");
  EXPECT_EQ(
      error_line("del f()"),
      "t.py:1:5: SyntaxError: cannot delete function call");
  EXPECT_EQ(
      error_line("*a = b"),
      "t.py:1:1: SyntaxError: starred assignment target must be in a list or "
      "tuple");
  EXPECT_EQ(
      error_line("*a, *b = c"),
      "t.py:1:1: SyntaxError: multiple starred expressions in assignment");
}

TEST(PythonParserTest, CompoundStatements) {
  EXPECT_EQ(
      parse("if a:\n    x = 1\nelif b:\n    x = 2\nelse:\n    x = 3\n"),
      "(if a ((= x 1)) ((if b ((= x 2)) ((= x 3)))))");
  EXPECT_EQ(
      parse("for i, v in enumerate(a):\n    if v: continue\n    break\nelse:\n "
            "   pass\n"),
      "(for (tuple i v) (call enumerate a) ((if v (continue) ()) break) "
      "(pass))");
  EXPECT_EQ(parse("if a: x = 1; y = 2"), "(if a ((= x 1) (= y 2)) ())");
}

TEST(PythonParserTest, FunctionDefinitions) {
  EXPECT_EQ(
      parse("def f(a, b=2, *args, c, d=4, **kw):\n    return a\n"),
      "(def f (a b=2 *args kw:c kw:d=4 **kw) ((return a)))");
  EXPECT_EQ(parse("def f(*, k):\n    return\n"), "(def f (kw:k) ((return _)))");
}

TEST(PythonParserTest, FunctionLocals) {
  const SourceFile src(
      "def f(a):\n    b = 1\n    for c, *d in a:\n        e += 1\n    "
      "def g(): pass\n    import copy as cp\n    return [h for h in a]\n",
      "t.py");
  const auto m = parse_module(src);
  const auto& code = *static_cast<const FunctionDefStmt&>(*m.body[0]).code;
  EXPECT_EQ(
      code.locals,
      (std::vector<std::string>{"a", "b", "c", "d", "e", "g", "cp"}));
}

TEST(PythonParserTest, DefinitionErrors) {
  EXPECT_EQ(
      error_line("def f(a=1, b): pass"),
      "t.py:1:12: SyntaxError: non-default argument follows default argument");
  EXPECT_EQ(
      error_line("def f(a, a): pass"),
      "t.py:1:10: SyntaxError: duplicate argument 'a' in function definition");
  EXPECT_EQ(
      error_line("def f(*): pass"),
      "t.py:1:7: SyntaxError: named arguments must follow bare *");
  EXPECT_EQ(
      error_line("return 1"),
      "t.py:1:1: SyntaxError: 'return' outside function");
  EXPECT_EQ(error_line("break"), "t.py:1:1: SyntaxError: 'break' outside loop");
  EXPECT_EQ(
      error_line("for x in y:\n    def f():\n        continue\n"),
      "t.py:3:9: SyntaxError: 'continue' outside loop");
}

TEST(PythonParserTest, Imports) {
  EXPECT_EQ(parse("import copy"), "(import copy)");
  EXPECT_EQ(
      parse("import os.path as osp, copy"), "(import os.path as osp copy)");
  EXPECT_EQ(
      parse("from copy import deepcopy as dc, copy"),
      "(from copy import deepcopy as dc copy)");
  EXPECT_EQ(parse("from ..a.b import (c,\n d,)"), "(from ..a.b import c d)");
  EXPECT_EQ(parse("from x import *"), "(from x import *)");
}

TEST(PythonParserTest, AnnotatedAssignments) {
  EXPECT_EQ(parse("x: float = 5e-4"), "(=: x float 0.0005f)");
  EXPECT_EQ(parse("y: List[int]"), "(=: y ([] List int) _)");
  EXPECT_EQ(parse("d['k']: int = 1, 2"), "(=: ([] d 'k') int (tuple 1 2))");
  EXPECT_EQ(
      error_line("a, b: int = 1, 2"),
      "t.py:1:1: SyntaxError: only single target (not tuple) can be annotated");
  EXPECT_EQ(
      error_line("f(): int = 1"),
      "t.py:1:1: SyntaxError: illegal target for annotation");
}

TEST(PythonParserTest, AssertAndExpressionStatements) {
  EXPECT_EQ(parse("assert a, 'msg'"), "(assert a 'msg')");
  EXPECT_EQ(
      parse("'''doc'''\nprint(1)"), "(expr 'doc')\n(expr (call print 1))");
}

TEST(PythonParserTest, WithStatementsParse) {
  // Lazy-import configs open with one; the evaluator decides what runs.
  EXPECT_EQ(
      parse("with read_base():\n    from ..a.b import *\n"),
      "(with (call read_base) ((from ..a.b import *)))");
  EXPECT_EQ(parse("with a as x, b:\n    pass\n"), "(with a as x b (pass))");
}

TEST(PythonParserTest, UnsupportedStatementsAreNamed) {
  EXPECT_EQ(
      error_line("while True:\n    pass\n"),
      "t.py:1:1: ConfigError: 'while' loops are not supported in config files");
  EXPECT_EQ(
      error_line("x = 1\nclass A:\n    pass\n"),
      "t.py:2:1: ConfigError: class definitions are not supported in config "
      "files");
  EXPECT_EQ(
      error_line("try:\n    pass\nexcept:\n    pass\n"),
      "t.py:1:1: ConfigError: 'try' statements are not supported in config "
      "files");
  EXPECT_EQ(
      error_line("global x"),
      "t.py:1:1: ConfigError: 'global' statements are not supported in config "
      "files");
  EXPECT_EQ(
      error_line("@dec\ndef f(): pass"),
      "t.py:1:1: ConfigError: decorators are not supported in config files");
  EXPECT_EQ(
      error_line("raise ValueError()"),
      "t.py:1:1: ConfigError: 'raise' statements are not supported in config "
      "files");
  EXPECT_EQ(
      error_line("y = (x := 1)"),
      "t.py:1:8: ConfigError: assignment expressions ':=' are not supported "
      "in config files");
  EXPECT_EQ(
      error_line("x = b'abc'"),
      "t.py:1:5: ConfigError: bytes literals are not supported in config "
      "files");
  EXPECT_EQ(
      error_line("x = ..."),
      "t.py:1:5: ConfigError: Ellipsis literals '...' are not supported in "
      "config files");
}

TEST(PythonParserTest, SyntaxErrorsShowLineAndCaret) {
  EXPECT_EQ(
      parse_error("a = 1\nb = (1 2)\n"),
      "t.py:2:6: SyntaxError: invalid syntax. Perhaps you forgot a comma?\n"
      "    b = (1 2)\n"
      "         ^");
  EXPECT_EQ(
      parse_error("x = 1 +\n"),
      "t.py:1:8: SyntaxError: invalid syntax\n    x = 1 +\n           ^");
  EXPECT_EQ(
      error_line("if x\n    y = 1\n"), "t.py:1:5: SyntaxError: expected ':'");
  EXPECT_EQ(
      error_line("x = a if b"),
      "t.py:1:11: SyntaxError: expected 'else' after 'if' expression");
}

TEST(PythonParserTest, IndentationErrors) {
  EXPECT_EQ(
      parse_error("if x:\ny = 1\n"),
      "t.py:2:1: IndentationError: expected an indented block after 'if' "
      "statement on line 1\n    y = 1\n    ^");
  EXPECT_EQ(
      error_line("x = 1\n    y = 2\n"),
      "t.py:2:5: IndentationError: unexpected indent");
  EXPECT_EQ(
      error_line("def f():\nreturn 1\n"),
      "t.py:2:1: IndentationError: expected an indented block after function "
      "definition on line 1");
}

TEST(PythonParserTest, DeepNestingIsRejectedNotCrashing) {
  EXPECT_NE(
      parse_error("x = " + std::string(100000, '-') + "1")
          .find("too many nested expressions"),
      std::string::npos);
  EXPECT_NE(
      parse_error("x = " + std::string(100000, '~') + "1")
          .find("too many nested expressions"),
      std::string::npos);
  std::string chain = "x = 1";
  for (int i = 0; i < 100000; ++i) {
    chain += "+1";
  }
  EXPECT_NE(
      parse_error(chain).find("expression is too deeply nested"),
      std::string::npos);
  std::string nots = "x = ";
  for (int i = 0; i < 100000; ++i) {
    nots += "not ";
  }
  EXPECT_NE(
      parse_error(nots + "1").find("too many nested expressions"),
      std::string::npos);
  std::string attrs = "x = a";
  for (int i = 0; i < 100000; ++i) {
    attrs += ".b";
  }
  EXPECT_NE(
      parse_error(attrs).find("expression is too deeply nested"),
      std::string::npos);
}

TEST(PythonParserTest, ModerateNestingIsFine) {
  EXPECT_EQ(
      parse("x = " + std::string(150, '[') + std::string(150, ']'))
          .substr(0, 10),
      "(= x (list");
  std::string chain = "x = 1";
  for (int i = 0; i < 300; ++i) {
    chain += "+1";
  }
  EXPECT_NO_THROW(parse(chain));
}

}  // namespace
}  // namespace mmengine::config::detail
