// The one wording of "skipped: a tool the README installs is missing", which scripts/summarize-tests.mjs
// recognises: such a skip fails the run (unless DRIFTLESS_ALLOW_MISSING_TOOLS=1), because it hides a suite.
export type RequiredTool =
  'helm' | 'kustomize' | 'jsonnet' | 'sops' | 'sealed-secrets' | 'chromium' | 'sshd' | 'git';

export function missingTool(tool: RequiredTool, hint = 'run scripts/install-prereqs.sh'): string {
  return `missing tool ${tool}: ${hint}`;
}
