import { describe, expect, it } from 'vitest';
import { mapList, matches, onSettle, SafeMap, SafeSet, SafeWeakMap, sliceList } from '../../../../extension/hook/intrinsics.js';

/**
 * What a page's library might do after the hook started: replace built-in methods (here with ones
 * that throw). Node itself uses these built-ins, so they are replaced only while `fn` runs,
 * synchronously.
 */
function withReplaced<T>(targets: [object, PropertyKey][], fn: () => T): T {
  const saved = targets.map(([owner, key]) => [owner, key, Object.getOwnPropertyDescriptor(owner, key)!] as const);
  try {
    // Index loops: destructuring and for-of would use the replaced array iterator.
    for (let i = 0; i < targets.length; i++) {
      const key = targets[i]![1];
      Object.defineProperty(targets[i]![0], key, { value: () => { throw new Error(`page's ${String(key)} was called`); }, configurable: true, writable: true });
    }
    return fn();
  } finally {
    for (let i = 0; i < saved.length; i++) Object.defineProperty(saved[i]![0], saved[i]![1], saved[i]![2]);
  }
}

describe('intrinsics: capture code keeps working when the page replaces built-ins after start', () => {
  it('Safe collections use the methods saved at start', () => {
    const keys = ['get', 'set', 'has', 'delete', 'forEach'];
    const got = withReplaced(
      [...keys.map((k): [object, string] => [Map.prototype, k]), ...['get', 'set', 'has'].map((k): [object, string] => [WeakMap.prototype, k]), [Set.prototype, 'add'], [Set.prototype, 'has']],
      () => {
        const m = new SafeMap<string, number>();
        m.set('a', 1);
        m.set('b', 2);
        m.delete('a');
        const seen: string[] = [];
        m.forEach((v, k) => {
          seen[seen.length] = `${k}=${v}`;
        });
        const key = {};
        const w = new SafeWeakMap<object, string>();
        w.set(key, 'x');
        const s = new SafeSet<string>();
        s.add('q');
        return { seen, size: m.size, weak: [w.get(key), w.has({})], set: s.has('q') };
      },
    );
    expect(got).toEqual({ seen: ['b=2'], size: 1, weak: ['x', false], set: true });
  });

  it('then, exec and the array helpers call no page replacement', async () => {
    let settled!: Promise<number>;
    const got = withReplaced(
      [
        [Promise.prototype, 'then'],
        [RegExp.prototype, 'exec'],
        [RegExp.prototype, 'test'],
        [Array.prototype, Symbol.iterator],
        [Array.prototype, 'map'],
        [Array.prototype, 'slice'],
      ],
      () => {
        settled = new Promise((ok) => {
          onSettle(Promise.resolve(41), (v) => ok(v + 1));
        });
        return {
          nonAscii: matches(/é/, 'café'),
          ascii: matches(/[^\x00-\x7f]/, 'plain'),
          mapped: mapList([1, 2, 3], (x, i) => x * 10 + i),
          middle: sliceList(['a', 'b', 'c', 'd'], 1, 3),
          tail: sliceList(['a', 'b', 'c'], 2),
        };
      },
    );
    expect(got).toEqual({ nonAscii: true, ascii: false, mapped: [10, 21, 32], middle: ['b', 'c'], tail: ['c'] });
    expect(await settled).toBe(42);
  });
});
