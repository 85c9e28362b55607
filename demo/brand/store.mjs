// The reference brand's durable store: an append-only JSON Lines log of events, replayed at start.
// One line per event, written and fsynced before the answer goes out, so an answered request survives
// a crash. A torn last line (a crash mid-write) is cut off at start; any other bad line stops the
// start with an error rather than silently losing requests.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOG_VERSION = 1;

/**
 * @typedef {{ request_id: string, key: string, agent_request_id?: string, exercise: string, regime: string,
 *   identity: object, terms?: object, received_at: string, expected_by: string, status: string,
 *   reason?: string, processing_details?: string, updated_at: string, polls: number }} StoredRequest
 */

export class RequestStore {
  /** @type {Map<string, StoredRequest>} */
  #requests = new Map();
  #fd;

  /** Opens (creating if needed) `dataDir/requests.jsonl` and replays it. */
  constructor(dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.file = join(dataDir, 'requests.jsonl');
    if (existsSync(this.file)) this.#replay(readFileSync(this.file, 'utf8'));
    this.#fd = openSync(this.file, 'a', 0o600);
  }

  #replay(text) {
    const lines = text.split('\n');
    const tail = lines.pop() ?? ''; // '' when the file ends with a newline, as it should
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        throw new Error(`${this.file}:${i + 1}: not JSON; refusing to start on a damaged log`);
      }
      this.#apply(event, `${this.file}:${i + 1}`);
    });
    if (tail === '') return;
    // The last write did not finish. If the event is whole, keep it; otherwise nobody got an answer
    // for it, so cutting it off loses nothing.
    try {
      this.#apply(JSON.parse(tail), `${this.file}:${lines.length + 1}`);
      appendNewline(this.file);
    } catch {
      truncateSync(this.file, Buffer.byteLength(text) - Buffer.byteLength(tail));
    }
  }

  #apply(event, where) {
    if (event?.v !== LOG_VERSION) throw new Error(`${where}: unknown log version`);
    if (event.type === 'created') {
      this.#requests.set(event.request.request_id, { ...event.request, polls: 0 });
    } else if (event.type === 'status' || event.type === 'polled') {
      const r = this.#requests.get(event.request_id);
      if (!r) throw new Error(`${where}: event for an unknown request`);
      if (event.type === 'polled') r.polls += 1;
      else {
        r.status = event.status;
        r.updated_at = event.at;
        if (event.reason === undefined) delete r.reason;
        else r.reason = event.reason;
        if (event.processing_details === undefined) delete r.processing_details;
        else r.processing_details = event.processing_details;
      }
    } else throw new Error(`${where}: unknown event type`);
  }

  #append(event) {
    const line = `${JSON.stringify({ v: LOG_VERSION, ...event })}\n`;
    const buf = Buffer.from(line, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.#fd, buf, off);
    fsyncSync(this.#fd);
    this.#apply({ v: LOG_VERSION, ...event }, 'append');
  }

  /** @param {Omit<StoredRequest, 'polls'>} request */
  create(request, at) {
    this.#append({ type: 'created', at, request });
    return this.get(request.request_id);
  }

  setStatus(requestId, { status, reason, processing_details }, at) {
    this.#append({ type: 'status', at, request_id: requestId, status, reason, processing_details });
    return this.get(requestId);
  }

  /** Polls count towards the deterministic progression, so they are logged too. */
  polled(requestId, at) {
    this.#append({ type: 'polled', at, request_id: requestId });
    return this.get(requestId);
  }

  /** A copy, so callers cannot change the store behind the log's back. */
  get(requestId) {
    const r = this.#requests.get(requestId);
    return r ? structuredClone(r) : undefined;
  }

  findByAgentId(key, agentRequestId) {
    for (const r of this.#requests.values()) if (r.key === key && r.agent_request_id === agentRequestId) return structuredClone(r);
    return undefined;
  }

  all() {
    return [...this.#requests.values()].map((r) => structuredClone(r));
  }

  close() {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

function appendNewline(file) {
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
