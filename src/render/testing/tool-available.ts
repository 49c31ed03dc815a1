// Test helper: whether a render tool can be found here (tests that need it are skipped otherwise),
// and where it is (tests that run it themselves, e.g. `helm push` into a test registry).
import { ToolLocator, type ToolName } from '../tools.js';

export function toolAvailable(tool: ToolName | undefined): boolean {
  if (!tool) return true;
  return toolCommand(tool).includes('/');
}

/** The executable Driftless would run for `tool`. */
export function toolCommand(tool: ToolName): string {
  return new ToolLocator().locate(tool).command;
}
