_base_ = ['./level2.py']
a = dict(from_level1=True, deep=dict(y=20))
where = '{{ fileBasename }}'
