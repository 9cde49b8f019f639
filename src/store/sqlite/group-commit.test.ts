import { describe, expect, it } from 'vitest';
import { GroupCommitQueue } from './group-commit.js';

describe('group commit', () => {
  it('commits items enqueued in the same turn in one call', async () => {
    const commits: number[][] = [];
    const q = new GroupCommitQueue<number>((items) => commits.push([...items]), 0);
    await Promise.all([q.enqueue(1), q.enqueue(2), q.enqueue(3)]);
    await q.enqueue(4);
    expect(commits).toEqual([[1, 2, 3], [4]]);
  });

  it('waits windowMs for company before committing', async () => {
    const commits: number[][] = [];
    const q = new GroupCommitQueue<number>((items) => commits.push([...items]), 30);
    const first = q.enqueue(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = q.enqueue(2);
    await Promise.all([first, second]);
    expect(commits).toEqual([[1, 2]]);
  });

  it('rejects every item of a failed commit with its error, and carries on after', async () => {
    let fail = true;
    const q = new GroupCommitQueue<number>(() => {
      if (fail) throw new Error('disk full');
    }, 0);
    const a = q.enqueue(1);
    const b = q.enqueue(2);
    await expect(a).rejects.toThrow('disk full');
    await expect(b).rejects.toThrow('disk full');
    fail = false;
    await expect(q.enqueue(3)).resolves.toBeUndefined();
  });

  it('rejects pending items without committing them when abandoned', async () => {
    const commits: number[][] = [];
    const q = new GroupCommitQueue<number>((items) => commits.push([...items]), 0);
    const a = q.enqueue(1);
    q.abandon(new Error('crashed'));
    await expect(a).rejects.toThrow('crashed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(commits).toEqual([]);
  });
});
