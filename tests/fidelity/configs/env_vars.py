from_env = '{{$MMENGINE_FIDELITY_ENV:default}}'
defaulted = '{{$MMENGINE_FIDELITY_UNSET_VAR:/data/root}}/images'
as_int = {{'$MMENGINE_FIDELITY_UNSET_NUM:80'}}
