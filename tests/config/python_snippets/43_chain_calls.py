text = '  Faster-RCNN_R50  '
a = text.strip().lower().replace('-', '_').split('_')
b = '_'.join(sorted(set(a)))
c = dict(a=[1, 2, 3]).get('a')[1:]
d = [1, 2, 3][:2] + list(range(3))[1:]
e = {'k': {'v': [10, 20]}}['k']['v'][-1]
f = ('%s' % 'x').upper() + '{}'.format(1) * 2
