layers = []
in_ch = 3
for i, out_ch in enumerate([16, 32, 64]):
    layers.append(dict(type='Conv', in_channels=in_ch, out_channels=out_ch, name=f'conv{i}'))
    in_ch = out_ch
schedules = {}
for name, epochs in [('1x', 12), ('2x', 24), ('3x', 36)]:
    schedules[name] = dict(max_epochs=epochs, milestones=[int(epochs * 2 / 3), int(epochs * 11 / 12)])
count = 0
for a in range(3):
    for b in range(3):
        if a == b:
            continue
        count += 1
