// "Remove X?": the confirm dialog every settings list shares, with the state of the removal it asks about.
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
}

/** `remove` runs on confirm; on success the dialog closes and `onRemoved` runs, else the error shows. */
export function useRemoval<T>(remove: (item: T) => Promise<unknown>, onRemoved: () => void): Removal<T> {
  const [target, setTarget] = useState<T>();
  const [error, setError] = useState<string>();
  return {
    target,
    error,
    ask: (item) => {
      setError(undefined);
      setTarget(item);
    },
    cancel: () => setTarget(undefined),
    confirm: async () => {
      if (target === undefined) return;
      try {
        await remove(target);
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
