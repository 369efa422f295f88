data_root = '{{$MMENGINE_FIDELITY_UNSET_ROOT:data/default}}/'
env_value = '{{$MMENGINE_FIDELITY_ENV:none}}'
