"""Precision / recall / f1-score / support of single-label predictions, as
mmpretrain's SingleLabelMetric defines them (mmpretrain is not installed:
computed here from confusion counts in float64), for seeded random scores;
prints the inputs and the expected metrics as JSON.
"""
import json

import torch

torch.manual_seed(0)
N, C = 57, 5
scores = torch.rand(N, C).mul(3).softmax(1)
target = torch.randint(0, C, (N, ))
target[:3] = 4  # class 4 frequent, class 3 maybe rare
labels_only = torch.randint(0, C, (N, ))


def counts(pred, gt, num_classes):
    """per class: true positives, predicted positives, gt positives."""
    tp = [0] * num_classes
    pp = [0] * num_classes
    gp = [0] * num_classes
    for p, g in zip(pred, gt):
        gp[g] += 1
        if p is not None:
            pp[p] += 1
            tp[p] += int(p == g)
    return tp, pp, gp


def prf(tp, pp, gp):
    p = tp / max(pp, 1) * 100
    r = tp / max(gp, 1) * 100
    f = 2 * p * r / max(p + r, torch.finfo(torch.float32).eps)
    return p, r, f


def metrics(pred, gt, num_classes, average):
    tp, pp, gp = counts(pred, gt, num_classes)
    if average == 'micro':
        p, r, f = prf(sum(tp), sum(pp), sum(gp))
        return [p, r, f, sum(gp)]
    per = [prf(*c) for c in zip(tp, pp, gp)]
    cols = [[x[i] for x in per] for i in range(3)] + [gp]
    if average is None:
        return cols
    return [sum(c) / len(c) for c in cols[:3]] + [sum(gp)]


ITEMS = ['precision', 'recall', 'f1-score', 'support']
CASES = [
    dict(average='macro', thrs=[0.0], items=ITEMS),
    dict(average='micro', thrs=[0.0], items=ITEMS[:3]),
    dict(average=None, thrs=[0.0], items=ITEMS),
    dict(average='macro', thrs=[0.0, 0.35, None], items=ITEMS),
    dict(average=None, thrs=[0.4, None], items=['recall', 'support']),
]
top_score, top_label = scores.max(1)
out = dict(scores=scores.tolist(), target=target.tolist(),
           labels_only=labels_only.tolist(), cases=[])
for case in CASES:
    tail = {None: '_classwise', 'micro': '_micro', 'macro': ''}[case['average']]
    expected = {}
    for thr in case['thrs']:
        pred = [
            int(l) if thr is None or float(s) > thr else None
            for s, l in zip(top_score, top_label)
        ]
        values = metrics(pred, target.tolist(), C, case['average'])
        suffix = ''
        if len(case['thrs']) > 1:
            suffix = '_no-thr' if thr is None else f'_thr-{thr:.2f}'
        for item, v in zip(ITEMS, values):
            if item in case['items']:
                expected[item + suffix + tail] = v
    out['cases'].append(dict(cfg=case, expected=expected))
# Labels only (num_classes given), macro.
values = metrics(labels_only.tolist(), target.tolist(), C, 'macro')
out['labels_only_expected'] = dict(zip(ITEMS, values))
print(json.dumps(out))
