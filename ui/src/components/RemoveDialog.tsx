// "Remove X?": the confirm dialog every settings list shares, with the state of the removal it asks about and
// the list as this page changed it.
import { useState, type ReactNode } from 'react';
import { errorText } from '../api/errors.ts';
import { ConfirmFooter, Dialog } from './Dialog.tsx';

export interface Removal<T> {
  /** The item the dialog asks about, if open. */
  target: T | undefined;
  ask: (item: T) => void;
  cancel: () => void;
  confirm: () => Promise<void>;
  error: string | undefined;
  /**
   * The listed items without those removed here, plus those just added here: a list read right after a write
   * (from the server's watch cache) may not show it yet.
   */
  view: (items: readonly T[]) => T[];
  /** An item just added: shown (also if it was removed before) until the list has it. */
  added: (item: T) => void;
}

/** `remove` runs on confirm; on success the dialog closes and `onRemoved` runs, else the error shows. */
export function useRemoval<T>(
  remove: (item: T) => Promise<unknown>,
  onRemoved: () => void,
  keyOf: (item: T) => string,
): Removal<T> {
  const [target, setTarget] = useState<T>();
  const [error, setError] = useState<string>();
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  const [fresh, setFresh] = useState<readonly T[]>([]);
  return {
    target,
    error,
    view: (items) => {
      const listed = new Set(items.map(keyOf));
      const kept = items.filter((i) => !removed.has(keyOf(i)));
      return [...kept, ...fresh.filter((f) => !listed.has(keyOf(f)) && !removed.has(keyOf(f)))];
    },
    added: (item) => {
      const key = keyOf(item);
      setRemoved((r) => new Set([...r].filter((k) => k !== key)));
      setFresh((f) => [...f.filter((x) => keyOf(x) !== key), item]);
    },
    ask: (item) => {
      setError(undefined);
      setTarget(item);
    },
    cancel: () => setTarget(undefined),
    confirm: async () => {
      if (target === undefined) return;
      try {
        await remove(target);
        const key = keyOf(target);
        setRemoved((r) => new Set([...r, key]));
        setFresh((f) => f.filter((x) => keyOf(x) !== key));
        setTarget(undefined);
        onRemoved();
      } catch (e) {
        setError(errorText(e));
      }
    },
  };
}

export function RemoveDialog<T>({
  removal,
  title,
  children,
}: {
  removal: Removal<T>;
  title: (item: T) => string;
  children: ReactNode;
}) {
  if (removal.target === undefined) return null;
  return (
    <Dialog
      title={title(removal.target)}
      onClose={removal.cancel}
      footer={
        <ConfirmFooter
          error={removal.error}
          onCancel={removal.cancel}
          onConfirm={() => void removal.confirm()}
          tone="danger"
        >
          Remove
        </ConfirmFooter>
      }
    >
      <p>{children}</p>
    </Dialog>
  );
}
