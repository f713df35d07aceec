/**
 * ArtifactService's downloads: `GET /artifact-files/{ns}/{workflows|archived-workflows}/{id}/{nodeId}/
 * {outputs|inputs}/{name}` and the older `GET /artifacts/{ns}/{name}/{nodeId}/{name}` (outputs).
 * The artifact is fetched from its repository as an input artifact would be (archives unpacked),
 * into a temporary directory, and streamed; a directory artifact is refused with a pointer to
 * `argosy cp`, which asks for it as a tarball (`?argosy.directories=tgz`, an Argosy extension). Read access to the namespace is required, as for the workflow itself.
 */
import { createReadStream } from 'node:fs';
import { lstat, mkdtemp, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { c as createTar } from 'tar';
import type { ArtifactLocation } from '../../artifacts/location.js';
import { loadControllerConfig } from '../../config/index.js';
import { storeSecretReader } from '../../controller/secret-reader.js';
import { NotFoundError, ValidationError } from '../../errors/index.js';
import { executorServices, loadNodeArtifacts } from '../../executor/index.js';
import type { Artifact, NodeStatus, Workflow } from '../../spec/types.js';
import { allow } from '../auth.js';
import type { ServerContext } from '../server-context.js';

type FilesReq = FastifyRequest<{
  Params: { namespace: string; kind: string; id: string; nodeId: string; direction: string; name: string };
  Querystring: Record<string, string | undefined>;
}>;
type LegacyReq = FastifyRequest<{
  Params: { namespace: string; workflow: string; nodeId: string; name: string };
}>;

export function registerArtifactRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const services = ctx.home
    ? executorServices({ home: ctx.home, secrets: storeSecretReader(ctx.store) })
    : undefined;

  const send = async (
    reply: FastifyReply,
    wf: Workflow,
    nodeId: string,
    direction: string,
    name: string,
    directoriesAsTgz = false,
  ): Promise<void> => {
    if (direction !== 'outputs' && direction !== 'inputs')
      throw new ValidationError('artifactDiscriminator', `must be outputs or inputs, got "${direction}"`);
    if (!services || !ctx.home) throw new NotFoundError('this server has no artifact repository access');
    const node = (wf.status?.nodes as Record<string, NodeStatus> | undefined)?.[nodeId];
    if (!node) throw new NotFoundError(`workflow ${wf.metadata.name} has no node ${nodeId}`);
    const artifact = (node[direction]?.artifacts ?? []).find((a: Artifact) => a.name === name);
    if (!artifact) throw new NotFoundError(`node ${nodeId} has no ${direction} artifact ${name}`);
    const config = loadControllerConfig(ctx.home, process.env.ARGOSY_CONFIG || undefined);
    const dir = await mkdtemp(join(tmpdir(), 'argosy-download-'));
    const dest = join(dir, 'artifact');
    try {
      await loadNodeArtifacts(
        {
          workflow: wf,
          artifacts: [{ artifact, dest }],
          ...(config.artifactRepository
            ? { defaultRepository: config.artifactRepository as ArtifactLocation }
            : {}),
        },
        services,
      );
      // A step's own output may be a symbolic link (kept verbatim, see docs/artifacts.md): following
      // it here would serve whatever it names on the server's machine, not the step's file.
      if ((await lstat(dest)).isSymbolicLink()) {
        throw new ValidationError(
          'artifactName',
          `artifact ${name} is a symbolic link (to ${await readlink(dest)}): it is not served`,
        );
      }
      if ((await stat(dest)).isDirectory() && !directoriesAsTgz) {
        throw new ValidationError(
          'artifactName',
          `artifact ${name} is a directory: download it with argosy cp ${wf.metadata.name} DIR --artifact-name ${name}`,
        );
      }
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    const filename = basename(artifact.path ?? name) || name;
    if ((await stat(dest)).isDirectory()) {
      // Argosy's extension (argosy.directories=tgz, used by `argosy cp`): the directory as a tarball.
      const archive = createTar({ gzip: true, cwd: dest, portable: true }, ['.']);
      for (const event of ['end', 'close', 'error'])
        archive.on(event, () => void rm(dir, { recursive: true, force: true }));
      void reply
        .header('content-type', 'application/gzip')
        .header('x-argosy-archive', 'tgz')
        .header('content-disposition', `attachment; filename="${filename.replace(/["\\\r\n]/g, '_')}.tgz"`)
        .send(archive);
      await reply;
      return;
    }
    const stream = createReadStream(dest);
    stream.on('close', () => void rm(dir, { recursive: true, force: true }));
    void reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${filename.replace(/["\\\r\n]/g, '_')}"`)
      .send(stream);
    await reply;
  };

  app.get('/artifact-files/:namespace/:kind/:id/:nodeId/:direction/:name', async (req: FilesReq, reply) => {
    const { namespace, kind, id, nodeId, direction, name } = req.params;
    allow(req, namespace, 'read');
    let wf: Workflow;
    if (kind === 'workflows') wf = await ctx.resources.get<Workflow>('Workflow', namespace, id);
    else if (kind === 'archived-workflows') wf = await ctx.archive.get(id, namespace);
    else throw new NotFoundError(`no such path: ${kind} (workflows or archived-workflows)`);
    await send(reply, wf, nodeId, direction, name, req.query['argosy.directories'] === 'tgz');
  });

  app.get('/artifacts/:namespace/:workflow/:nodeId/:name', async (req: LegacyReq, reply) => {
    const { namespace, workflow, nodeId, name } = req.params;
    allow(req, namespace, 'read');
    const wf = await ctx.resources.get<Workflow>('Workflow', namespace, workflow);
    await send(reply, wf, nodeId, 'outputs', name);
  });
}
