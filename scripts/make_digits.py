"""Writes data/digits/ from scikit-learn's copy of the UCI digits.

Input: sklearn/datasets/data/digits.csv.gz (from a scikit-learn wheel; 1797
rows of 64 pixels in 0..16 and a label). Output: MNIST-style IDX files per
split (sample i goes to train when i % 6 < 4, val when 4, test when 5).
Usage: python scripts/make_digits.py path/to/digits.csv.gz data/digits
"""
import gzip
import struct
import sys


def write_idx(path, dims, data):
    with open(path, 'wb') as f:
        # magic: 0x00 0x00 type(0x08 = unsigned byte) ndim
        f.write(struct.pack('>BBBB', 0, 0, 8, len(dims)))
        for d in dims:
            f.write(struct.pack('>I', d))
        f.write(bytes(data))


def main():
    src, out = sys.argv[1:3]
    with gzip.open(src, 'rt') as f:
        rows = [list(map(int, line.split(','))) for line in f if line.strip()]
    splits = {'train': [], 'val': [], 'test': []}
    for i, row in enumerate(rows):
        name = 'train' if i % 6 < 4 else ('val' if i % 6 == 4 else 'test')
        splits[name].append(row)
    for name, items in splits.items():
        pixels = [p for row in items for p in row[:64]]
        labels = [row[64] for row in items]
        write_idx(f'{out}/{name}-images-idx3-ubyte', [len(items), 8, 8],
                  pixels)
        write_idx(f'{out}/{name}-labels-idx1-ubyte', [len(items)], labels)
        print(name, len(items))


if __name__ == '__main__':
    main()
