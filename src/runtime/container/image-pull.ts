/**
 * Makes sure a container's image is present, honouring imagePullPolicy: `Always` pulls,
 * `IfNotPresent` (the default, as for tagged images in Kubernetes) pulls only a missing image,
 * `Never` fails when it is missing. The pull stream is read to its end: engines answer 200 and
 * report a failed pull inside the stream (`errorDetail`).
 */
import type Docker from 'dockerode';
import { imagePullMessage } from './container-outcome.js';

export class ImagePullError extends Error {}

export async function imagePresent(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

export async function pullImage(docker: Docker, image: string): Promise<void> {
  const stream = await docker.pull(image);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, events: Array<Record<string, unknown>>) => {
      if (err) return reject(err);
      const failure = events.find((e) => e.error || e.errorDetail);
      if (failure) {
        const detail = failure.errorDetail as { message?: string } | undefined;
        return reject(new Error(String(detail?.message ?? failure.error)));
      }
      resolve();
    });
  });
}

/** Resolves when the image can be used; rejects with an ImagePullError worded like Argo's. */
export async function ensureImage(docker: Docker, image: string, policy: string | undefined): Promise<void> {
  const always = policy === 'Always';
  if (!always && (await imagePresent(docker, image))) return;
  if (policy === 'Never') {
    throw new ImagePullError(
      `ErrImageNeverPull: container image "${image}" is not present with pull policy of Never`,
    );
  }
  try {
    await pullImage(docker, image);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ImagePullError(imagePullMessage(image, reason));
  }
  if (!(await imagePresent(docker, image))) {
    throw new ImagePullError(imagePullMessage(image, 'the engine reported no error but has no such image'));
  }
}
