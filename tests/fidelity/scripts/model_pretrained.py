"""Writes a runner-style checkpoint with the real MMEngine; prints JSON.

Usage: model_pretrained.py OUT_DIR

`OUT_DIR/runner.pth` holds meta, an OrderedDict state_dict of a model with
a `backbone` (Linear(3, 4)) and a `head` (Linear(4, 2)), and a message_hub
with HistoryBuffer objects, as MMEngine's CheckpointHook saves it. Prints
the path and the state_dict's values.
"""
import json
import os
import sys

import torch
import torch.nn as nn

from mmengine.logging import MessageHub
from mmengine.runner.checkpoint import save_checkpoint, weights_to_cpu


class Net(nn.Module):

    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(3, 4)
        self.head = nn.Linear(4, 2)


def main():
    # MMEngine's warnings go to stdout; this script's stdout is the JSON.
    stdout, sys.stdout = sys.stdout, sys.stderr
    torch.manual_seed(7)
    net = Net()
    hub = MessageHub.get_instance('model_pretrained')
    hub.update_scalar('train/loss', 0.5)
    path = os.path.join(sys.argv[1], 'runner.pth')
    state = weights_to_cpu(net.state_dict())
    save_checkpoint(
        dict(
            meta=dict(epoch=1, iter=3),
            state_dict=state,
            message_hub=hub.state_dict()), path)
    json.dump(
        dict(
            path=path,
            values={k: v.flatten().tolist()
                    for k, v in state.items()}), stdout)


if __name__ == '__main__':
    main()
