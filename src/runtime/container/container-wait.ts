/**
 * A container's exit code, from the engine's wait. Under load podman's Docker-compatible wait has
 * answered StatusCode -1 for a container that was still running (seen in CI: a 25 s sleep "failed"
 * with exit code -1). No process exits with -1, so such an answer is checked against the
 * container's state and waited for again while it still runs.
 */
import type Docker from 'dockerode';

type WaitCondition = 'next-exit' | 'not-running';

/** Waits for the container to exit; `first` is the condition of the first wait (next-exit before start). */
export async function exitCodeOf(
  container: Docker.Container,
  first: WaitCondition = 'not-running',
  attempts = 5,
): Promise<number> {
  let condition = first;
  for (let i = 0; i < attempts; i++) {
    const answer = (await container.wait({ condition })) as { StatusCode: number };
    if (answer.StatusCode >= 0) return answer.StatusCode;
    const State = await container.inspect().then(
      (info) => info.State,
      () => undefined,
    );
    // Gone (removed under us): nothing more to learn; -1 is then the answer, as the engine gave it.
    if (!State) return -1;
    if (State.Status === 'exited' && State.ExitCode >= 0) return State.ExitCode;
    // Not started yet: the next exit; running: until it is not (an exit already past then counts).
    condition = State.Status === 'created' ? 'next-exit' : 'not-running';
  }
  return -1;
}
