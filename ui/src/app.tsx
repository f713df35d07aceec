/** The shell: navigation, the page for the current route, and the switch to the login screen on 401. */

import { useEffect } from 'react';
import { setUnauthorizedHandler } from './api/client.ts';
import { ArchivedWorkflowPage, ArchivedWorkflowsPage } from './pages/archived-workflows.tsx';
import { CronWorkflowPage, CronWorkflowsPage } from './pages/cron-workflows.tsx';
import { EventFlowPage } from './pages/event-flow.tsx';
import { LoginPage } from './pages/login.tsx';
import { SubmitPage } from './pages/submit.tsx';
import {
  ClusterWorkflowTemplatesPage,
  WorkflowTemplatePage,
  WorkflowTemplatesPage,
} from './pages/templates.tsx';
import { UserInfoPage } from './pages/user-info.tsx';
import { WorkflowDetailPage } from './pages/workflow-detail.tsx';
import { WorkflowsListPage } from './pages/workflows-list.tsx';
import { Link, navigate, useLocation } from './router/navigation.tsx';
import { matchRoute, type Route } from './router/routes.ts';

const NAV: { href: string; label: string; pages: Route['page'][] }[] = [
  { href: '/workflows', label: 'Workflows', pages: ['workflows', 'workflow'] },
  { href: '/submit', label: 'Submit', pages: ['submit'] },
  { href: '/workflow-templates', label: 'Templates', pages: ['workflow-templates', 'workflow-template'] },
  {
    href: '/cluster-workflow-templates',
    label: 'Cluster templates',
    pages: ['cluster-workflow-templates', 'cluster-workflow-template'],
  },
  { href: '/cron-workflows', label: 'Cron workflows', pages: ['cron-workflows', 'cron-workflow'] },
  { href: '/archived-workflows', label: 'Archive', pages: ['archived-workflows', 'archived-workflow'] },
  { href: '/event-flow', label: 'Event flow', pages: ['event-flow'] },
  { href: '/userinfo', label: 'User', pages: ['userinfo'] },
];

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'workflows':
      return <WorkflowsListPage key={route.namespace ?? ''} {...route} />;
    case 'workflow':
      return <WorkflowDetailPage key={`${route.namespace}/${route.name}`} {...route} />;
    case 'workflow-templates':
      return <WorkflowTemplatesPage {...route} />;
    case 'workflow-template':
      return <WorkflowTemplatePage {...route} cluster={false} />;
    case 'cluster-workflow-templates':
      return <ClusterWorkflowTemplatesPage />;
    case 'cluster-workflow-template':
      return <WorkflowTemplatePage name={route.name} cluster={true} />;
    case 'cron-workflows':
      return <CronWorkflowsPage {...route} />;
    case 'cron-workflow':
      return <CronWorkflowPage {...route} />;
    case 'archived-workflows':
      return <ArchivedWorkflowsPage {...route} />;
    case 'archived-workflow':
      return <ArchivedWorkflowPage {...route} />;
    case 'event-flow':
      return <EventFlowPage {...route} />;
    case 'userinfo':
      return <UserInfoPage />;
    case 'submit':
      return <SubmitPage {...route} />;
    case 'login':
      return <LoginPage {...route} />;
    default:
      return (
        <div className="page">
          <h1>Not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <Link href="/workflows">Go to the workflows</Link>.
          </p>
        </div>
      );
  }
}

export function App() {
  const { pathname, search } = useLocation();
  const route = matchRoute(pathname, search);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      const here = window.location.pathname + window.location.search;
      if (!window.location.pathname.startsWith('/login'))
        navigate(`/login?redirect=${encodeURIComponent(here)}`);
    });
  }, []);
  if (route.page === 'login') return <Page route={route} />;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <Link href="/workflows" className="brand">
          Argosy
        </Link>
        <ul>
          {NAV.map((item) => (
            <li key={item.href}>
              <Link href={item.href} aria-current={item.pages.includes(route.page) ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </div>
  );
}
