// `driftless admin notifications trigger list|run` and `template list|notify`: argocd-notifications-cm
// (a file, or the built-in catalog) evaluated and rendered offline exactly as the controller does.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { AbortError } from '../../common/errors.js';
import { isPlainObject } from '../../model/index.js';
import { parseNotificationConfig, type NotificationConfig } from '../../notify/config.js';
import { deliver } from '../../notify/deliver.js';
import { evaluateTriggers } from '../../notify/triggers.js';
import {
  action,
  EXIT,
  newCommand,
  outputOption,
  printStructured,
  printTable,
  type OutputFormat,
} from '../output.js';

interface ConfigFlags {
  configMap?: string;
  secret?: string;
  output: OutputFormat;
}

function readObject(file: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AbortError(`cannot read ${what} ${file}: ${(e as Error).message}`, { hint: 'check the path' });
  }
  const value: unknown = parseYaml(text);
  if (!isPlainObject(value))
    throw new AbortError(`${file} is not a ${what} (a YAML mapping)`, {
      hint: 'pass one object, e.g. from kubectl get -o yaml',
    });
  return value;
}

/** The ConfigMap's data and the Secret's (stringData, or base64 data decoded). */
function loadConfig(flags: ConfigFlags): NotificationConfig {
  const cm = flags.configMap
    ? (readObject(flags.configMap, 'ConfigMap').data as Record<string, string> | undefined)
    : undefined;
  let secret: Record<string, string> | undefined;
  if (flags.secret) {
    const s = readObject(flags.secret, 'Secret');
    const decoded = Object.entries((s.data ?? {}) as Record<string, string>).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]);
    secret = { ...Object.fromEntries(decoded), ...((s.stringData ?? {}) as Record<string, string>) };
  }
  const config = parseNotificationConfig(cm ?? {}, secret ?? {});
  for (const p of config.problems) process.stderr.write(`warning: ${p}\n`);
  return config;
}

const configFlags = (cmd: Command): Command =>
  cmd
    .option('--config-map <file>', 'argocd-notifications-cm as YAML (default: the built-in catalog only)')
    .option('--secret <file>', 'argocd-notifications-secret as YAML, for $key references in services')
    .addOption(outputOption(['table', 'json']));

function triggerCommand(): Command {
  const list = configFlags(
    newCommand('list', 'list the triggers: name, conditions and the templates they send'),
  ).action(
    action(async (flags: ConfigFlags) => {
      const rows = [...loadConfig(flags).triggers].flatMap(([name, conds]) =>
        conds.map((c, i) => ({
          name,
          condition: i,
          description: c.description ?? '',
          when: c.when,
          send: c.send,
          oncePer: c.oncePer ?? '',
        })),
      );
      if (flags.output === 'json') printStructured(rows, 'json');
      else
        printTable(
          ['NAME', 'DESCRIPTION', 'TEMPLATES'],
          rows.map((r) => [r.name, r.description, r.send.join(',')]),
        );
    }),
  );
  const run = configFlags(
    newCommand('run', 'evaluate a trigger against an Application (exit 0 triggered, 1 not, 2 error)'),
  )
    .argument('<trigger>', 'trigger name, e.g. on-sync-succeeded')
    .argument('<app-file>', 'the Application as YAML (kubectl get application NAME -o yaml)')
    .action(
      action(async (trigger: string, appFile: string, flags: ConfigFlags) => {
        const config = loadConfig(flags);
        if (!config.triggers.has(trigger))
          throw new AbortError(`no trigger ${trigger}`, {
            hint: 'list them with: driftless admin notifications trigger list',
          });
        const result = evaluateTriggers([trigger], config.triggers, readObject(appFile, 'Application'));
        if (result.errors.length > 0)
          throw new AbortError(result.errors.join('; '), { hint: 'fix the condition in trigger.' + trigger });
        if (flags.output === 'json') printStructured(result.outcomes, 'json');
        else
          printTable(
            ['CONDITION', 'TRIGGERED', 'ONCE PER', 'TEMPLATES'],
            result.outcomes.map((o) => [
              String(o.index),
              String(o.triggered),
              o.oncePer,
              o.templates.join(','),
            ]),
          );
        return result.outcomes.some((o) => o.triggered) ? EXIT.ok : EXIT.failure;
      }),
    );
  return newCommand('trigger', 'notification triggers').addCommand(list).addCommand(run);
}

function templateCommand(): Command {
  const list = configFlags(newCommand('list', 'list the templates')).action(
    action(async (flags: ConfigFlags) => {
      const rows = [...loadConfig(flags).templates].map(([name, t]) => ({
        name,
        title: t.title ?? '',
        blocks: Object.keys(t),
      }));
      if (flags.output === 'json') printStructured(rows, 'json');
      else
        printTable(
          ['NAME', 'TITLE', 'FIELDS'],
          rows.map((r) => [r.name, r.title, r.blocks.join(',')]),
        );
    }),
  );
  const notify = configFlags(
    newCommand('notify', 'render a template for an Application and send it (a test message)'),
  )
    .argument('<template>', 'template name, e.g. app-sync-succeeded')
    .argument('<app-file>', 'the Application as YAML')
    .requiredOption(
      '--recipient <service:recipient>',
      'where to send, e.g. slack:ops or email:team@example.com',
    )
    .action(
      action(async (template: string, appFile: string, flags: ConfigFlags & { recipient: string }) => {
        const config = loadConfig(flags);
        const colon = flags.recipient.indexOf(':');
        const service = colon < 0 ? flags.recipient : flags.recipient.slice(0, colon);
        const recipient = colon < 0 ? '' : flags.recipient.slice(colon + 1);
        const pending = {
          trigger: 'manual',
          service,
          recipient,
          templates: [template],
          attempts: 0,
          notBefore: 0,
        };
        const outcome = await deliver(pending, readObject(appFile, 'Application'), config);
        if (!outcome.ok)
          throw new AbortError(outcome.error, {
            hint: 'check the service in argocd-notifications-cm and the secret values it refers to',
          });
        if (flags.output === 'json') printStructured({ sent: true, template, service, recipient }, 'json');
        else process.stdout.write(`sent ${template} to ${flags.recipient}\n`);
      }),
    );
  return newCommand('template', 'notification templates').addCommand(list).addCommand(notify);
}

export function adminNotificationsCommand(): Command {
  return newCommand(
    'notifications',
    'evaluate triggers and send test notifications offline, as the controller would',
  )
    .addCommand(triggerCommand())
    .addCommand(templateCommand());
}
