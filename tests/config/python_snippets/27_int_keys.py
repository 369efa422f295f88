dataset_info = dict(
    dataset_name='coco',
    keypoint_info={
        0: dict(name='nose', id=0, color=[51, 153, 255], type='upper', swap=''),
        1: dict(name='left_eye', id=1, color=[51, 153, 255], type='upper', swap='right_eye'),
    },
    joint_weights=[1.0, 1.0],
    sigmas=[0.026, 0.025])
palette = {i: (i * 10 % 256, 0, 255 - i) for i in range(4)}
lookup = dict(enumerate('abc'))
names = [v['name'] for k, v in dataset_info['keypoint_info'].items()]
