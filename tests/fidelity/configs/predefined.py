dirname_ok = '{{ fileDirname }}'.endswith('configs')
basename = '{{fileBasename}}'
stem = '{{ fileBasenameNoExtension }}'
ext = '{{fileExtname}}'
work_dir = './work_dirs/{{ fileBasenameNoExtension }}'
