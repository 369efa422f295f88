"""Feeds MessageHub updates into the real MMEngine LogProcessor and prints
the tags (as json.dumps, i.e. a scalars.json line without step) and lines.

argv[1]: a JSON file with a list of cases, each
  {"processor": {LogProcessor kwargs}, "runner": {iter, epoch, max_iters,
   max_epochs, has_train_loop, dataloader_len: {mode: n}, memory},
   "steps": [["scalar", key, value, count] | ["info", key, value] |
             ["iter", batch_idx, mode] | ["epoch", batch_idx, mode, with_non_scalar]
             | ["runner", field, value]]}
Prints [{"outputs": [{"tag": str, "line": str} | {"error": [type, msg]}],
         "state": message hub state_dict as plain values}].
"""
import json
import sys
import types

import mmengine.runner.log_processor as lp_module
from mmengine.fileio.handlers.json_handler import set_default
from mmengine.logging import MessageHub
from mmengine.runner import LogProcessor


class Loader:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


def make_runner(spec, hub):
    runner = types.SimpleNamespace()
    runner.message_hub = hub
    runner.iter = spec.get('iter', 0)
    runner.epoch = spec.get('epoch', 0)
    runner.max_iters = spec.get('max_iters', 0)
    runner.max_epochs = spec.get('max_epochs', 0)
    runner._train_loop = object() if spec.get('has_train_loop') else None
    lens = spec.get('dataloader_len', {})
    for mode in ('train', 'val', 'test'):
        loop = types.SimpleNamespace(dataloader=Loader(lens.get(mode, 0)))
        setattr(runner, f'{mode}_loop', loop)
    runner.model = types.SimpleNamespace()
    return runner


def buffer_state(buf):
    return {'max_length': buf.max_length,
            '_log_history': buf._log_history.tolist(),
            '_count_history': buf._count_history.tolist()}


def run_case(index, case):
    memory = case['runner'].get('memory')
    lp_module.is_cuda_available = lambda: memory is not None
    LogProcessor._get_max_memory = lambda self, runner: memory
    hub = MessageHub(f'log_processor_case_{index}')
    runner = make_runner(case['runner'], hub)
    outputs = []
    try:
        processor = LogProcessor(**case['processor'])
    except Exception as e:  # noqa: BLE001
        return {'outputs': [{'error': [type(e).__name__, str(e.args[0])
                                       if e.args else '']}]}
    for step in case['steps']:
        kind = step[0]
        try:
            if kind == 'scalar':
                hub.update_scalar(step[1], step[2], step[3])
            elif kind == 'info':
                hub.update_info(step[1], step[2])
            elif kind == 'runner':
                setattr(runner, step[1], step[2])
            elif kind == 'iter':
                tag, line = processor.get_log_after_iter(
                    runner, step[1], step[2])
                outputs.append({'tag': json.dumps(tag, default=set_default),
                                'line': line})
            elif kind == 'epoch':
                tag, line = processor.get_log_after_epoch(
                    runner, step[1], step[2], with_non_scalar=step[3])
                outputs.append({'tag': json.dumps(tag, default=set_default),
                                'line': line})
        except Exception as e:  # noqa: BLE001
            outputs.append({'error': [type(e).__name__,
                                      str(e.args[0]) if e.args else '']})
    state = hub.state_dict()
    plain = {'log_scalars': {k: buffer_state(v)
                             for k, v in state['log_scalars'].items()},
             'runtime_info': dict(state['runtime_info']),
             'resumed_keys': dict(state['resumed_keys'])}
    return {'outputs': outputs, 'state': json.dumps(plain)}


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    print(json.dumps([run_case(i, case) for i, case in enumerate(cases)]))


if __name__ == '__main__':
    main()
