// Running hook waves outside a sync (PostDelete): each wave created, awaited and cleaned up in turn.
import { driveOperation } from './op-loop.js';
import { startState } from './op-machine.js';
import type { OpDeps } from './op-deps.js';
import { hookSteps } from './op-steps.js';
import type { SyncWave } from './plan-types.js';

export interface HookRunOutcome {
  ok: boolean;
  message: string;
}

export async function runHookWaves(
  waves: readonly SyncWave[],
  deps: OpDeps,
  waveTimeoutMs: number,
): Promise<HookRunOutcome> {
  const steps = hookSteps(waves);
  const exit = await driveOperation(startState({ limit: undefined, backoff: {} }, waveTimeoutMs), deps, {
    plan: () => Promise.resolve({ type: 'planned', steps }),
  });
  const ok = exit.state.phase === 'Succeeded';
  return { ok, message: ok ? `ran ${waves.length} wave(s)` : (exit.state.message ?? exit.state.phase) };
}
