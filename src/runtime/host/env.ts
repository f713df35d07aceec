/** The environment a host step sees: a minimal sane base, Argo's ARGO_* variables, then the plan's env. */
import type { ContainerPlan, PodPlan } from '../pod-plan.js';

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Host variables passed through when set; everything else of the controller's environment is not. */
const PASS_THROUGH = ['LANG', 'LC_ALL', 'TZ', 'TERM'];

export function buildEnv(
  plan: PodPlan,
  container: ContainerPlan,
  home: string,
  hostEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = { PATH: hostEnv.PATH || DEFAULT_PATH, HOME: home };
  for (const name of PASS_THROUGH) {
    const value = hostEnv[name];
    if (value !== undefined) env[name] = value;
  }
  env.ARGO_POD_NAME = plan.podName;
  env.ARGO_NODE_ID = plan.nodeId;
  env.ARGO_CONTAINER_NAME = container.name;
  env.ARGO_TEMPLATE = plan.templateName;
  env.ARGO_WORKFLOW_NAME = plan.workflow.name;
  env.ARGO_WORKFLOW_NAMESPACE = plan.workflow.namespace;
  env.ARGO_WORKFLOW_UID = plan.workflow.uid;
  if (plan.activeDeadlineSeconds !== undefined) {
    env.ARGO_DEADLINE = new Date(Date.now() + plan.activeDeadlineSeconds * 1000).toISOString();
  }
  for (const { name, value } of container.env) env[name] = value;
  return env;
}
