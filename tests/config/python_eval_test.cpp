#include "mmengine/config/python_eval.h"

#include <gtest/gtest.h>

#include "mmengine/utils/error.h"

namespace mmengine::config {
namespace {

PythonEvalResult run(
    std::string_view text, const PythonEvalOptions& options = {}) {
  return evaluate_python_config(text, "cfg.py", options);
}

// repr() of the globals a config leaves behind.
std::string globals(
    std::string_view text, const PythonEvalOptions& options = {}) {
  return run(text, options).globals.repr();
}

// repr() of the globals without the pre-defined `_base_`.
std::string own_globals(
    std::string_view text, const PythonEvalOptions& options) {
  auto g = run(text, options).globals;
  g.erase("_base_");
  return g.repr();
}

std::string error(
    std::string_view text, const PythonEvalOptions& options = {}) {
  try {
    run(text, options);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

// First line of the error message.
std::string error_line(
    std::string_view text, const PythonEvalOptions& options = {}) {
  const auto msg = error(text, options);
  return msg.substr(0, msg.find('\n'));
}

PythonEvalOptions with_base(Value base) {
  PythonEvalOptions options;
  options.predefined = Value::dict({{"_base_", std::move(base)}});
  return options;
}

TEST(PythonEvalTest, GlobalsKeepFirstBindingOrder) {
  EXPECT_EQ(globals("b = 1\na = 2\nb = 3\n"), "{'b': 3, 'a': 2}");
}

TEST(PythonEvalTest, DelThenRebindMovesANameLast) {
  EXPECT_EQ(globals("a = 1\nb = 2\ndel a\na = 3\n"), "{'b': 2, 'a': 3}");
}

TEST(PythonEvalTest, DropsWhatMMEngineDrops) {
  EXPECT_EQ(
      globals("import copy\n__x = 1\n_y = 2\ndef f(): pass\ng = lambda: 0\n"
              "dc = copy.deepcopy\nz = 3\n"),
      "{'_y': 2, 'z': 3}");
}

TEST(PythonEvalTest, AnnotationsAreParsedNotEvaluated) {
  EXPECT_EQ(
      globals("lr: float = 5e-4\nname: str\nsteps: List[int] = [1, 2]\n"),
      "{'lr': 0.0005, 'steps': [1, 2]}");
  const auto options = with_base(Value::dict({{"a", 1}}));
  EXPECT_EQ(
      globals("_base_: list = ['x.py']\n", options), "{'_base_': ['x.py']}");
}

TEST(PythonEvalTest, ValuesKeepTheirPythonTypes) {
  const auto g =
      run("a = (1,)\nb = [1.0, 2]\nc = {1: 'x', 'k': None}\nd = True\n")
          .globals;
  EXPECT_TRUE(g["a"].is_tuple());
  EXPECT_TRUE(g["b"].is_list());
  EXPECT_TRUE(g["b"][0].is_float());
  EXPECT_TRUE(g["b"][1].is_int());
  EXPECT_EQ(g["c"][1].as<std::string>(), "x");
  EXPECT_TRUE(g["c"]["k"].is_none());
  EXPECT_TRUE(g["d"].is_bool());
}

TEST(PythonEvalTest, BaseIsReadByAttributeAndItem) {
  const auto options = with_base(Value::dict(
      {{"model",
        Value::dict({{"depth", 50}, {"stages", Value::tuple({1, 2})}})}}));
  EXPECT_EQ(
      globals(
          "d = _base_.model.depth + 1\ns = _base_['model']['stages']\n",
          options),
      "{'_base_': {'model': {'depth': 50, 'stages': (1, 2)}}, 'd': 51, 's': "
      "(1, 2)}");
}

TEST(PythonEvalTest, BaseAssignmentsAreSkipped) {
  const auto options = with_base(Value::dict({{"a", 1}}));
  EXPECT_EQ(
      globals("_base_ = ['./base.py']\nx = _base_.a\n", options),
      "{'_base_': {'a': 1}, 'x': 1}");
  auto keep = options;
  keep.skip_assignments_to.clear();
  EXPECT_EQ(
      globals("_base_ = ['./base.py']\n", keep), "{'_base_': ['./base.py']}");
}

TEST(PythonEvalTest, AssignedListsNamesTheFileBinds) {
  const auto options = with_base(Value::dict({{"m", Value::dict({{"a", 1}})}}));
  const auto result =
      run("_base_.m.a = 2\nx = 1\nfor i in range(2): pass\ndef f(): pass\n"
          "import copy\nx += 1\n",
          options);
  EXPECT_EQ(result.assigned, (std::vector<std::string>{"x", "i", "f", "copy"}));
  EXPECT_EQ(result.globals["_base_"]["m"]["a"].as<int>(), 2);
}

TEST(PythonEvalTest, ConfigDictUpdateMergesNestedDicts) {
  const auto options = with_base(Value::dict(
      {{"model",
        Value::dict(
            {{"backbone", Value::dict({{"depth", 50}, {"norm", "BN"}})}})}}));
  EXPECT_EQ(
      own_globals(
          "m = _base_.model\nm.update(backbone=dict(depth=101))\n"
          "p = dict(b=dict(x=1, y=2))\np.update(b=dict(x=3))\n",
          options),
      "{'m': {'backbone': {'depth': 101, 'norm': 'BN'}}, 'p': {'b': {'x': "
      "3}}}");
}

TEST(PythonEvalTest, ConfigDictPopDefaultsToNone) {
  const auto options = with_base(Value::dict({{"c", Value::dict({{"a", 1}})}}));
  EXPECT_EQ(own_globals("x = _base_.c.pop('zz')\n", options), "{'x': None}");
  EXPECT_EQ(
      error_line("x = dict(a=1).pop('zz')\n"), "cfg.py:1:15: KeyError: 'zz'");
}

TEST(PythonEvalTest, ConfigDictCopiesDictsAssignedIntoIt) {
  const auto options = with_base(Value::dict({{"c", Value::dict()}}));
  EXPECT_EQ(
      own_globals(
          "d = dict(a=1)\n_base_.c.d = d\nd['a'] = 2\nx = _base_.c.d.a\n",
          options),
      "{'d': {'a': 2}, 'x': 1}");
}

TEST(PythonEvalTest, ConfigDictMethodNamesAreReadOnly) {
  const auto options = with_base(Value::dict({{"c", Value::dict()}}));
  EXPECT_EQ(
      error_line("_base_.c.items = 1\n", options),
      "cfg.py:1:1: AttributeError: 'Dict' object attribute 'items' is "
      "read-only");
}

TEST(PythonEvalTest, AttributesReadAndWriteDictKeys) {
  EXPECT_EQ(
      globals("d = dict(a=1)\nd.b = d.a + 1\n"), "{'d': {'a': 1, 'b': 2}}");
  EXPECT_EQ(
      error_line("d = dict(a=1)\nx = d.zz\n"),
      "cfg.py:2:7: AttributeError: 'dict' object has no attribute 'zz'");
  EXPECT_EQ(
      error_line("x = 1\ny = x.real\n"),
      "cfg.py:2:7: AttributeError: 'int' object has no attribute 'real'");
}

TEST(PythonEvalTest, ContainersAreSharedLikePythonObjects) {
  EXPECT_EQ(
      globals("a = [dict(t=1)]\nb = a\nfor s in b: s['t'] = 2\nb.append(3)\nt "
              "= (a,)\ndel b, s\n"),
      "{'a': [{'t': 2}, 3], 't': ([{'t': 2}, 3],)}");
}

TEST(PythonEvalTest, FloorDivisionAndModuloFollowPython) {
  EXPECT_EQ(
      globals("x = (-7 // 2, -7 % 2, 7 // -2, -7.5 // 2, 7.5 % -2, 2 ** -1, 10 "
              "/ 4)\n"),
      "{'x': (-4, 1, -4, -4.0, -0.5, 0.5, 2.5)}");
}

TEST(PythonEvalTest, RoundUsesBankersRoundingOnExactValues) {
  EXPECT_EQ(
      globals("x = (round(0.5), round(1.5), round(2.675, 2), round(1250, -2), "
              "round(-2.5))\n"),
      "{'x': (0, 2, 2.67, 1200, -2)}");
}

TEST(PythonEvalTest, ShortCircuitAndChainedComparisons) {
  EXPECT_EQ(
      globals("a = 0 and undefined\nb = 1 or undefined\nc = 3 < 2 < "
              "undefined\nd = [] or 'x'\n"),
      "{'a': 0, 'b': 1, 'c': False, 'd': 'x'}");
}

TEST(PythonEvalTest, FormattingMatchesPython) {
  EXPECT_EQ(
      globals("x = 3.14159\nw = 8\na = f'{x:.2f}|{x!r:>{w}}|{7:03d}'\nb = "
              "'%5.1f%%' % 99.44\n"
              "c = '{0}-{k}'.format(1, k='v')\n"),
      "{'x': 3.14159, 'w': 8, 'a': '3.14| 3.14159|007', 'b': ' 99.4%', 'c': "
      "'1-v'}");
}

TEST(PythonEvalTest, SortedIsStableWithKeyAndReverse) {
  EXPECT_EQ(
      globals("x = sorted([(1, 'a'), (0, 'b'), (1, 'c')], key=lambda p: p[0], "
              "reverse=True)\n"),
      "{'x': [(1, 'a'), (1, 'c'), (0, 'b')]}");
}

TEST(PythonEvalTest, ComprehensionVariablesDoNotLeakButLoopVariablesDo) {
  EXPECT_EQ(
      globals("x = [i for i in range(3)]\nfor j in range(2): pass\n"),
      "{'x': [0, 1, 2], 'j': 1}");
  EXPECT_EQ(
      error_line("x = [i for i in range(3)]\ny = i\n"),
      "cfg.py:2:5: NameError: name 'i' is not defined");
}

TEST(PythonEvalTest, FunctionsBindArgumentsLikePython) {
  EXPECT_EQ(
      globals(
          "def f(a, b=2, *rest, c=3, **kw):\n    return (a, b, rest, c, kw)\n"
          "x = f(1)\ny = f(1, 5, 6, c=7, d=8)\nz = f(*[1, 2], **dict(c=0))\n"),
      "{'x': (1, 2, (), 3, {}), 'y': (1, 5, (6,), 7, {'d': 8}), 'z': (1, 2, "
      "(), 0, {})}");
}

TEST(PythonEvalTest, CallErrorsNameTheFunction) {
  EXPECT_EQ(
      error_line("def f(a, b):\n    return a\nx = f(1)\n"),
      "cfg.py:3:5: TypeError: f() missing 1 required positional argument: 'b'");
  EXPECT_EQ(
      error_line("def f(a):\n    return a\nx = f(1, 2)\n"),
      "cfg.py:3:5: TypeError: f() takes 1 positional argument but 2 were "
      "given");
  EXPECT_EQ(
      error_line("def f(a):\n    return a\nx = f(b=1)\n"),
      "cfg.py:3:5: TypeError: f() got an unexpected keyword argument 'b'");
  EXPECT_EQ(
      error_line("x = 1\ny = x()\n"),
      "cfg.py:2:5: TypeError: 'int' object is not callable");
}

TEST(PythonEvalTest, ErrorsInsideFunctionsPointIntoTheBody) {
  EXPECT_EQ(
      error("def f(x):\n    return x / 0\ny = f(1)\n"),
      "cfg.py:2:14: ZeroDivisionError: division by zero\n    return x / 0\n    "
      "         ^");
}

TEST(PythonEvalTest, UnboundLocalVariable) {
  EXPECT_EQ(
      error_line("x = 1\ndef f():\n    y = x\n    x = 2\nz = f()\n"),
      "cfg.py:3:9: UnboundLocalError: cannot access local variable 'x' where "
      "it is not "
      "associated with a value");
}

TEST(PythonEvalTest, UnsupportedBuiltinsAreNamed) {
  EXPECT_EQ(
      error_line("x = open('f.txt')\n"),
      "cfg.py:1:5: ConfigError: the builtin 'open' is not supported in config "
      "files");
  EXPECT_EQ(
      globals("x = (format(3.5, '06.2f'), ascii('é'), callable(len))\n"),
      "{'x': ('003.50', \"'\\\\xe9'\", True)}");
}

TEST(PythonEvalTest, NameErrorShowsLineAndCaret) {
  EXPECT_EQ(
      error("a = 1\nb = a + undefined_name\n"),
      "cfg.py:2:9: NameError: name 'undefined_name' is not defined\n"
      "    b = a + undefined_name\n"
      "            ^");
}

TEST(PythonEvalTest, TypeAndKeyAndIndexErrors) {
  EXPECT_EQ(
      error_line("x = 'a' + 1\n"),
      "cfg.py:1:9: TypeError: can only concatenate str (not \"int\") to str");
  EXPECT_EQ(error_line("d = {}\nx = d['k']\n"), "cfg.py:2:6: KeyError: 'k'");
  EXPECT_EQ(
      error_line("x = [1][3]\n"),
      "cfg.py:1:8: IndexError: list index out of range");
  EXPECT_EQ(
      error_line("x = [1] < 'a'\n"),
      "cfg.py:1:9: TypeError: '<' not supported between instances of 'list' "
      "and 'str'");
  EXPECT_EQ(
      error_line("x = {[1]: 2}\n"),
      "cfg.py:1:5: TypeError: unhashable type: 'list'");
  EXPECT_EQ(
      error_line("a, b = [1, 2, 3]\n"),
      "cfg.py:1:1: ValueError: too many values to unpack (expected 2)");
}

TEST(PythonEvalTest, IntegerOverflowIsAnError) {
  EXPECT_EQ(
      error_line("x = 2 ** 64\n"),
      "cfg.py:1:7: OverflowError: integer result does not fit in 64 bits");
}

TEST(PythonEvalTest, CopyModuleOnly) {
  EXPECT_EQ(
      globals("import copy\nfrom copy import deepcopy as dc\na = [[1]]\nb = "
              "dc(a)\nc = copy.copy(a)\n"
              "b[0].append(2)\nc[0].append(3)\n"),
      "{'a': [[1, 3]], 'b': [[1, 2]], 'c': [[1, 3]]}");
  EXPECT_EQ(
      error("import os\n"),
      "cfg.py:1:8: ConfigError: import of module 'os' is not supported in "
      "config files "
      "(only 'copy' can be imported)\n    import os\n           ^");
  EXPECT_EQ(
      error_line("from mmdet.models import ResNet\n"),
      "cfg.py:1:1: ConfigError: 'from mmdet.models import ...' is not "
      "supported in config "
      "files (only 'from copy import ...')");
  EXPECT_EQ(
      error_line("import copy\nx = copy.error\n"),
      "cfg.py:2:10: AttributeError: module 'copy' has no attribute 'error'");
}

TEST(PythonEvalTest, ValuesAConfigCannotHoldAreErrors) {
  EXPECT_EQ(
      error("s = {1, 2}\n"),
      "cfg.py:1:1: ConfigError: config variable 's' holds a set object, which "
      "a config "
      "value cannot hold (None, bool, int, float, str, list, tuple or dict)\n"
      "    s = {1, 2}\n    ^");
  EXPECT_EQ(
      error_line("f = len\n"),
      "cfg.py:1:1: ConfigError: config variable 'f' holds a "
      "builtin_function_or_method "
      "object, which a config value cannot hold (None, bool, int, float, str, "
      "list, tuple "
      "or dict)");
  EXPECT_EQ(
      error_line("d = dict(fn=lambda x: x)\n"),
      "cfg.py:1:1: ConfigError: config variable 'd' holds a function object at "
      "d.fn, which "
      "a config value cannot hold (None, bool, int, float, str, list, tuple or "
      "dict)");
  EXPECT_EQ(
      error_line("a = [1]\na.append(a)\n"),
      "cfg.py:1:1: ConfigError: config variable 'a' contains itself at a[1]");
  EXPECT_EQ(
      error_line("d = {1.5: 'x'}\n"),
      "cfg.py:1:1: ConfigError: config variable 'd' has a dict key 1.5 "
      "(float); config "
      "dict keys must be str or int");
}

TEST(PythonEvalTest, StepLimitStopsRunawayLoops) {
  PythonEvalOptions options;
  options.limits.max_steps = 10000;
  EXPECT_EQ(
      error_line("for i in range(10 ** 9):\n    pass\n", options),
      "cfg.py:2:5: ConfigError: evaluation exceeded the limit of 10000 steps "
      "(a loop or "
      "comprehension runs too long)");
  EXPECT_NE(
      error("x = [i for i in range(10 ** 9)]\n", options)
          .find("limit of 10000 steps"),
      std::string::npos);
}

TEST(PythonEvalTest, SizeLimitStopsHugeRepetitions) {
  EXPECT_EQ(
      error_line("x = 'ab' * 10 ** 7\n"),
      "cfg.py:1:10: ConfigError: result too large: 1000001 items exceed the "
      "limit of 1000000 "
      "for one str, list, tuple or dict");
  EXPECT_NE(
      error("x = [0] * 10 ** 12\n").find("result too large"),
      std::string::npos);
}

TEST(PythonEvalTest, RecursionLimitStopsRunawayCalls) {
  EXPECT_EQ(
      error_line("def f(n):\n    return f(n + 1)\nx = f(0)\n"),
      "cfg.py:2:14: RecursionError: maximum recursion depth exceeded");
  EXPECT_NE(
      error("x = []\nfor i in range(5000):\n    x = [x]\n")
          .find("is nested too deeply"),
      std::string::npos);
}

TEST(PythonEvalTest, ObjectLimitBoundsMemory) {
  PythonEvalOptions options;
  options.limits.max_objects = 100;
  EXPECT_EQ(
      error_line("x = [[i] for i in range(1000)]\n", options),
      "cfg.py:1:6: ConfigError: evaluation created more than 100 lists, dicts "
      "and functions");
}

TEST(PythonEvalTest, GeneratorsAreLazyAndSingleUse) {
  EXPECT_EQ(
      globals(
          "g = (1 / x for x in [1, 0])\nfirst = any(v > 0 for v in [1, 0])\n"
          "n = next(x for x in [5, 6] if x > 5)\nl = [list(g2), list(g2)] if "
          "False else 0\n"
          "del g\n"),
      "{'first': True, 'n': 6, 'l': 0}");
  EXPECT_EQ(
      error_line("g = (x for x in [1, 2])\na = next(g)\nb = list(g)\n"),
      "cfg.py:3:5: ConfigError: resuming a generator after next() is not "
      "supported in "
      "config files");
}

TEST(PythonEvalTest, AssertAndPrint) {
  EXPECT_EQ(globals("print('hi', end='')\nassert 1 < 2\nx = 1\n"), "{'x': 1}");
  EXPECT_EQ(
      error_line("assert 1 > 2, 'too small'\n"),
      "cfg.py:1:1: AssertionError: too small");
}

TEST(PythonEvalTest, UnicodeStringsCountCodePoints) {
  EXPECT_EQ(
      globals(
          "s = 'héllo'\nx = (len(s), s[1], s[::-1], s.upper(), s.find('l'))\n"),
      "{'s': 'héllo', 'x': (5, 'é', 'olléh', 'HÉLLO', 2)}");
}

TEST(PythonEvalTest, SyntaxErrorsAreReportedBeforeAnythingRuns) {
  EXPECT_EQ(
      error_line("x = 1\ny = (\n"),
      "cfg.py:2:5: SyntaxError: '(' was never closed");
  EXPECT_EQ(
      error_line("x = 1\nwhile x:\n    pass\n"),
      "cfg.py:2:1: ConfigError: 'while' loops are not supported in config "
      "files");
}

TEST(PythonEvalTest, ProgramParsesOnceAndEvaluatesMany) {
  const PythonProgram program("_base_ = './a.py'\nx = _base_.n + 1\n", "c.py");
  EXPECT_EQ(program.base_files(), std::vector<std::string>{"./a.py"});
  EXPECT_EQ(
      program.evaluate(with_base(Value::dict({{"n", 1}}))).globals.repr(),
      "{'_base_': {'n': 1}, 'x': 2}");
  EXPECT_EQ(
      program.evaluate(with_base(Value::dict({{"n", 5}}))).globals.repr(),
      "{'_base_': {'n': 5}, 'x': 6}");
}

TEST(PythonEvalTest, BaseDictsConvertBackOnlyWhereChanged) {
  const Value model =
      Value::dict({{"depth", 50}, {"stages", Value::list({1, 2})}, {"f", 0.5}});
  const Value other = Value::dict({{"k", Value::dict({{"v", 1}})}});
  const auto options =
      with_base(Value::dict({{"model", model}, {"other", other}}));
  auto result =
      run("import copy\nm = _base_.model\nm.depth = 101\nk = _base_.other.k\n"
          "s = _base_.model.stages\ns.append(3)\n"
          "c = copy.deepcopy(_base_.other)\nc.k.v = 2\n",
          options);
  EXPECT_EQ(
      result.globals["m"].repr(),
      "{'depth': 101, 'stages': [1, 2, 3], 'f': 0.5}");
  EXPECT_EQ(
      result.globals["_base_"]["model"].repr(), result.globals["m"].repr());
  // Read but unchanged: the very same (copy-on-write shared) value.
  const Value& globals = result.globals;
  EXPECT_TRUE(globals["_base_"]["other"].value().shares_node_with(other));
  EXPECT_EQ(result.globals["c"].repr(), "{'k': {'v': 2}}");
}

TEST(PythonEvalTest, LargeDictsKeepOrderThroughDeletes) {
  std::string kept;
  for (int i = 0; i < 40; ++i) {
    if (i % 3 != 0) {
      kept += (kept.empty() ? "'" : ", '") + std::to_string(i) +
              "': " + (i == 1 ? "-1" : std::to_string(i));
    }
  }
  EXPECT_EQ(
      globals("d = {str(i): i for i in range(40)}\n"
              "for i in range(0, 40, 3): del d[str(i)]\n"
              "d['1'] = -1\nx = [d['38'], d['1'], len(d)]\nk = list(d)[:4]\n"
              "h = 1.0 in {1: 'a', **{str(i): i for i in range(20)}}\n"),
      "{'d': {" + kept +
          "}, 'i': 39, 'x': [38, -1, 26], 'k': ['1', '2', '4', '5'], "
          "'h': True}");
}

TEST(PythonEvalTest, ConfigDictMergeHonoursDelete) {
  const auto options = with_base(Value::dict(
      {{"m",
        Value::dict(
            {{"a", Value::dict({{"x", 1}, {"y", 2}})},
             {"b", 1},
             {"c", Value::dict({{"z", 1}})}})}}));
  EXPECT_EQ(
      own_globals(
          "_base_.m.merge(dict(a=dict(_delete_=True, w=3), b=dict(q=1), "
          "c=dict(_delete_=False, y=2), n=dict(_delete_=True)))\n"
          "r = _base_.m\n",
          options),
      "{'r': {'a': {'w': 3}, 'b': {'q': 1}, 'c': {'z': 1, 'y': 2}, "
      "'n': {}}}");
  EXPECT_EQ(
      error_line("d = dict(a=1)\nd.merge(dict(b=2))\n"),
      "cfg.py:2:3: AttributeError: 'dict' object has no attribute 'merge'");
}

TEST(PythonEvalTest, NameIsTheBuiltinsModules) {
  EXPECT_EQ(
      globals("n = __name__\nif __name__ == '__main__':\n    x = 1\n"),
      "{'n': 'builtins'}");
}

TEST(PythonEvalTest, WithStatementsAreRejected) {
  EXPECT_EQ(
      error_line("x = 1\nwith a:\n    pass\n"),
      "cfg.py:2:1: ConfigError: 'with' statements are not supported in "
      "config files");
}

TEST(PythonEvalTest, PredefinedMustBeADictOfNames) {
  PythonEvalOptions options;
  options.predefined = Value::list();
  EXPECT_THROW(run("x = 1", options), TypeError);
}

TEST(PythonEvalTest, CheckSyntaxOnly) {
  EXPECT_NO_THROW(check_python_syntax("import os\nx = undefined\n", "a.py"));
  EXPECT_THROW(check_python_syntax("x = (\n", "a.py"), ConfigError);
}

TEST(PythonEvalTest, BaseFilesAreReadLikeMMEngine) {
  EXPECT_EQ(
      python_config_base_files(
          "x = 1\n_base_ = ['a.py', 'b.py']\n_base_ = 'c.py'\n", "c.py"),
      (std::vector<std::string>{"a.py", "b.py"}));
  EXPECT_EQ(
      python_config_base_files("_base_ = './a.py'\n", "c.py"),
      (std::vector<std::string>{"./a.py"}));
  EXPECT_EQ(
      python_config_base_files("_base_ = ['a.py'] + ['b' + '.py']\n", "c.py"),
      (std::vector<std::string>{"a.py", "b.py"}));
  EXPECT_TRUE(python_config_base_files("x = 1\n", "c.py").empty());
  try {
    python_config_base_files("_base_ = 3\n", "c.py");
    FAIL() << "expected an error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(
        std::string(e.what()).substr(0, 64),
        "c.py:1:10: ConfigError: _base_ must be a str or a list of str, g");
  }
}

TEST(PythonEvalTest, DictDisplaysAndKeywordArguments) {
  EXPECT_EQ(
      globals("a = dict(x=1)\nb = {**a, 'y': 2, 1: 3}\nc = dict(a, z=0)\n"),
      "{'a': {'x': 1}, 'b': {'x': 1, 'y': 2, 1: 3}, 'c': {'x': 1, 'z': 0}}");
  EXPECT_EQ(
      error_line("x = {**[1]}\n"),
      "cfg.py:1:5: TypeError: 'list' object is not a mapping");
}

TEST(PythonEvalTest, SliceAssignmentAndDeletion) {
  EXPECT_EQ(
      globals("a = list(range(6))\na[1:3] = ['x']\ndel a[::2]\nb = [1, 2, "
              "3]\nb[::2] = [0, 0]\n"),
      "{'a': ['x', 4], 'b': [0, 2, 0]}");
}

TEST(PythonEvalTest, IsinstanceAndType) {
  EXPECT_EQ(
      globals("x = (isinstance(True, int), isinstance(1.0, (int, str)), "
              "type([]) == list, "
              "isinstance(dict(), dict))\n"),
      "{'x': (True, False, True, True)}");
}

TEST(PythonEvalTest, DepthOfNestedCodeIsBoundedNotCrashing) {
  EXPECT_EQ(
      globals(
          "x = " + std::string(150, '(') + "1" + std::string(150, ')') + "\n"),
      "{'x': 1}");
  std::string lambdas = "f = ";
  for (int i = 0; i < 100; ++i) {
    lambdas += "lambda: ";
  }
  EXPECT_EQ(globals(lambdas + "1\ndel f\n"), "{}");
}

}  // namespace
}  // namespace mmengine::config
