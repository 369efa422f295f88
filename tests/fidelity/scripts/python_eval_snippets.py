"""Runs Python config snippets as MMEngine's Config._file2dict executes a
.py config, and prints what each one leaves behind.

Usage: python_eval_snippets.py <dir or .py file>...

Prints one JSON object, snippet file name -> {"result": <tagged globals>}
or {"error": "<exception type>", "message": "..."}. A snippet whose first
line is `# base: <python expression>` runs with `_base_` bound to a
ConfigDict of that value (also printed, tagged, as "base"), the way
MMEngine binds the merged base configs. Assignments to `_base_` are
removed first (RemoveAssignFromAST), and the globals are filtered like
_file2dict does: pre-bound names, `__*` names, functions and modules go.
Tagged values: see tests/support/tagged_json.h.
"""
import ast
import contextlib
import json
import os
import sys
import types

from mmengine.config import ConfigDict
from mmengine.config.utils import RemoveAssignFromAST
from tagged import to_tagged


def run(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    out = {}
    namespace = {}
    first = text.split('\n', 1)[0]
    if first.startswith('# base:'):
        base = eval(first[len('# base:'):])
        out['base'] = to_tagged(base)
        namespace['_base_'] = ConfigDict(base)
    pre_bound = set(namespace)
    try:
        tree = RemoveAssignFromAST('_base_').visit(ast.parse(text))
        with contextlib.redirect_stdout(sys.stderr):  # print() in snippets
            exec(compile(tree, path, 'exec'), namespace, namespace)
        cfg = {
            k: v
            for k, v in namespace.items()
            if k not in pre_bound and not k.startswith('__') and
            not isinstance(v, (types.FunctionType, types.ModuleType))
        }
        out['result'] = to_tagged(cfg)
    except Exception as e:  # noqa: BLE001 - reported to the test
        out['error'] = type(e).__name__
        out['message'] = str(e)
    return out


def snippet_files(arg):
    if os.path.isdir(arg):
        return [
            os.path.join(arg, name) for name in sorted(os.listdir(arg))
            if name.endswith('.py')
        ]
    return [arg]


results = {}
for arg in sys.argv[1:]:
    for path in snippet_files(arg):
        results[os.path.basename(path)] = run(path)
print(json.dumps(results))
