// The typed options and results of KubeClient calls.
import type { KubeObject } from '../model/kube-object.js';

export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface NamespaceOption {
  namespace?: string | undefined;
}
export interface ListOptions extends NamespaceOption {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}
export interface WriteOptions extends NamespaceOption {
  dryRun?: boolean;
  fieldManager?: string;
}
export interface ApplyOptions extends NamespaceOption {
  fieldManager: string;
  force?: boolean;
  dryRun?: boolean;
  /** How the server treats unknown or duplicate fields; unset: the server's default (Warn). */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}
export type PatchType = 'merge' | 'strategic' | 'json';
export interface PatchOptions extends WriteOptions {
  type: PatchType;
}
export interface DeleteOptions extends NamespaceOption {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  dryRun?: boolean;
  /** Precondition: delete only this exact object (not a recreated namesake). */
  uid?: string;
}
export interface WatchOptions extends NamespaceOption {
  resourceVersion?: string | undefined;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  labelSelector?: string;
  fieldSelector?: string;
  signal?: AbortSignal;
}
export interface RawRequest {
  method: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
}
