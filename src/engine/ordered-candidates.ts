/**
 * A DAG's candidate tasks kept in the DAG's task order, so the scheduler reads them in that order
 * without sorting every candidate on every reconcile: a wide DAG (root -> 10,000 tasks, parallelism
 * 2) has thousands of candidates for thousands of reconciles, and sorting them each time made the
 * engine's cost grow with the square of the width. Adding or removing one costs a binary search and
 * an array move; a task of unknown rank sorts as rank 0, after the candidates of equal rank already held.
 */
export class OrderedCandidates implements Iterable<string> {
  private readonly members = new Set<string>();
  private readonly sorted: string[] = [];

  constructor(private readonly rank: (task: string) => number) {}

  get size(): number {
    return this.members.size;
  }

  has(task: string): boolean {
    return this.members.has(task);
  }

  add(task: string): void {
    if (this.members.has(task)) return;
    this.members.add(task);
    this.sorted.splice(this.upperBound(this.rank(task)), 0, task);
  }

  delete(task: string): boolean {
    if (!this.members.delete(task)) return false;
    const rank = this.rank(task);
    // Among the candidates of this rank (usually one), find this one.
    for (let i = this.lowerBound(rank); i < this.sorted.length; i++) {
      if (this.sorted[i] === task) {
        this.sorted.splice(i, 1);
        break;
      }
    }
    return true;
  }

  /** The candidates in order, as a copy the caller may iterate while adding and deleting. */
  snapshot(): string[] {
    return this.sorted.slice();
  }

  [Symbol.iterator](): Iterator<string> {
    return this.snapshot()[Symbol.iterator]();
  }

  /** First index whose rank is >= rank. */
  private lowerBound(rank: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rank(this.sorted[mid]!) < rank) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose rank is > rank. */
  private upperBound(rank: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rank(this.sorted[mid]!) <= rank) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
