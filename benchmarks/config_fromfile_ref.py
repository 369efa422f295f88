"""Times MMEngine 0.10.4's Config.fromfile on a config; prints seconds/load."""
import sys
import time
import warnings

import mmengine.config.utils as mmengine_config_utils
from mmengine.config import Config

warnings.simplefilter('ignore')
mmengine_config_utils.PYTHON_ROOT_DIR = sys.base_prefix
path, repeat = sys.argv[1], int(sys.argv[2])
Config.fromfile(path)  # warm-up (imports, caches)
start = time.perf_counter()
for _ in range(repeat):
    cfg = Config.fromfile(path)
elapsed = (time.perf_counter() - start) / repeat
print(f'{elapsed:.9f} {len(cfg.to_dict())}')
