// GET /api/version: the server version in Argo CD's field names, so its clients can show it.
import { defineRoute, json, type Route } from './route.js';

export function versionRoute(version: string): Route {
  return defineRoute({
    method: 'GET',
    path: '/api/version',
    summary: 'Server version',
    tag: 'Version',
    auth: 'public',
    async handler() {
      return json({
        Version: `v${version}`,
        Platform: `${process.platform}/${process.arch}`,
        GoVersion: '',
        NodeVersion: process.version,
        Server: 'driftless',
      });
    },
  });
}
