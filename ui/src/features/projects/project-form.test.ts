import { describe, expect, it } from 'vitest';
import type { AppProject } from '../../api/types.ts';
import {
  EMPTY_WINDOW,
  parseDestinations,
  parseKinds,
  projectErrors,
  projectSpec,
  projectValues,
} from './project-form.ts';

const project: AppProject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name: 'team' },
  spec: {
    description: 'the team',
    sourceRepos: ['https://git.example/a.git', 'https://git.example/b.git'],
    destinations: [
      { server: 'https://kubernetes.default.svc', namespace: 'team-*' },
      { name: 'edge', namespace: 'web' },
    ],
    clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
    namespaceResourceBlacklist: [{ group: 'networking.k8s.io', kind: 'NetworkPolicy' }],
    roles: [
      {
        name: 'ci',
        policies: ['p, proj:team:ci, applications, sync, team/*, allow'],
        jwtTokens: [{ iat: 5, id: 'x' }],
      },
    ],
    syncWindows: [
      { kind: 'deny', schedule: '0 22 * * *', duration: '8h', applications: ['*'], manualSync: true },
    ],
    orphanedResources: { warn: true },
  },
};

describe('project form', () => {
  it('round-trips a project through the form, keeping fields the form does not show and issued tokens', () => {
    expect(projectSpec(projectValues(project), project.spec)).toEqual(project.spec);
  });

  it('reads destinations by server URL or cluster name, and group/kind lines', () => {
    expect(parseDestinations('https://k:6443 web\nedge  *\n\n')).toEqual([
      { server: 'https://k:6443', namespace: 'web' },
      { name: 'edge', namespace: '*' },
    ]);
    expect(parseKinds('apps/Deployment\nConfigMap\n/Secret\n*/*')).toEqual([
      { group: 'apps', kind: 'Deployment' },
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Secret' },
      { group: '*', kind: '*' },
    ]);
  });

  it('drops emptied lists and roles without a name', () => {
    const v = { ...projectValues(project), sourceRepos: '  ', syncWindows: [], roles: [] };
    const spec = projectSpec(v, project.spec);
    expect(spec.sourceRepos).toBeUndefined();
    expect(spec.syncWindows).toBeUndefined();
    expect(spec.roles).toBeUndefined();
  });

  it('names what is wrong: the project name, duplicate roles, a bad schedule or duration', () => {
    const v = projectValues(project);
    expect(projectErrors(v)).toEqual({});
    const bad = {
      ...v,
      name: 'Team_1',
      roles: [...v.roles, { ...v.roles[0]!, jwtTokens: undefined }],
      syncWindows: [
        { ...EMPTY_WINDOW, schedule: 'nightly' },
        { ...EMPTY_WINDOW, duration: 'soon' },
      ],
    };
    expect(Object.keys(projectErrors(bad)).sort()).toEqual([
      'name',
      'role-0',
      'role-1',
      'window-0',
      'window-1',
    ]);
  });
});
