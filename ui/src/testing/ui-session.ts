/**
 * One browser-test session: a real `argosy server` (built CLI, own ARGOSY_HOME, port 0), a headless
 * Chromium page on it, API helpers for fixtures, and screenshots saved to test-artifacts/ui-screenshots.
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import {
  type ArgosyServer,
  argosyServerMissing,
  fixture,
  REPO_ROOT,
  startArgosyServer,
} from './argosy-server.ts';
import { type Browser, chromiumMissing, launchChromium } from './chromium.ts';

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'ui-screenshots');

/** Why the browser tests cannot run here (they skip with this message), or undefined. */
export function browserTestsMissing(): string | undefined {
  const missing = chromiumMissing() ?? argosyServerMissing();
  return missing ? `UI browser tests skipped: ${missing}` : undefined;
}

export interface UiSession {
  server: ArgosyServer;
  browser: Browser;
  page: Page;
  /** Calls the server's REST API (with the token, if any); throws on an error status. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Creates a resource from a YAML fixture through the API; returns the created object. */
  createFromFixture<T = { metadata: { name: string; namespace: string } }>(
    file: string,
    ns?: string,
  ): Promise<T>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

const CREATE: Record<string, { path: (ns: string) => string; field: string }> = {
  Workflow: { path: (ns) => `/api/v1/workflows/${ns}`, field: 'workflow' },
  WorkflowTemplate: { path: (ns) => `/api/v1/workflow-templates/${ns}`, field: 'template' },
  ClusterWorkflowTemplate: { path: () => '/api/v1/cluster-workflow-templates', field: 'template' },
  CronWorkflow: { path: (ns) => `/api/v1/cron-workflows/${ns}`, field: 'cronWorkflow' },
};

export async function openUiSession(
  options: { authMode?: 'server' | 'client'; token?: () => string | undefined } = {},
): Promise<UiSession> {
  const server = await startArgosyServer(options);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const token = options.token?.();
      const res = await fetch(server.url + path, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    };
    const b = browser;
    return {
      server,
      browser: b,
      page,
      api,
      async createFromFixture<T>(file: string, ns = 'default') {
        const doc = parse(fixture(file)) as { kind: string };
        const how = CREATE[doc.kind];
        if (!how) throw new Error(`no create path for ${doc.kind}`);
        return api<T>('POST', how.path(ns), { namespace: ns, [how.field]: doc });
      },
      async screenshot(name) {
        const path = join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      async close() {
        await b.close();
        await server.stop();
        if (errors.length > 0) throw new Error(`errors in the page: ${errors.join('; ')}`);
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}
