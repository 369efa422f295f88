"""PyTorch's cross-entropy and softmax on given logits; prints JSON.

argv[1]: JSON {"logits": [[...], ...], "labels": [...], "class_weight":
[...]}. Prints `mean` (F.cross_entropy), `weighted` (per-sample weighted
cross-entropy summed and divided by the batch size, mmpretrain's
avg_factor rule) and `softmax`.
"""
import json
import sys

import torch
import torch.nn.functional as F


def main():
    data = json.loads(sys.argv[1])
    logits = torch.tensor(data['logits'], dtype=torch.float32)
    labels = torch.tensor(data['labels'], dtype=torch.int64)
    weight = torch.tensor(data['class_weight'], dtype=torch.float32)
    weighted = F.cross_entropy(logits, labels, weight=weight,
                               reduction='none').sum() / logits.size(0)
    print(json.dumps(dict(
        mean=F.cross_entropy(logits, labels).item(),
        weighted=weighted.item(),
        softmax=F.softmax(logits, dim=1).tolist())))


main()
