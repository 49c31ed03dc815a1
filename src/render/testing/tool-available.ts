// Test helper: whether a render tool can be found here (tests that need it are skipped otherwise).
import { ToolLocator, type ToolName } from '../tools.js';

export function toolAvailable(tool: ToolName | undefined): boolean {
  if (!tool) return true;
  const { command } = new ToolLocator().locate(tool);
  return command.includes('/');
}
