/** Personas: list, create, edit, duplicate, delete (after a confirmation). */
import { useEffect, useState } from 'preact/hooks';
import type { RecordFailure } from '../shared/messages';
import type { Persona } from '../shared/records';
import { useAction } from '../ui/action';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import type { Send } from '../ui/connector';
import { isVaultClosed } from '../ui/errors';
import { t } from '../ui/i18n';
import { ErrorAlert, RecordFailuresNotice, StatusMessage } from '../ui/Notices';
import { PersonaEditor } from '../ui/PersonaEditor';
import { draftFromPersona, emptyDraft, type PersonaDraft } from '../ui/persona-form';
import { Screen } from '../ui/Screen';

const HEADING_ID = 'personas-title';

type Editing = { draft: PersonaDraft; isNew: boolean; label: string };

export function PersonasSection(props: { send: Send; focus: boolean; newId?: () => string }) {
  const { send } = props;
  const newId = props.newId ?? (() => crypto.randomUUID());
  const [personas, setPersonas] = useState<Persona[] | null>(null);
  const [failures, setFailures] = useState<RecordFailure[]>([]);
  const action = useAction();
  const { error, status, setStatus } = action;
  const [editing, setEditing] = useState<Editing | null>(null);
  const [toDelete, setToDelete] = useState<Persona | null>(null);
  // The list heading takes focus whenever the list comes back (after the editor), not on first load
  // unless the person navigated here.
  const [focusList, setFocusList] = useState(props.focus);

  async function load() {
    const r = await send({ type: 'personas/list' });
    if (!r.ok) {
      if (!isVaultClosed(r.error.code)) action.setError(r.error.code);
      return;
    }
    setPersonas(r.personas);
    setFailures(r.failures);
  }
  useEffect(() => {
    void load();
  }, []);

  function closeEditor(message: string | null) {
    setEditing(null);
    setFocusList(true);
    setStatus(message);
  }

  async function duplicate(p: Persona) {
    await action.run(
      () => send({ type: 'personas/duplicate', id: p.id }),
      async (r) => {
        await load();
        return t('personaDuplicated', r.persona.label);
      },
    );
  }

  async function confirmDelete() {
    const p = toDelete;
    if (!p) return;
    const done = await action.run(
      () => send({ type: 'personas/delete', id: p.id }).finally(() => setToDelete(null)),
      async () => {
        await load();
        return t('personaDeleted', p.label);
      },
      { name: 'delete' },
    );
    if (done) document.getElementById(HEADING_ID)?.focus();
  }

  if (editing) {
    return (
      <>
        <Screen key="editor" title={editing.isNew ? t('personaNewTitle') : t('personaEditTitle', editing.label)}>
          <PersonaEditor
            variant="full"
            initial={editing.draft}
            newId={newId}
            submitLabel={t('buttonSavePersona')}
            onCancel={() => closeEditor(null)}
            onSave={async (persona) => {
              const r = await send({ type: 'personas/save', persona });
              if (!r.ok) return r.error.code;
              closeEditor(t('personaSaved', r.persona.label));
              await load();
              return null;
            }}
          />
        </Screen>
        <StatusMessage message={null} />
      </>
    );
  }

  return (
    <>
      <Screen key="list" title={t('navPersonas')} headingId={HEADING_ID} focus={focusList}>
        <p class="muted">{t('personasIntro')}</p>
        <div class="actions">
          <button
            type="button"
            class="btn btn-primary"
            onClick={() => {
              setStatus(null);
              setEditing({ draft: emptyDraft(newId(), Date.now()), isNew: true, label: '' });
            }}
          >
            {t('buttonNewPersona')}
          </button>
        </div>
        <RecordFailuresNotice count={failures.length} />
        <ErrorAlert code={error} />
        {personas === null ? null : personas.length === 0 ? (
          <p>{t('personasEmpty')}</p>
        ) : (
          <ul class="persona-list">
            {personas.map((p) => (
              <li key={p.id} class="card persona-card">
                <div class="persona-card-text">
                  <h2 class="persona-card-title">{p.label}</h2>
                  <PersonaSummary persona={p} />
                </div>
                <div class="actions">
                  <button
                    type="button"
                    class="btn btn-small"
                    aria-label={t('buttonEditPersona', p.label)}
                    onClick={() => {
                      setStatus(null);
                      setEditing({ draft: draftFromPersona(p), isNew: false, label: p.label });
                    }}
                  >
                    {t('buttonEdit')}
                  </button>
                  <button
                    type="button"
                    class="btn btn-small"
                    aria-label={t('buttonDuplicatePersona', p.label)}
                    onClick={() => duplicate(p)}
                  >
                    {t('buttonDuplicate')}
                  </button>
                  <button
                    type="button"
                    class="btn btn-small btn-danger-text"
                    aria-label={t('buttonDeletePersona', p.label)}
                    onClick={() => setToDelete(p)}
                  >
                    {t('buttonDelete')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Screen>
      <StatusMessage message={status} />
      <ConfirmDialog
        open={toDelete !== null}
        title={t('deletePersonaTitle')}
        confirmLabel={t('buttonConfirmDeletePersona')}
        cancelLabel={t('buttonCancel')}
        danger
        busy={action.busy === 'delete'}
        onConfirm={confirmDelete}
        onCancel={() => setToDelete(null)}
      >
        <p>{t('deletePersonaText', toDelete?.label ?? '')}</p>
      </ConfirmDialog>
    </>
  );
}

function PersonaSummary(props: { persona: Persona }) {
  const p = props.persona;
  const name = [p['given-name'], p['family-name']].filter(Boolean).join(' ');
  const bits = [name, p.email, p.tel].filter(Boolean) as string[];
  return bits.length ? (
    <p class="persona-card-details">
      {bits.map((b, i) => (
        <span key={i}>{b}</span>
      ))}
    </p>
  ) : (
    <p class="persona-card-details muted">{t('personaNoDetails')}</p>
  );
}
