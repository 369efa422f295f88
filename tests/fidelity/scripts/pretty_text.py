"""Prints MMEngine 0.10.4's `Config.fromfile(f).pretty_text` (yapf
formatted) for each config file argument, as one JSON object:
path -> {"result": "<text>"} or {"error": "<exception type>"}. With --raw,
also "raw": the text before yapf (format_python_code=False).
"""
import json
import os
import sys
import warnings

# MMEngine logs to stdout: keep the real stdout for the JSON only.
real_stdout = os.fdopen(os.dup(1), 'w')
os.dup2(2, 1)

import mmengine.config.utils as mmengine_config_utils  # noqa: E402
from mmengine.config import Config  # noqa: E402

warnings.simplefilter('ignore')
# As config_fromfile.py: judge `import copy` as an installation outside a
# venv does, so such configs are not taken for lazy-import ones.
mmengine_config_utils.PYTHON_ROOT_DIR = sys.base_prefix
raw = '--raw' in sys.argv
out = {}
for path in [a for a in sys.argv[1:] if not a.startswith('--')]:
    try:
        cfg = Config.fromfile(path)
        out[path] = {'result': cfg.pretty_text}
        if raw:
            out[path]['raw'] = Config(
                cfg.to_dict(), format_python_code=False).pretty_text
    except Exception as e:  # the test compares the kind
        out[path] = {'error': type(e).__name__}
real_stdout.write(json.dumps(out))
real_stdout.flush()
