"""Loads or dumps config snippets with MMEngine's own file handlers.

Usage:
  config_io_reference.py load <cases.json>   cases: [{"format", "text"}]
  config_io_reference.py dump <cases.json>   cases: [{"format", "value",
                                                      "kwargs"?}]

`load` prints, per case, {"ok": <tagged value>} or {"error": <type name>};
`dump` prints the text MMEngine writes for each tagged value (kwargs go to
the handler's dump_to_str, e.g. {"indent": 4}). Tagged values
keep Python types apart: {"t": "int", "v": "10"}, {"t": "tuple", "v": [...]},
{"t": "dict", "v": [[key, value], ...]}; floats carry repr() text.
"""
import io
import json
import sys

from mmengine.fileio.handlers import JsonHandler, YamlHandler

HANDLERS = {'json': JsonHandler(), 'yaml': YamlHandler()}


def tag(obj):
    if obj is None:
        return {'t': 'none'}
    if isinstance(obj, bool):
        return {'t': 'bool', 'v': obj}
    if isinstance(obj, int):
        return {'t': 'int', 'v': str(obj)}
    if isinstance(obj, float):
        return {'t': 'float', 'v': repr(obj)}
    if isinstance(obj, str):
        return {'t': 'str', 'v': obj}
    if isinstance(obj, (list, tuple)):
        kind = 'list' if isinstance(obj, list) else 'tuple'
        return {'t': kind, 'v': [tag(x) for x in obj]}
    if isinstance(obj, dict):
        return {'t': 'dict', 'v': [[tag(k), tag(v)] for k, v in obj.items()]}
    return {'t': type(obj).__name__, 'v': repr(obj)}


def untag(node):
    t, v = node['t'], node.get('v')
    if t == 'none':
        return None
    if t in ('bool', 'str'):
        return v
    if t == 'int':
        return int(v)
    if t == 'float':
        return float(v)
    if t == 'list':
        return [untag(x) for x in v]
    if t == 'tuple':
        return tuple(untag(x) for x in v)
    if t == 'dict':
        return {untag(k): untag(x) for k, x in v}
    raise ValueError(f'unknown tag {t}')


def load(case):
    try:
        handler = HANDLERS[case['format']]
        return {'ok': tag(handler.load_from_fileobj(io.StringIO(case['text'])))}
    except Exception as e:  # noqa: BLE001 - the type is the answer
        return {'error': type(e).__name__, 'message': str(e)}


def dump(case):
    handler = HANDLERS[case['format']]
    return handler.dump_to_str(untag(case['value']), **case.get('kwargs', {}))


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path, encoding='utf-8') as f:
        cases = json.load(f)
    run = load if mode == 'load' else dump
    print(json.dumps([run(case) for case in cases]))


if __name__ == '__main__':
    main()
