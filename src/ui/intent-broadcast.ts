/**
 * Sending an intent from a form (the options page's compose form, the popup's quick form): save,
 * then broadcast, through one `useAction`. When the save worked but the broadcast did not, the error
 * says the intent was kept as a draft (`errorAfter`), and `broadcast` resolves to 'saved'.
 */
import { useState } from 'preact/hooks';
import { type Action, useAction } from './action';
import type { Send } from './connector';
import { type IntentDraft, saveAndBroadcast } from './intents-view';

export interface Broadcast {
  action: Action;
  /** The i18n key to add to the error ("saved, not sent"), if the intent was saved. */
  errorAfter: string | undefined;
  /** The status message when sent, 'saved' when only saved, null on another error or while busy. */
  broadcast(send: Send, draft: IntentDraft, now: number): Promise<string | 'saved' | null>;
}

export function useBroadcast(): Broadcast {
  const action = useAction();
  const [saved, setSaved] = useState(false);

  async function broadcast(send: Send, draft: IntentDraft, now: number): Promise<string | 'saved' | null> {
    let savedOnly = false;
    const r = await action.run(async () => {
      const reply = await saveAndBroadcast(send, draft, now);
      savedOnly = !reply.ok && Boolean(reply.saved);
      return reply;
    });
    setSaved(savedOnly);
    return r ? r.message : savedOnly ? 'saved' : null;
  }

  // Any other action of the form starts afresh: its error is not about a saved intent.
  const fresh: Action = {
    ...action,
    begin() {
      setSaved(false);
      action.begin();
    },
    run(request, done, opts) {
      setSaved(false);
      return action.run(request, done, opts);
    },
  };
  return { action: fresh, errorAfter: saved ? 'intentSavedNotSent' : undefined, broadcast };
}
