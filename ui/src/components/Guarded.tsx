// A button that is disabled, with the reason shown, when RBAC says the user may not do its action.
import type { ReactNode } from 'react';
import type { Permission } from '../state/use-can.ts';

interface Props {
  perm: Permission;
  onClick: () => void;
  children: ReactNode;
  className?: string;
  busy?: boolean;
}

export function GuardedButton({ perm, onClick, children, className, busy }: Props) {
  const denied = perm.allowed === false;
  return (
    <button
      type="button"
      className={className ?? 'btn'}
      onClick={onClick}
      disabled={denied || perm.allowed === undefined || busy}
      title={denied ? perm.reason : undefined}
    >
      {denied && <span aria-hidden="true">🔒 </span>}
      {children}
      {denied && <span className="sr-only"> — {perm.reason}</span>}
    </button>
  );
}
