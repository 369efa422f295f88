dataset_type = 'CocoDataset'
if dataset_type == 'CocoDataset':
    num_classes = 80
elif dataset_type == 'VOC':
    num_classes = 20
else:
    num_classes = 1
stages = []
for i in range(4):
    stages.append(dict(index=i, channels=64 * 2 ** i))
acc = 0
for i, v in enumerate([5, 6, 7]):
    if v == 6:
        continue
    acc += i * v
for k in ['a', 'b', 'c']:
    if k == 'b':
        break
else:
    k = 'never'
for j in []:
    pass
else:
    done = True
x = 1 if num_classes > 10 else 2
flag = num_classes > 10 and 'big' or 'small'
