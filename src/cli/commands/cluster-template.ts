import type { Command } from 'commander';
import { checkTemplateChains } from '../../templates/template-checks.js';
import { registerResourceCommands } from './template.js';

export function registerClusterTemplate(program: Command): void {
  registerResourceCommands(program, {
    command: 'cluster-template',
    aliases: ['cwftmpl', 'cwft'],
    kind: 'ClusterWorkflowTemplate',
    description: 'manage ClusterWorkflowTemplates (cluster-scoped: no namespace)',
    check: checkTemplateChains,
  });
}
