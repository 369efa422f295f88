reg_loss_weight: float = 5e-4
placeholder: str = 'S*'
initialize_token: str = 'dog'
num_vectors_per_token: int = 1
declared_only: int
cfg = dict(a=1)
cfg['b']: int = 2
