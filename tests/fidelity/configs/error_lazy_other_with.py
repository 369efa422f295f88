from torch.optim import SGD

with open('x.txt') as f:
    text = f.read()
