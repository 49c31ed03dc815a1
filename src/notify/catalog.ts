// The default trigger and template catalog (the triggers Argo CD documents, with our own wording), used
// for every name argocd-notifications-cm does not define itself; plus Driftless's drift triggers.
import type { NotificationTemplate, TriggerCondition } from './config.js';

const OP = 'app.status.operationState != nil and app.status.operationState.phase';
const DEPLOYED_REVISION = 'app.status.operationState?.syncResult?.revision';

export const BUILTIN_TRIGGERS: Record<string, TriggerCondition[]> = {
  'on-created': [
    {
      description: 'The application was created',
      when: 'true',
      send: ['app-created'],
      oncePer: 'app.metadata.name',
    },
  ],
  'on-deleted': [
    {
      description: 'The application is being deleted',
      when: 'app.metadata.deletionTimestamp != nil',
      send: ['app-deleted'],
      oncePer: 'app.metadata.name',
    },
  ],
  'on-deployed': [
    {
      description: 'A new revision is synced and the application is healthy',
      when: `${OP} in ['Succeeded'] and app.status.health.status == 'Healthy'`,
      send: ['app-deployed'],
      oncePer: DEPLOYED_REVISION,
    },
  ],
  'on-health-degraded': [
    {
      description: 'The application is degraded',
      when: "app.status.health.status == 'Degraded'",
      send: ['app-health-degraded'],
    },
  ],
  'on-sync-failed': [
    { description: 'A sync failed', when: `${OP} in ['Error', 'Failed']`, send: ['app-sync-failed'] },
  ],
  'on-sync-running': [
    { description: 'A sync is running', when: `${OP} in ['Running']`, send: ['app-sync-running'] },
  ],
  'on-sync-status-unknown': [
    {
      description: 'The sync status is Unknown',
      when: "app.status.sync.status == 'Unknown'",
      send: ['app-sync-status-unknown'],
    },
  ],
  'on-sync-succeeded': [
    { description: 'A sync succeeded', when: `${OP} in ['Succeeded']`, send: ['app-sync-succeeded'] },
  ],
};

/** Triggers computed by Driftless itself (not expressions): see drift.ts and docs/notifications.md. */
export const DRIFT_TRIGGER = 'on-drift';
export const DRIFT_RESOLVED_TRIGGER = 'on-drift-resolved';
export const DRIFT_TEMPLATES = {
  [DRIFT_TRIGGER]: 'app-drifted',
  [DRIFT_RESOLVED_TRIGGER]: 'app-drift-resolved',
};

const link = '{{.context.argocdUrl}}/applications/{{.app.metadata.name}}';

function template(subject: string, message: string): NotificationTemplate {
  return { title: subject, message, email: { subject } };
}

export const BUILTIN_TEMPLATES: Record<string, NotificationTemplate> = {
  'app-created': template(
    '{{.app.metadata.name}} was created',
    'Application {{.app.metadata.name}} was created. {{.context.argocdUrl}}',
  ),
  'app-deleted': template(
    '{{.app.metadata.name}} was deleted',
    'Application {{.app.metadata.name}} is being deleted.',
  ),
  'app-deployed': template(
    '{{.app.metadata.name}} deployed {{.app.status.sync.revision | trunc 7}}',
    'Application {{.app.metadata.name}} now runs revision {{.app.status.sync.revision}} and is Healthy. ' +
      link,
  ),
  'app-health-degraded': template(
    '{{.app.metadata.name}} is Degraded',
    'Application {{.app.metadata.name}} is Degraded: {{.app.status.health.message | default "see its resources"}}. ' +
      link,
  ),
  'app-sync-failed': template(
    'Sync of {{.app.metadata.name}} failed',
    'The sync of {{.app.metadata.name}} ended {{.app.status.operationState.phase}} at {{.app.status.operationState.finishedAt}}: {{.app.status.operationState.message}}. ' +
      link,
  ),
  'app-sync-running': template(
    'Sync of {{.app.metadata.name}} started',
    'The sync of {{.app.metadata.name}} started at {{.app.status.operationState.startedAt}}. ' + link,
  ),
  'app-sync-status-unknown': template(
    '{{.app.metadata.name}} sync status is Unknown',
    'The sync status of {{.app.metadata.name}} is Unknown. {{range .app.status.conditions}}{{.type}}: {{.message}} {{end}}' +
      link,
  ),
  'app-sync-succeeded': template(
    'Sync of {{.app.metadata.name}} succeeded',
    'The sync of {{.app.metadata.name}} succeeded at {{.app.status.operationState.finishedAt}} (revision {{.app.status.sync.revision}}). ' +
      link,
  ),
  'app-drifted': template(
    '{{.app.metadata.name}} drifted from Git',
    'Application {{.app.metadata.name}} differs from Git at the deployed revision {{.app.status.sync.revision}} (someone changed the cluster):\n' +
      '{{range .drift.resources}}- {{.kind}} {{if .namespace}}{{.namespace}}/{{end}}{{.name}}{{range .changes}}: {{.manager}}{{if .subresource}} ({{.subresource}}){{end}} changed {{join ", " .fields}}{{end}}\n{{end}}' +
      link,
  ),
  'app-drift-resolved': template(
    '{{.app.metadata.name}} matches Git again',
    'Application {{.app.metadata.name}} is Synced again; the drift first seen at {{.drift.firstSeen}} is resolved. ' +
      link,
  ),
};
