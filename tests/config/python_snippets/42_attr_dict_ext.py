# base: dict(cfg=dict(a=1, nested=dict(b=2)))
c = _base_.cfg
x = c.a + c.nested.b
c.nested.b = 5
c['new'] = dict(k=1)
y = c.new.k
c.copy_of = c.copy()
z = isinstance(c, dict), type(c.nested) == dict if False else True
