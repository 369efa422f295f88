# Shapes that exercise the yapf layout of `pretty_text` (the other cases
# cover the common ones): long strings, deep nesting, long number lists,
# mapping-style dicts, empty containers and unicode.
long_string = 'a/very/long/path/' * 8
long_string_in_dict = dict(
    type='LoadAnnotations', ann_file='data/coco/annotations/' * 5, flag=True)
long_string_first = dict(ann='x' * 90, b=1)
long_unicode = '中文字符串' * 20
short_unicode = dict(name='héllo wörld 中文', tag='ünï')
deep = dict(
    level1=dict(
        level2=dict(
            level3=dict(
                level4=dict(
                    level5=dict(
                        level6=dict(value=1, other='deep_value_string')))))))
deep_long_keys = dict(
    a_rather_long_key_name=dict(
        another_rather_long_key_name=dict(
            yet_another_long_key_name_here=dict(
                final_key_name_that_is_long=[1, 2, 3],
                second='abcdefghijklmnop'))))
numbers = [i * 0.125 for i in range(40)]
ints = tuple(range(30))
mean_std = dict(mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375])
mapping_small = {'1x': 2, 'y-z': 3}
mapping_large = {
    'backbone.layer1': dict(lr_mult=0.1, decay_mult=1.0),
    'backbone.layer2': dict(lr_mult=0.2),
    'head-1': 'a string value that is fairly long',
    'neck': [1, 2, 3],
}
mapping_nested = dict(paramwise=dict(custom_keys={'.bias': dict(decay=0.0)}))
int_keys = dict(classes={0: 'person', 1: 'bicycle', 2: 'car', 80: 'x' * 70})
empties = dict(a=[], b=(), c=dict(), d=[[], ()], e=dict(f=dict()))
one_tuple = (3, )
one_list = [3]
tuple_of_lists = ([1, 2], [3, 4])
list_of_tuples = [(1333, 800), (1333, 768), (1333, 736), (1333, 704)]
scalars = dict(neg=-1, negf=-0.5, inf=float('inf'), ninf=-float('inf'),
               nan=float('nan'), none=None, yes=True, big=2**62)
quotes = ["it's", 'say "hi"', 'both \' and "', 'back\\slash', 'tab\t']
wide_dict = dict(
    alpha=1, beta=2, gamma=3, delta=4, epsilon=5, zeta=6, eta=7, theta=8,
    iota=9, kappa=10, lambda_=11, mu=12, nu=13, xi=14, omicron=15, pi=16)
first_arg_call = dict(
    inner=dict(type='Conv2d', in_channels=256, out_channels=256, k=3),
    stride=1)
pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResize', scale=(1333, 800), ratio_range=(0.1, 2.0),
         keep_ratio=True),
    dict(type='PackDetInputs', meta_keys=('img_id', 'img_path', 'ori_shape',
                                          'img_shape', 'scale_factor')),
]
