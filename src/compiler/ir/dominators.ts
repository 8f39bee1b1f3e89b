/**
 * Dominator tree by the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast
 * Dominance Algorithm", 2001): reverse postorder, then intersect predecessors' dominators
 * until nothing changes. Fast in practice for the small, reducible CFGs Python produces.
 */
import type { Block, IrFunction } from "./function.js";

export class Dominators {
  /** Immediate dominator of each reachable block; the entry maps to itself. */
  readonly idom = new Map<Block, Block>();
  /** Reachable blocks in reverse postorder. */
  readonly order: Block[] = [];
  private readonly rpoIndex = new Map<Block, number>();

  constructor(f: IrFunction) {
    const visited = new Set<Block>();
    const post: Block[] = [];
    // Iterative DFS: deep CFGs (long if/elif chains) must not overflow the JS stack.
    const stack: [Block, number][] = [[f.entry, 0]];
    visited.add(f.entry);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const succs = top[0].successors();
      if (top[1] < succs.length) {
        const next = succs[top[1]++]!;
        if (!visited.has(next)) {
          visited.add(next);
          stack.push([next, 0]);
        }
      } else {
        post.push(top[0]);
        stack.pop();
      }
    }
    this.order = post.reverse();
    this.order.forEach((b, i) => this.rpoIndex.set(b, i));

    const preds = new Map<Block, Block[]>(this.order.map((b) => [b, []]));
    for (const b of this.order) for (const s of b.successors()) preds.get(s)!.push(b);

    this.idom.set(f.entry, f.entry);
    for (let changed = true; changed; ) {
      changed = false;
      for (const b of this.order.slice(1)) {
        let idom: Block | undefined;
        for (const p of preds.get(b)!) {
          if (!this.idom.has(p)) continue;
          idom = idom === undefined ? p : this.intersect(p, idom);
        }
        if (idom !== undefined && this.idom.get(b) !== idom) {
          this.idom.set(b, idom);
          changed = true;
        }
      }
    }
  }

  private intersect(a: Block, b: Block): Block {
    while (a !== b) {
      while (this.rpoIndex.get(a)! > this.rpoIndex.get(b)!) a = this.idom.get(a)!;
      while (this.rpoIndex.get(b)! > this.rpoIndex.get(a)!) b = this.idom.get(b)!;
    }
    return a;
  }

  isReachable(b: Block): boolean {
    return this.idom.has(b);
  }

  /** Does `a` dominate `b` (every path from the entry to `b` passes through `a`)? */
  dominates(a: Block, b: Block): boolean {
    for (let x = b; ; x = this.idom.get(x)!) {
      if (x === a) return true;
      if (this.idom.get(x) === x) return false;
    }
  }
}
