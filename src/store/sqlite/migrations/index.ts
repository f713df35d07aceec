/** Every schema migration, in order. Add a file `NNN-name.ts` and list it here; never edit a shipped one. */

import { initial } from './001-initial.js';
import { splitStatusHeaderEvents } from './002-split-status-header-events.js';
import { nodeChildrenRows } from './003-node-children-rows.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [initial, splitStatusHeaderEvents, nodeChildrenRows];
