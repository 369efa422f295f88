a = dict(from_level3=True, shared=3, deep=dict(x=1, y=2))
lst = [1, 2, 3]
name = 'level3:{{ fileBasenameNoExtension }}'
