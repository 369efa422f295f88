"""Harness self-test: echoes its arguments and an environment variable."""
import json
import os
import sys

if len(sys.argv) > 1 and sys.argv[1] == '--fail':
    sys.stderr.write('failing on purpose\n')
    sys.exit(3)
if len(sys.argv) > 1 and sys.argv[1] == '--garbage':
    print('this is not json')
    sys.exit(0)
print(json.dumps({'args': sys.argv[1:],
                  'env': os.environ.get('MMENGINE_HARNESS_PROBE')}))
