// Component tests: let React work (inside act) until a check passes — a condition with a deadline, never a
// fixed number of ticks, so a loaded machine makes a test slower, not red.
import { act } from 'react';

export async function actUntil(check: () => void, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await act(async () => new Promise((resolve) => setTimeout(resolve, 10)));
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}
