/**
 * Forms: preview what would be filled in a tab, then fill what the person approved.
 *
 * The background asks every frame of the tab for its field facts (content/scan), classifies and
 * plans them here (the persona never leaves the background except as approved values), keeps the
 * plan in memory for a few minutes, and on approval sends each frame only its own ticked values
 * (content/fill). Every fill that wrote something lands in the ledger.
 */

import { classifyFields } from '../../forms/classify';
import { generatePassword, passwordHints } from '../../forms/password';
import { fillOps, type Plan, type PlanEntry, type PlanField, planFill } from '../../forms/plan';
import type { FieldFacts } from '../../forms/types';
import { FillReply } from '../../shared/content-messages';
import { SETTLE_MS } from '../../shared/events';
import type { FillOutcome, FillPreview, Msg } from '../../shared/messages';
import type { Persona, Share, SiteSettings } from '../../shared/records';
import type { Vault } from '../../vault/vault';
import { HandledError } from '../router';
import { callFrame, scanFrames, tabUrl } from '../tabs';
import { activeTerms } from '../terms';

const PLAN_TTL_MS = 10 * 60_000;
const MAX_PLANS = 20;
/**
 * The preview is the consent (issue 12). A fill may only use the newest preview of its tab, and not
 * in the first second after the page changed under an open preview:
 * - A new plan for a tab replaces every older plan of that tab. A fill of a replaced plan is refused:
 *   errFormChanged when the page's fields differed in the newer scan, else errPlanExpired (the
 *   person's own choice, another persona, made it).
 * - A plan whose scan differs from the plan it replaced (the fields without their values: the page
 *   added, removed, relabelled, hid or showed a field) cannot be filled for SETTLE_MS after it was
 *   made (errFormChanged), so a page cannot slip a field in just before the click. The popup holds its
 *   Fill button at least as long (src/popup/fill-state.ts SETTLE_MS), counted from when it shows the plan.
 * A first preview (no older plan of the tab pending) settles at once: nothing changed under it.
 */
const MAX_REPLACED = 50;

interface PendingPlan {
  id: string;
  tabId: number;
  site: string;
  personaId: string;
  createdAt: number;
  /** URL each frame had when it was scanned: fill refuses to write into a frame that navigated. */
  frameUrls: Map<number, string>;
  facts: Map<string, FieldFacts>;
  plan: Plan;
  password?: string;
  alias?: string;
  /** The fields as scanned, without values (fieldsShape): a differing shape means the page changed. */
  shape: string;
  /** Not fillable before this time (the page changed under an open preview); 0 when settled. */
  settleUntil: number;
}

/** The scanned fields without their values: what changes when the page changes its forms, not when it is filled. */
function fieldsShape(facts: ReadonlyMap<string, FieldFacts>): string {
  return JSON.stringify(
    [...facts].map(([key, f]) => [
      key,
      f.frame.origin,
      f.frame.frameVisible,
      f.form.index,
      f.tag,
      f.type,
      f.name,
      f.id,
      f.autocomplete,
      f.labels,
      f.ariaLabel,
      f.labelledBy,
      f.placeholder,
      f.required,
      f.readOnly,
      f.disabled,
      f.visibility?.visible ?? null,
    ]),
  );
}

const keyOf = (ref: { frameId: number; index: number }) => `${ref.frameId}:${ref.index}`;

/** A field's identity across visits, for "reuse the plan last approved for this site". */
function stableKey(e: PlanEntry, f: FieldFacts | undefined): string {
  return `${e.origin}|${e.expect.tag}|${e.expect.name || e.expect.id || e.label}|${e.token}|${f?.form.index ?? -1}`.slice(0, 400);
}

export interface PreviewOptions {
  personaId?: string;
  requiredOnly?: boolean;
  alias?: boolean;
}

export function formsHandlers(vault: Vault) {
  const plans = new Map<string, PendingPlan>();
  /** Plans replaced by a newer preview of their tab, and whether the page had changed (see SETTLE_MS). */
  const replaced = new Map<string, 'changed' | 'same'>();

  /** `next` becomes its tab's only plan; returns whether the page changed since the newest plan it replaces. */
  const replaceOlder = (next: PendingPlan): boolean => {
    let newest: PendingPlan | undefined;
    for (const p of plans.values()) if (p.tabId === next.tabId && (!newest || p.createdAt >= newest.createdAt)) newest = p;
    const changed = newest !== undefined && newest.site === next.site && newest.shape !== next.shape;
    for (const [id, p] of plans)
      if (p.tabId === next.tabId) {
        plans.delete(id);
        replaced.set(id, p.shape !== next.shape ? 'changed' : 'same');
      }
    while (replaced.size > MAX_REPLACED) replaced.delete(replaced.keys().next().value!);
    return changed;
  };

  const prune = () => {
    const now = Date.now();
    for (const [id, p] of plans) if (now - p.createdAt > PLAN_TTL_MS) plans.delete(id);
    while (plans.size > MAX_PLANS) plans.delete(plans.keys().next().value!);
  };

  async function siteSettings(site: string): Promise<SiteSettings | undefined> {
    const { records } = await vault.bySite('sites', site);
    return records.sort((a, b) => b.updatedAt - a.updatedAt)[0];
  }

  async function saveSiteSettings(site: string, patch: Partial<SiteSettings>): Promise<void> {
    const current = await siteSettings(site);
    const next: SiteSettings = {
      ...(current ?? { id: crypto.randomUUID(), site, approvedFrameOrigins: [] }),
      ...patch,
      site,
      updatedAt: Date.now(),
    } as SiteSettings;
    await vault.put('sites', next);
  }

  /** Scan every frame of the tab, classify and plan. */
  async function preview(tabId: number, o: PreviewOptions): Promise<{ preview: FillPreview; pending: PendingPlan }> {
    prune();
    const url = await tabUrl(tabId);
    const site = new URL(url).origin;
    const { records: personas } = await vault.list('personas');
    personas.sort((a, b) => a.createdAt - b.createdAt || a.label.localeCompare(b.label));
    if (personas.length === 0) throw new HandledError('errNoPersona');
    const settings = await siteSettings(site);
    const persona: Persona =
      personas.find((p) => p.id === o.personaId) ?? personas.find((p) => p.id === settings?.defaultPersonaId) ?? personas[0]!;

    const planId = crypto.randomUUID();
    const { frames, scans } = await scanFrames(tabId, planId);
    const fields: PlanField[] = [];
    const frameUrls = new Map<number, string>();
    const facts = new Map<string, FieldFacts>();
    let unreachable = 0;
    scans.forEach((scan, i) => {
      const frameId = frames[i]!;
      if (!scan) {
        unreachable++;
        return;
      }
      frameUrls.set(frameId, scan.url);
      const own = scan.fields as FieldFacts[];
      // A child frame no parent showed (no window, or not vouched for by any parent) is hidden.
      if (frameId !== 0 && !scan.shown) for (const f of own) f.frame.frameVisible = false;
      const classes = classifyFields(own);
      own.forEach((f, j) => {
        const ref = { frameId, index: f.index };
        facts.set(keyOf(ref), f);
        fields.push({ ref, facts: f, classification: classes[j]! });
      });
    });

    const needsPassword = fields.some((f) => f.classification.token === 'new-password');
    let password = settings?.password;
    if (!password && needsPassword) {
      const f = fields.find((x) => x.classification.token === 'new-password')!.facts;
      password = generatePassword(passwordHints(f as FieldFacts & { minLength?: number | null; pattern?: string | null }));
    }
    const useAlias = o.alias ?? !!settings?.alias;
    const plan = planFill(fields, persona, {
      site,
      topOrigin: site,
      requiredOnly: o.requiredOnly ?? false,
      alias: useAlias ? (settings?.alias ?? true) : false,
      ...(password ? { password } : {}),
      approvedFrameOrigins: settings?.approvedFrameOrigins ?? [],
    });
    const aliasAddress = useAlias ? plan.entries.find((e) => e.token === 'email' && typeof e.value === 'string')?.value : undefined;
    const pending: PendingPlan = {
      id: planId,
      tabId,
      site,
      personaId: persona.id,
      createdAt: Date.now(),
      frameUrls,
      facts,
      plan,
      ...(password ? { password } : {}),
      ...(typeof aliasAddress === 'string' ? { alias: aliasAddress } : {}),
      shape: fieldsShape(facts),
      settleUntil: 0,
    };
    if (replaceOlder(pending)) pending.settleUntil = pending.createdAt + SETTLE_MS;
    plans.set(pending.id, pending);
    return {
      pending,
      preview: {
        planId: pending.id,
        site,
        url,
        personas: personas.map((p) => ({ id: p.id, label: p.label })),
        personaId: persona.id,
        requiredOnly: o.requiredOnly ?? false,
        alias: useAlias,
        entries: plan.entries.map((e) => ({
          key: keyOf(e.ref),
          label: e.label,
          token: e.token,
          display: e.display,
          origin: e.origin,
          crossOrigin: e.crossOrigin,
          needsApproval: e.needsApproval,
          required: e.required,
          checked: e.checked,
          secret: !!e.secret,
        })),
        skipped: plan.skipped.map((s) => ({
          key: keyOf(s.ref),
          label: s.label,
          token: s.token,
          reason: s.reason,
          origin: facts.get(keyOf(s.ref))?.frame.origin ?? site,
        })),
        unreachableFrames: unreachable,
        ...(pending.settleUntil ? { changed: true } : {}),
      },
    };
  }

  /** Write the chosen entries of a pending plan, frame by frame, and record what was written. */
  async function fill(pending: PendingPlan, keys: ReadonlySet<string>, approveOrigins: readonly string[]): Promise<FillOutcome> {
    plans.delete(pending.id); // one plan, one fill
    const approved = new Set(approveOrigins);
    const outcome: FillOutcome = { filled: [], skipped: [] };
    const chosen: PlanEntry[] = [];
    for (const e of pending.plan.entries) {
      const key = keyOf(e.ref);
      if (!keys.has(key)) continue;
      if (e.needsApproval && !approved.has(e.origin)) {
        outcome.skipped.push({ key, label: e.label, reason: 'not-approved' });
        continue;
      }
      chosen.push({ ...e, checked: true });
    }
    const byFrame = new Map<number, PlanEntry[]>();
    for (const e of chosen) byFrame.set(e.ref.frameId, [...(byFrame.get(e.ref.frameId) ?? []), e]);
    // The person's terms in force travel with every share.
    const terms = chosen.length ? await activeTerms(vault).catch(() => null) : null;
    const shareId = crypto.randomUUID();
    const shareOf = (entries: PlanEntry[], unconfirmed: boolean): Share => {
      const crossOrigins = [...new Set(entries.filter((e) => e.crossOrigin).map((e) => e.origin))];
      return {
        ...(terms ? { termsId: terms.id, termsSha256: terms.sha256 } : {}),
        id: shareId,
        site: pending.site,
        personaId: pending.personaId,
        channel: 'form',
        fields: entries.map((e) => ({
          token: e.token,
          // A generated password is kept in the site's settings, not copied into the ledger.
          value: e.secret ? '' : e.kind === 'check' ? String(e.value) : e.display && e.kind === 'select' ? e.display : String(e.value),
          label: e.label.slice(0, 400),
          ...(e.crossOrigin ? { origin: e.origin } : {}),
        })),
        ...(crossOrigins.length ? { frameOrigin: crossOrigins.join(' ') } : {}),
        ...(unconfirmed ? { unconfirmed: true as const } : {}),
        at: Date.now(),
      };
    };
    if (chosen.length) {
      // Written down BEFORE anything reaches the page, so that a browser that dies mid-fill never
      // leaves values in a page the ledger does not show, nor a generated password or alias in a
      // form that Proffer no longer knows: the entry says "unconfirmed" until the frames answer.
      const before = await siteSettings(pending.site);
      const keep = {
        ...(pending.password && chosen.some((e) => e.secret) && before?.password !== pending.password
          ? { password: pending.password }
          : {}),
        ...(pending.alias && chosen.some((e) => e.token === 'email') && before?.alias !== pending.alias ? { alias: pending.alias } : {}),
      };
      if (Object.keys(keep).length) await saveSiteSettings(pending.site, keep);
      await vault.put('shares', shareOf(chosen, true));
    }
    const written: PlanEntry[] = [];
    for (const [frameId, entries] of byFrame) {
      const ops = fillOps({ entries, skipped: [] }, frameId);
      const reply = await callFrame(
        pending.tabId,
        frameId,
        'fill',
        [pending.id, pending.frameUrls.get(frameId) ?? '', ops],
        FillReply,
        10_000,
      );
      const results = new Map((reply?.results ?? []).map((r) => [r.index, r]));
      for (const e of entries) {
        const r = results.get(e.ref.index);
        const key = keyOf(e.ref);
        if (r?.status === 'filled') {
          written.push(e);
          outcome.filled.push({ key, label: e.label });
        } else outcome.skipped.push({ key, label: e.label, reason: r?.reason ?? (reply ? 'missing' : 'no-answer') });
      }
    }
    if (written.length) {
      const share = shareOf(written, false);
      const crossOrigins = [...new Set(written.filter((e) => e.crossOrigin).map((e) => e.origin))];
      await vault.put('shares', share);
      outcome.shareId = share.id;
      const settings = await siteSettings(pending.site);
      const wrotePassword = written.some((e) => e.secret);
      await saveSiteSettings(pending.site, {
        approvedFrameOrigins: [
          ...new Set([...(settings?.approvedFrameOrigins ?? []), ...crossOrigins.filter((o) => approved.has(o))]),
        ].slice(0, 50),
        lastPlan: written.map((e) => ({ token: e.token, key: stableKey(e, pending.facts.get(keyOf(e.ref))) })).slice(0, 500),
        ...(settings?.defaultPersonaId ? {} : { defaultPersonaId: pending.personaId }),
        ...(wrotePassword && pending.password ? { password: pending.password } : {}),
        ...(pending.alias && written.some((e) => e.token === 'email') ? { alias: pending.alias } : {}),
      });
    } else if (chosen.length) await vault.delete('shares', shareId); // nothing reached the page
    if (!written.length && approved.size) {
      const settings = await siteSettings(pending.site);
      await saveSiteSettings(pending.site, {
        approvedFrameOrigins: [...new Set([...(settings?.approvedFrameOrigins ?? []), ...approved])].slice(0, 50),
      });
    }
    return outcome;
  }

  /**
   * Keyboard shortcut and context menu: reuse the plan last approved for this site when there is
   * one (the same fields, the default persona); otherwise the caller opens the preview.
   * Returns null when there is nothing to reuse.
   */
  async function quickFill(tabId: number): Promise<FillOutcome | null> {
    const url = await tabUrl(tabId);
    const settings = await siteSettings(new URL(url).origin);
    if (!settings?.lastPlan?.length) return null;
    const { pending } = await preview(tabId, {});
    const wanted = new Set(settings.lastPlan.map((p) => p.key));
    const keys = new Set(
      pending.plan.entries.filter((e) => e.checked && wanted.has(stableKey(e, pending.facts.get(keyOf(e.ref))))).map((e) => keyOf(e.ref)),
    );
    if (keys.size === 0) {
      plans.delete(pending.id);
      return null;
    }
    return fill(pending, keys, []);
  }

  return {
    quickFill,
    /** Forget every pending plan and the decrypted values it holds (on lock). */
    dropPlans: () => {
      plans.clear();
      replaced.clear();
    },
    handlers: {
      'forms/preview': async (m: Msg<'forms/preview'>) => {
        const { preview: p } = await preview(m.tabId, {
          ...(m.personaId ? { personaId: m.personaId } : {}),
          ...(m.requiredOnly !== undefined ? { requiredOnly: m.requiredOnly } : {}),
          ...(m.alias !== undefined ? { alias: m.alias } : {}),
        });
        return p;
      },
      'forms/fill': async (m: Msg<'forms/fill'>) => {
        prune();
        const pending = plans.get(m.planId);
        if (!pending) throw new HandledError(replaced.get(m.planId) === 'changed' ? 'errFormChanged' : 'errPlanExpired');
        // The page changed under the preview a moment ago: see SETTLE_MS. The plan stays for a later try.
        if (Date.now() < pending.settleUntil) throw new HandledError('errFormChanged');
        return fill(pending, new Set(m.keys), m.approveOrigins);
      },
      'sites/default-persona': async (m: Msg<'sites/default-persona'>) => {
        if (!(await vault.get('personas', m.personaId))) throw new HandledError('errNotFound');
        await saveSiteSettings(m.site, { defaultPersonaId: m.personaId });
        return {};
      },
    },
  };
}
