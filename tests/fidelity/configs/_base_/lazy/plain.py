# No import at all: still read in lazy mode when a lazy config imports it.
pipeline = [dict(type='LoadImageFromFile'), dict(type='Resize', scale=224)]
batch_size = 32
