# A config that doubles as a script (as mmpretrain's replknet base does):
# the import is lazy and never built; `__name__` reads 'builtins'.
from mmpretrain.models import build_classifier

model = dict(type='ImageClassifier', backbone=dict(type='RepLKNet'))
module_name = __name__

if __name__ == '__main__':
    model = build_classifier(model)
