// The human message of an operation state (never read back: the machine keeps its state in fields).
import { ANNOTATION_DELETION_APPROVED } from '../model/index.js';
import { nextAction } from './op-machine.js';
import { isFinalPhase, type OpState } from './op-state.js';

export function operationMessage(state: OpState, now: number): string {
  if (state.message !== undefined && (isFinalPhase(state.phase) || state.finishedAt !== undefined))
    return state.message;
  if (state.phase === 'Terminating') return 'terminating: deleting running hooks';
  const action = nextAction(state, now);
  if (action.kind === 'awaitPruneConfirmation') {
    const keys = state.steps?.awaitingConfirmation.join(', ') ?? '';
    return `waiting for pruning confirmation of ${keys}: annotate the Application with ${ANNOTATION_DELETION_APPROVED}=<current time>`;
  }
  const notes = [
    ...(state.retryCount > 0 ? [`retry attempt #${state.retryCount}`] : []),
    ...(state.resumed ? ['resumed after a controller restart'] : []),
  ];
  const what =
    action.kind === 'plan' ? 'starting' : action.kind === 'preflight' ? 'pre-flight checks' : 'syncing';
  return notes.length > 0 ? `${what} (${notes.join('; ')})` : what;
}
