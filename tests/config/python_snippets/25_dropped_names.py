"""Module docstring is an expression statement."""
import copy
__private = 1
__version__ = '1.0'
_single = 2
def helper():
    return 3
fn = lambda: 4
kept = helper() + fn()
dc = copy.deepcopy
mod = copy
print('printing is a no-op', kept)
