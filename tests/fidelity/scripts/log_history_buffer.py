"""HistoryBuffer statistics from the real MMEngine.

argv[1]: a JSON file with a list of cases {"init": [values, counts] or null,
"updates": [[value, count], ...], "max_length": n, "queries": [[method,
window or null], ...]}. Prints, per case, json.dumps of the query results
(numpy scalars as Python numbers) or ["error", type] per failing query.
"""
import json
import sys

from mmengine.fileio.handlers.json_handler import set_default
from mmengine.logging import HistoryBuffer


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    out = []
    for case in cases:
        if case['init'] is None:
            buf = HistoryBuffer(max_length=case['max_length'])
        else:
            buf = HistoryBuffer(case['init'][0], case['init'][1],
                                max_length=case['max_length'])
        for value, count in case['updates']:
            buf.update(value, count)
        results = []
        for method, window in case['queries']:
            try:
                if window is None:
                    results.append(buf.statistics(method))
                else:
                    results.append(buf.statistics(method, window))
            except Exception as e:  # noqa: BLE001
                results.append(['error', type(e).__name__])
        out.append(json.dumps(results, default=set_default))
    print(json.dumps(out))


if __name__ == '__main__':
    main()
