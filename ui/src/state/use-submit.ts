// A dialog's submit: busy while it runs, the error it ended with (cleared on the next try).
import { useState } from 'react';
import { errorText } from '../api/errors.ts';

export function useSubmit(work: () => Promise<void>): {
  busy: boolean;
  error: string | undefined;
  submit: () => Promise<void>;
} {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}
