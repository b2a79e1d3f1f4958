import { nextChunkSize, runPacedChunks, type ChunkPacing } from './paced-chunks';

const pacing: ChunkPacing = { firstSize: 4, maxSize: 16, targetMs: 50, pauseRatio: 0 };

describe('paced chunks', () => {
  it('a chunk that took twice the target time makes the next one half as large', () => {
    expect(nextChunkSize(8, 100, pacing)).toBe(4);
  });

  it('a quick chunk at most doubles the next one, up to the largest size', () => {
    expect(nextChunkSize(4, 1, pacing)).toBe(8);
    expect(nextChunkSize(12, 1, pacing)).toBe(16);
  });

  it('however slow a chunk was, the next one holds an item', () => {
    expect(nextChunkSize(3, 60_000, pacing)).toBe(1);
  });

  it('every item is worked on once, in order, in chunks of the first size and then at most the largest', async () => {
    const items = Array.from({ length: 40 }, (_, index) => index);
    const chunks: number[][] = [];

    await runPacedChunks(
      items,
      (chunk) => {
        chunks.push([...chunk]);
        return Promise.resolve();
      },
      pacing,
    );

    expect(chunks.flat()).toEqual(items);
    // The sizes after the first depend on how long each chunk took (the pure cases above).
    expect(chunks[0]).toHaveLength(4);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(16);
  });

  it('a first size below one still gives chunks of an item or more, never an empty one', async () => {
    const chunks: number[][] = [];

    await runPacedChunks(
      [1, 2],
      (chunk) => {
        chunks.push([...chunk]);
        return Promise.resolve();
      },
      { ...pacing, firstSize: 0 },
    );

    expect(chunks[0]).toEqual([1]);
    expect(chunks.flat()).toEqual([1, 2]);
  });

  it('no items: no work', async () => {
    const work = jest.fn(() => Promise.resolve());

    await runPacedChunks([], work, pacing);

    expect(work).not.toHaveBeenCalled();
  });

  it('once hurried, the chunks follow each other without pauses, also when hurried during one', async () => {
    const endlessPauses: ChunkPacing = { firstSize: 1, maxSize: 1, targetMs: 50, pauseRatio: 1e6 };
    const hurry = new AbortController();
    const done: number[] = [];

    await runPacedChunks(
      [1, 2, 3],
      (chunk) => {
        done.push(...chunk);
        // Hurried once the first chunk is done: its pause has begun when the abort comes.
        setImmediate(() => {
          hurry.abort();
        });
        return Promise.resolve();
      },
      endlessPauses,
      hurry.signal,
    );

    expect(done).toEqual([1, 2, 3]);
  });
});
