/**
 * One action of a screen, the same way everywhere: clear the last error and status, mark it busy
 * (a second click while it runs does nothing), send, and then either show the error reply's code or
 * announce what was done. The screen renders `error` in its ErrorAlert and `status` in its
 * StatusMessage (the live regions in Notices.tsx); focus stays with the caller, after `run`.
 */
import { useRef, useState } from 'preact/hooks';

/** A reply: the background's (`error.code`) or a helper's that already names its code (`code`). */
type Failure = { ok: false; error: { code: string } } | { ok: false; code: string };
type Result = { ok: true } | Failure;

export interface RunOptions {
  /** Which action is busy (`busy === name` while it runs); several may share one screen's messages. */
  name?: string;
  /** The code to show for an error reply, or null to show nothing (a vault that just locked). */
  errorCode?: (code: string) => string | null;
  /** After an error is shown: move the focus to what to fix, clear a field. */
  onError?: (code: string) => void;
}

export interface Action {
  /** The running action's name ('' for an unnamed one), or null when idle. */
  busy: string | null;
  error: string | null;
  status: string | null;
  setError(code: string | null): void;
  setStatus(message: string | null): void;
  /** Clear the error and the status: a new action starts. */
  begin(): void;
  /**
   * Run `request`; on success `done` gets the reply and returns the status to announce (or nothing)
   * after any reload it awaits. Resolves to the successful reply, or null (error shown, or busy).
   */
  run<R extends Result>(
    request: () => Promise<R>,
    done?: (reply: Extract<R, { ok: true }>) => string | null | undefined | Promise<string | null | undefined>,
    opts?: RunOptions,
  ): Promise<Extract<R, { ok: true }> | null>;
}

export function failureCode(r: Failure): string {
  return 'error' in r ? r.error.code : r.code;
}

export function useAction(): Action {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const running = useRef(false);

  function begin() {
    setError(null);
    setStatus(null);
  }

  async function run<R extends Result>(
    request: () => Promise<R>,
    done?: (reply: Extract<R, { ok: true }>) => string | null | undefined | Promise<string | null | undefined>,
    opts: RunOptions = {},
  ): Promise<Extract<R, { ok: true }> | null> {
    if (running.current) return null;
    running.current = true;
    begin();
    setBusy(opts.name ?? '');
    let r: R;
    try {
      r = await request();
    } finally {
      running.current = false;
      setBusy(null);
    }
    if (!r.ok) {
      const code = failureCode(r as Failure);
      const shown = opts.errorCode ? opts.errorCode(code) : code;
      if (shown) {
        setError(shown);
        opts.onError?.(shown);
      }
      return null;
    }
    const ok = r as Extract<R, { ok: true }>;
    const message = await done?.(ok);
    if (message) setStatus(message);
    return ok;
  }

  return { busy, error, status, setError, setStatus, begin, run };
}

/** A step that resolves to an error code or null (done), as a result `run` takes. */
export async function fromCode(step: Promise<string | null>): Promise<{ ok: true } | { ok: false; code: string }> {
  const code = await step;
  return code ? { ok: false, code } : { ok: true };
}
