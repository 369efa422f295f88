"""Loads config files with MMEngine 0.10.4's Config.fromfile.

Prints one JSON object: path -> {"result": <tagged dict>} or
{"error": "<exception type>", "message": "..."}, for each path argument.
With --pretty, the result is pretty_text instead (yapf formatted); with
--json, "json" also holds json.dumps(cfg.to_dict()).
"""
import json
import os
import sys
import warnings

# MMEngine logs to stdout: keep the real stdout for the JSON only.
real_stdout = os.fdopen(os.dup(1), 'w')
os.dup2(2, 1)

import mmengine.config.utils as mmengine_config_utils
from mmengine.config import Config
from tagged import to_tagged

warnings.simplefilter('ignore')
# MMEngine decides whether `import copy` makes a config "lazy" by comparing
# the module's path with the interpreter's prefix; inside a venv the
# standard library lies outside it and every such config turns lazy. Judge
# as an installation outside a venv does.
mmengine_config_utils.PYTHON_ROOT_DIR = sys.base_prefix
pretty = '--pretty' in sys.argv
with_json = '--json' in sys.argv
out = {}
for path in [a for a in sys.argv[1:] if not a.startswith('--')]:
    try:
        cfg = Config.fromfile(path)
        out[path] = {'result': cfg.pretty_text if pretty
                     else to_tagged(cfg.to_dict())}
        if with_json:
            out[path]['json'] = json.dumps(cfg.to_dict())
    except Exception as e:  # the test compares the kind
        out[path] = {'error': type(e).__name__, 'message': str(e)[:500]}
real_stdout.write(json.dumps(out))
real_stdout.flush()
