import { chunkBySize } from '../../lib/chunk-by-size';

describe('chunkBySize', () => {
  it.each([
    [[2, 2, 2], { maxBytes: 4 }, [[2, 2], [2]]],
    [[1, 1, 1, 1, 1], { maxBytes: 100, maxCount: 2 }, [[1, 1], [1, 1], [1]]],
    [[9, 1], { maxBytes: 4 }, [[9], [1]]],
    [[], { maxBytes: 4 }, []],
  ])('groups %j under %j as %j, in order', (sizes, limits, expected) => {
    expect(chunkBySize(sizes, (size) => size, limits)).toEqual(expected);
  });
});
