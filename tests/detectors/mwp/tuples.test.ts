import { describe, expect, it } from 'vitest';
import { TupleBuilder } from '../../../detectors/mwp/tuples.js';

// Languages 0..3; sentence keys are plain numbers here.
describe('TupleBuilder', () => {
  it('merges links into tuples of distinct languages, strongest first', () => {
    const b = new TupleBuilder();
    b.link(1, 0, 2, 1, 0.9); // en-es
    b.link(2, 1, 3, 2, 0.8); // es-fr
    b.link(3, 2, 4, 3, 0.7); // fr-de
    // A second Spanish sentence linked to the English one, more weakly: it may not join (two es).
    b.link(1, 0, 5, 1, 0.6);
    b.link(6, 0, 7, 1, 0.5); // another pair, on its own
    b.link(8, 0, 9, 0, 1); // same language: ignored
    b.build();
    expect(b.tupleOf(1)).toEqual({ root: expect.any(Number) as number, size: 4 });
    for (const k of [2, 3, 4]) expect(b.tupleOf(k)!.root).toBe(b.tupleOf(1)!.root);
    expect(b.tupleOf(5)).toBeUndefined();
    expect(b.tupleOf(6)!.size).toBe(2);
    expect(b.tupleOf(8)).toBeUndefined();
    expect(b.languagesOf(b.tupleOf(1)!.root)).toEqual([0, 1, 2, 3]);
  });

  it('lets the stronger of two conflicting links win, whatever the order they came in', () => {
    for (const order of [0, 1]) {
      const b = new TupleBuilder();
      const links: [number, number, number][] = [
        [10, 11, 0.3], // en 10 - es 11, weak
        [10, 12, 0.95], // en 10 - es 12, strong
      ];
      if (order) links.reverse();
      for (const [x, y, s] of links) b.link(x, 0, y, 1, s);
      b.build();
      expect(b.tupleOf(12)?.root).toBe(b.tupleOf(10)?.root);
      expect(b.tupleOf(11)).toBeUndefined();
    }
  });

  it('refuses a second build', () => {
    const b = new TupleBuilder();
    b.build();
    expect(() => b.build()).toThrow(/twice/);
  });

  it('links nodes looked up once exactly as it links keys', () => {
    const links: [number, number, number, number, number][] = [
      [1, 0, 2, 1, 0.9],
      [2, 1, 3, 2, 0.8],
      [3, 2, 4, 0, 0.7], // de-en: en already holds sentence 1
      [4, 0, 5, 3, 0.6],
    ];
    const byKey = new TupleBuilder();
    for (const l of links) byKey.link(...l);
    byKey.build();
    const byNode = new TupleBuilder();
    for (const [ka, la, kb, lb, s] of links) byNode.linkNodes(byNode.node(ka, la), byNode.node(kb, lb), s);
    byNode.build();
    for (const key of [1, 2, 3, 4, 5]) {
      expect(byNode.tupleOfNode(byNode.node(key, 0))?.size).toBe(byKey.tupleOf(key)?.size);
    }
    expect(byKey.tupleOf(1)?.size).toBe(3);
    expect(byKey.tupleOf(4)?.size).toBe(2);
  });
});
