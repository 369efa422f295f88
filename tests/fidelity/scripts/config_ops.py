"""Runs MMEngine 0.10.4's config operations on cases read from a JSON file.

Each case is {"op": ..., ...}; the output is one JSON list with, per case,
the tagged inputs and either {"result": ...} or {"error": "<exception type>"}.
  merge:       a, b (Python literals), allow_list_keys -> Config._merge_a_into_b
  pretty:      cfg (Python literal) -> pretty_text with format_python_code=False
  dict_action: tokens -> DictAction over --cfg-options
  merge_from_dict: cfg (literal), tokens -> Config.merge_from_dict(DictAction)
"""
import argparse
import json
import sys

from mmengine.config import Config, DictAction
from tagged import to_tagged


def plain(v):
    if isinstance(v, dict):
        return {k: plain(e) for k, e in v.items()}
    if isinstance(v, list):
        return [plain(e) for e in v]
    if isinstance(v, tuple):
        return tuple(plain(e) for e in v)
    return v


def parse_tokens(tokens):
    parser = argparse.ArgumentParser()
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(['--cfg-options', *tokens]).cfg_options


def literal(text):
    # Test cases are trusted literals; dict(...) needs more than literal_eval.
    return eval(text, {'__builtins__': {}}, {'dict': dict, 'float': float})


def run(case, out):
    op = case['op']
    if op == 'merge':
        a, b = literal(case['a']), literal(case['b'])
        out['a'], out['b'] = to_tagged(a), to_tagged(b)
        out['result'] = to_tagged(plain(Config._merge_a_into_b(
            a, b, allow_list_keys=case.get('allow_list_keys', False))))
    elif op == 'pretty':
        cfg = literal(case['cfg'])
        out['cfg'] = to_tagged(cfg)
        out['result'] = Config(cfg, format_python_code=False).pretty_text
    elif op == 'dict_action':
        out['result'] = to_tagged(parse_tokens(case['tokens']))
    elif op == 'merge_from_dict':
        cfg = literal(case['cfg'])
        out['cfg'] = to_tagged(cfg)
        c = Config(cfg)
        c.merge_from_dict(parse_tokens(case['tokens']))
        out['result'] = to_tagged(plain(c.to_dict()))
    else:
        raise ValueError(op)
    return out


results = []
with open(sys.argv[1]) as f:
    cases = json.load(f)
for case in cases:
    out = {}
    try:
        run(case, out)
    except Exception as e:  # the kind is what the test compares
        out['error'] = type(e).__name__
    results.append(out)
print(json.dumps(results))
