/**
 * A subscriber's queue: items posted synchronously are delivered later (setImmediate), in order,
 * never inside the call that posted them. After close or a failure nothing more is delivered.
 */

export class Mailbox<T> {
  private queue: T[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly deliver: (item: T) => void,
    private readonly onError: ((err: Error) => void) | undefined,
    private readonly onClose: () => void,
  ) {}

  post(item: T): void {
    if (this.closed) return;
    this.queue.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.onClose();
  }

  /** Stops the subscription and reports why. Without an onError the error is thrown (uncaught). */
  fail(err: Error): void {
    if (this.closed) return;
    this.close();
    if (this.onError) this.onError(err);
    else
      setImmediate(() => {
        throw err;
      });
  }

  private flush(): void {
    this.scheduled = false;
    const items = this.queue;
    this.queue = [];
    for (const item of items) {
      if (this.closed) return;
      try {
        this.deliver(item);
      } catch (err) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
        return;
      }
    }
  }
}
