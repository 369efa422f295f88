x = undefined_name + 1
