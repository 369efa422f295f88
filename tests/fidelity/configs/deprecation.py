_deprecation_ = dict(expected='other.py', reference='https://example.invalid')
value = 1
