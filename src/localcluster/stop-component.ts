// Stopping one component of a running local cluster (tests: "the spoke's API server went away").
import { AbortError } from '../common/errors.js';
import { clusterPaths, isValidClusterName } from './paths.js';
import { isOurProcessAlive, stopProcess } from './processes.js';
import { readState, type ProcessName } from './state.js';

/** Stops exactly that process of the named cluster; false when it was not running. */
export async function stopComponent(name: string, component: ProcessName): Promise<boolean> {
  if (!isValidClusterName(name)) throw new AbortError(`invalid cluster name "${name}"`);
  const state = readState(clusterPaths(name).state);
  const p = state?.processes[component];
  if (!p || !isOurProcessAlive(p)) return false;
  await stopProcess(p);
  return true;
}
