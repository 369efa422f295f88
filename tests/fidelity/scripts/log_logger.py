"""Runs MMLogger with a file handler and the console captured; prints what
each handler wrote.

argv[1]: JSON list of runs {"logger_name", "log_level", "records":
[[level name | "set_level", msg], ...]}; argv[2]: a directory for the files.
"""
import io
import json
import logging
import os
import sys

real_stdout = sys.stdout
captured = io.StringIO()
sys.stdout = captured  # MMLogger's console handler binds sys.stdout

from mmengine.logging import MMLogger  # noqa: E402


def main():
    runs = json.loads(sys.argv[1])
    out = []
    for i, run in enumerate(runs):
        path = os.path.join(sys.argv[2], f'run{i}.log')
        logger = MMLogger.get_instance(
            f'fidelity_{i}', logger_name=run['logger_name'], log_file=path,
            log_level=run['log_level'])
        for level, msg in run['records']:
            if level == 'set_level':
                logger.setLevel(msg)
            else:
                logger.log(logging._nameToLevel[level], msg)
        console = captured.getvalue()
        captured.truncate(0)
        captured.seek(0)
        with open(path) as f:
            out.append({'console': console, 'file': f.read()})
    real_stdout.write(json.dumps(out) + '\n')


if __name__ == '__main__':
    main()
