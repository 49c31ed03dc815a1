import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DIFF_SETTINGS, parseDiffSettings, splitGroupKind } from './diff-settings.js';

test('defaults: status of CRDs ignored, resource-update rules on', () => {
  assert.deepEqual(parseDiffSettings(undefined), { settings: DEFAULT_DIFF_SETTINGS, errors: [] });
});

test('resource.compareoptions: the three options, the old boolean form, and unknown keys', () => {
  const { settings, errors } = parseDiffSettings({
    'resource.compareoptions':
      'ignoreAggregatedRoles: true\nignoreResourceStatusField: all\nignoreDifferencesOnResourceUpdates: false\nbogus: 1\n',
  });
  assert.equal(settings.ignoreAggregatedRoles, true);
  assert.equal(settings.ignoreResourceStatusField, 'all');
  assert.equal(settings.ignoreDifferencesOnResourceUpdates, false);
  assert.deepEqual(errors, ['resource.compareoptions: unknown option bogus']);
  assert.equal(
    parseDiffSettings({ 'resource.compareoptions': 'ignoreResourceStatusField: false' }).settings
      .ignoreResourceStatusField,
    'none',
  );
  assert.match(
    parseDiffSettings({ 'resource.compareoptions': '[1' }).errors[0] ?? '',
    /^resource\.compareoptions: /,
  );
});

test('ignoreDifferences and ignoreResourceUpdates by group_kind and all; bad entries reported and skipped', () => {
  const { settings, errors } = parseDiffSettings({
    'resource.customizations.ignoreDifferences.apps_Deployment': 'jsonPointers:\n- /spec/replicas\n',
    'resource.customizations.ignoreDifferences.all': 'managedFieldsManagers:\n- kube-controller-manager\n',
    'resource.customizations.ignoreDifferences.Service': 'jqPathExpressions:\n- .spec.clusterIP\n',
    'resource.customizations.ignoreDifferences.admissionregistration.k8s.io_MutatingWebhookConfiguration':
      "jqPathExpressions:\n- '.webhooks[]?.clientConfig.caBundle'\n",
    'resource.customizations.ignoreDifferences.apps_StatefulSet': 'jsonPointers:\n- spec/replicas\n',
    'resource.customizations.ignoreResourceUpdates.external-secrets.io_ExternalSecret':
      'jsonPointers:\n- /status/refreshTime\n',
  });
  assert.deepEqual(settings.ignoreDifferences, [
    {
      group: 'admissionregistration.k8s.io',
      kind: 'MutatingWebhookConfiguration',
      jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
    },
    { group: '*', kind: '*', managedFieldsManagers: ['kube-controller-manager'] },
    { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    { group: '', kind: 'Service', jqPathExpressions: ['.spec.clusterIP'] },
  ]);
  assert.deepEqual(settings.ignoreResourceUpdates, [
    { group: 'external-secrets.io', kind: 'ExternalSecret', jsonPointers: ['/status/refreshTime'] },
  ]);
  assert.equal(errors.length, 1);
  assert.match(errors[0] ?? '', /apps_StatefulSet: jsonPointer "spec\/replicas" must start with "\/"/);
});

test('splitGroupKind: the first _ ends the group', () => {
  assert.deepEqual(splitGroupKind('apps_Deployment'), { group: 'apps', kind: 'Deployment' });
  assert.deepEqual(splitGroupKind('Pod'), { group: '', kind: 'Pod' });
  assert.deepEqual(splitGroupKind('all'), { group: '*', kind: '*' });
});
