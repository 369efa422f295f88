base_channels = 64
stage_cfgs = [dict(channels=base_channels * 2 ** i, blocks=b) for i, b in enumerate([3, 4, 6, 3])]
model = dict(
    backbone=dict(stages=stage_cfgs, out_channels=[s['channels'] for s in stage_cfgs]),
    neck=dict(in_channels=[s['channels'] for s in stage_cfgs], out_channels=256, num_outs=5),
)
model['neck']['start_level'] = 1
model['backbone'].update(frozen=1)
flat = sum([[s['blocks']] * 2 for s in stage_cfgs], [])
total_blocks = sum(s['blocks'] for s in stage_cfgs)
