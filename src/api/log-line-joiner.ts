/**
 * Joins stored log pieces back into the lines the step printed: the store keeps a chunk that did not end
 * in a newline as a partial line (CRI's `P` tag), continued by the next line of the same pod, container
 * and stream.
 */
import type { LogLine } from '../store/index.js';

export class LogLineJoiner {
  private readonly partial = new Map<string, LogLine[]>();

  /** The complete line this piece ends, or undefined while it is still partial. */
  push(line: LogLine): LogLine | undefined {
    const key = `${line.podName}\0${line.container}\0${line.stream}`;
    const before = this.partial.get(key);
    if (line.partial) {
      if (before) before.push(line);
      else this.partial.set(key, [line]);
      return undefined;
    }
    if (!before) return line;
    this.partial.delete(key);
    return { ...line, content: [...before, line].map((l) => l.content).join('') };
  }

  /** Lines left without their end (the step ended without a newline), oldest first. */
  flush(): LogLine[] {
    const rest = [...this.partial.values()].map((pieces) => {
      const last = pieces[pieces.length - 1] as LogLine;
      return { ...last, partial: false, content: pieces.map((l) => l.content).join('') };
    });
    this.partial.clear();
    return rest.sort((a, b) => a.seq - b.seq);
  }
}
