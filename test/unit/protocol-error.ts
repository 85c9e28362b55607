import { isProtocolError, type ProtocolError } from '../../src/protocol/errors';

/** The ProtocolError `p` rejects with; fails the test if it resolves or rejects with anything else. */
export async function errorOf(p: Promise<unknown>): Promise<ProtocolError> {
  try {
    await p;
  } catch (e) {
    if (isProtocolError(e)) return e;
    throw e;
  }
  throw new Error('expected a ProtocolError');
}
