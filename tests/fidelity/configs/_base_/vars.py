depth = 18
channels = [64, 128, 256, 512]
scale = (1333, 800)
pipeline = [dict(type='Load'), dict(type='Resize', scale=scale)]
