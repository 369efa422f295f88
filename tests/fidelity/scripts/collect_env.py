"""Prints the reference MMEngine's collect_env() and related facts as JSON.

Used by the fidelity harness tests: the keys and values the C++ engine
reports for the same machine must agree where both can know them.
"""
import json
import sys

import mmengine
import torch
from mmengine.utils.dl_utils import collect_env

env = collect_env()
print(json.dumps({
    'mmengine_version': mmengine.__version__,
    'torch_version': torch.__version__,
    'torch_config': torch.__config__.show(),
    'sys.platform': sys.platform,
    'keys': list(env.keys()),
    'cuda_available': bool(env['CUDA available']),
}))
