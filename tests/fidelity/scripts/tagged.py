"""Tagged JSON for config values (see tests/support/tagged_json.h)."""


def to_tagged(v):
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return {'float': repr(v)}
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        return [to_tagged(e) for e in v]
    if isinstance(v, tuple):
        return {'tuple': [to_tagged(e) for e in v]}
    if isinstance(v, dict):
        return {'dict': [[k, to_tagged(e)] for k, e in v.items()]}
    raise TypeError(f'cannot tag {type(v).__name__}: {v!r}')
