/**
 * Following a brand's key rotation from the background. A brand's response keys are pinned in its
 * Brand record (docs/protocol.md 3.6), and every signed exchange is checked against the pins only.
 * After a brand rotated, its answers are signed by a key not pinned yet, so they fail with
 * errBrandSignature; `withRotation` then reads its vrm.json once, with the pins, and only a valid
 * rotation statement signed by a pinned key moves them, after which the exchange is tried once more
 * (every exchange of the protocol is idempotent: same intent identifier, same agent_request_id).
 * Anything else (no statement, a forged one, an unreachable brand) leaves the pins and the original
 * errBrandSignature as they were.
 */
import { discover, pinnedKeysOf, pinnedKeysRecord } from '../../protocol/client';
import { isProtocolError } from '../../protocol/errors';
import type { Brand } from '../../shared/records';
import type { Vault } from '../../vault/vault';

/** The brand record with a newly rotated key pinned, or null when its vrm.json vouches for no rotation. */
export async function followRotation(vault: Vault, brand: Brand, now: () => number = Date.now): Promise<Brand | null> {
  const pinned = pinnedKeysOf(brand);
  if (!pinned) return null;
  let found: Awaited<ReturnType<typeof discover>>;
  try {
    found = await discover(brand.origin, { pinned, now });
  } catch {
    return null;
  }
  if (!found.keyRotation) return null;
  const latest = (await vault.get('brands', brand.id)) ?? brand;
  // Pinned meanwhile by another discovery: that one stands.
  if (JSON.stringify(latest.brandKeys ?? []) !== JSON.stringify(brand.brandKeys ?? [])) return latest;
  return vault.put('brands', { ...latest, ...pinnedKeysRecord(latest, found, now()) });
}

/** Runs one exchange with `brand`; on errBrandSignature, follows a valid rotation and runs it once more. */
export async function withRotation<T>(vault: Vault, brand: Brand, run: (b: Brand) => Promise<T>, now?: () => number): Promise<T> {
  try {
    return await run(brand);
  } catch (e) {
    if (!isProtocolError(e, 'errBrandSignature')) throw e;
    const rotated = await followRotation(vault, brand, now);
    if (!rotated) throw e;
    return run(rotated);
  }
}
