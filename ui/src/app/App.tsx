// The app shell: providers, the signed-in gate and the routes.
import { lazy, Suspense } from 'react';
import { ApplicationsProvider } from '../state/applications-store.tsx';
import { SessionProvider, useSession } from '../state/session.tsx';
import { Loading } from '../components/States.tsx';
import { LoginPage } from '../features/login/LoginPage.tsx';
import { ApplicationsPage } from '../features/applications/ApplicationsPage.tsx';
import { Layout } from './Layout.tsx';
import { matchPath, RouterProvider, useRouter } from './router.tsx';

// Pages beyond the list load on demand, so the list (the first thing people see) paints sooner.
const AppDetailPage = lazy(() => import('../features/app-detail/AppDetailPage.tsx'));
const CreateAppPage = lazy(() => import('../features/create-app/CreateAppPage.tsx'));
const ProjectsPage = lazy(() => import('../features/projects/ProjectsPage.tsx'));
const RepositoriesPage = lazy(() => import('../features/admin/RepositoriesPage.tsx'));
const ClustersPage = lazy(() => import('../features/admin/ClustersPage.tsx'));
const AppSetsPage = lazy(() => import('../features/appsets/AppSetsPage.tsx'));
const AccountsPage = lazy(() => import('../features/admin/AccountsPage.tsx'));

function Routes() {
  const { loc } = useRouter();
  const p = loc.pathname;
  const detail = matchPath('/applications/:name', p);
  if (p === '/applications/new') return <CreateAppPage />;
  if (detail?.['name']) return <AppDetailPage name={detail['name']} />;
  if (p.startsWith('/applicationsets')) return <AppSetsPage />;
  if (p.startsWith('/settings/projects')) return <ProjectsPage />;
  if (p.startsWith('/settings/repositories')) return <RepositoriesPage />;
  if (p.startsWith('/settings/clusters')) return <ClustersPage />;
  if (p.startsWith('/settings/accounts')) return <AccountsPage />;
  return <ApplicationsPage />;
}

function Gate() {
  const { status } = useSession();
  if (status === 'checking') return <Loading what="your session" />;
  if (status !== 'authenticated') return <LoginPage />;
  return (
    <ApplicationsProvider>
      <Layout>
        <Suspense fallback={<Loading what="page" />}>
          <Routes />
        </Suspense>
      </Layout>
    </ApplicationsProvider>
  );
}

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </RouterProvider>
  );
}
