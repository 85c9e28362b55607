/**
 * A private Apache httpd with mod_dav serving a temporary folder over WebDAV, for the sync tests:
 * the real server the issue asks for (Debian's `apache2`, which `.ci/run` installs), not a mock.
 *
 * Each instance has its own generated configuration, pid file, lock database and logs in a
 * temporary directory, listens on a free port on 127.0.0.1, and runs in the foreground as a child
 * of the test, so `stop()` is one signal and `start()` brings it back on the same port over the
 * same files (the tests stop it in the middle of a sync). Basic authentication with one user, from
 * an htpasswd file written here ({SHA} entry, so no `htpasswd` binary is needed).
 *
 * Run as root (CI), Apache hands requests to `www-data` children, so the folders it writes are
 * given to that user; run as anyone else, it runs as that user.
 *
 * Without apache2 the tests fail with a message that says to install it: they are about a real
 * server's behaviour (weak ETags, non-atomic If-Match, atomic renames), which the embedded demo
 * server does not have.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ApacheDavOptions {
  user?: string;
  password: string;
}

export interface ApacheDav {
  /** With a trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  /** The folder on disk served at `url`. */
  root: string;
  user: string;
  /** Starts it again (same port, files, users) after `stop()`. */
  start(): Promise<void>;
  /** Stops it at once (SIGTERM: Apache drops the requests in flight), resolving when it has exited. */
  stop(): Promise<void>;
  /** Gives files a test put under `root` itself back to the user Apache writes as. */
  adopt(path: string): void;
  /** Stops it and deletes its directory. */
  dispose(): Promise<void>;
}

const APACHE = process.env.APACHE2_BIN ?? '/usr/sbin/apache2';
const MODULES = process.env.APACHE2_MODULES ?? '/usr/lib/apache2/modules';
const MODULE_LIST: [string, string][] = [
  ['mpm_event_module', 'mod_mpm_event.so'],
  ['authz_core_module', 'mod_authz_core.so'],
  ['authn_core_module', 'mod_authn_core.so'],
  ['authn_file_module', 'mod_authn_file.so'],
  ['authz_user_module', 'mod_authz_user.so'],
  ['auth_basic_module', 'mod_auth_basic.so'],
  ['dav_module', 'mod_dav.so'],
  ['dav_fs_module', 'mod_dav_fs.so'],
];

/** Throws, saying how to install it, when apache2 or its WebDAV modules are missing. */
export function requireApache(): void {
  const missing = [APACHE, ...MODULE_LIST.map(([, f]) => join(MODULES, f))].filter((p) => !existsSync(p));
  if (missing.length > 0)
    throw new Error(
      `The sync tests need Apache httpd with mod_dav (a real WebDAV server), and ${missing.join(', ')} is missing. ` +
        'Install it: `sudo apt-get install apache2` (Debian, Ubuntu; .ci/run does this), or set APACHE2_BIN and ' +
        'APACHE2_MODULES to an httpd binary and its modules directory.',
    );
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const c = new Socket();
    c.once('connect', () => {
      c.destroy();
      ok(true);
    });
    c.once('error', () => ok(false));
    c.connect(port, '127.0.0.1');
  });
}

/** uid and gid of `www-data` when running as root (Apache's children run as it), else null. */
function childOwner(): { uid: number; gid: number; name: string } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'www-data'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'www-data'], { encoding: 'utf8' }).trim());
  return { uid, gid, name: 'www-data' };
}

function chownTree(path: string, owner: { uid: number; gid: number }): void {
  chownSync(path, owner.uid, owner.gid);
  try {
    for (const e of readdirSync(path, { withFileTypes: true })) {
      const p = join(path, e.name);
      if (e.isDirectory()) chownTree(p, owner);
      else chownSync(p, owner.uid, owner.gid);
    }
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOTDIR') throw e;
  }
}

export async function startApacheDav({ user = 'proffer', password }: ApacheDavOptions): Promise<ApacheDav> {
  requireApache();
  const dir = mkdtempSync(join(tmpdir(), 'proffer-apache-'));
  chmodSync(dir, 0o755); // the children (www-data under root) traverse it
  const root = join(dir, 'dav');
  const run = join(dir, 'run');
  mkdirSync(root);
  mkdirSync(run);
  const owner = childOwner();
  if (owner) {
    chownSync(root, owner.uid, owner.gid);
    chownSync(run, owner.uid, owner.gid);
  }
  const passwd = join(dir, 'htpasswd');
  writeFileSync(passwd, `${user}:{SHA}${createHash('sha1').update(password).digest('base64')}\n`, { mode: 0o644 });
  const port = await freePort();
  const conf = join(dir, 'httpd.conf');
  const errorLog = join(dir, 'error.log');
  writeFileSync(
    conf,
    [
      `ServerRoot "${dir}"`,
      'ServerName 127.0.0.1',
      `Listen 127.0.0.1:${port}`,
      `PidFile "${join(run, 'httpd.pid')}"`,
      `DefaultRuntimeDir "${run}"`,
      `Mutex file:${run} default`,
      `ErrorLog "${errorLog}"`,
      'LogLevel warn',
      ...(owner ? [`User ${owner.name}`, `Group ${owner.name}`] : []),
      ...MODULE_LIST.map(([name, file]) => `LoadModule ${name} "${join(MODULES, file)}"`),
      'StartServers 1',
      'ServerLimit 2',
      'ThreadsPerChild 16',
      'MaxRequestWorkers 32',
      'MinSpareThreads 4',
      'MaxSpareThreads 32',
      `DavLockDB "${join(run, 'davlock')}"`,
      `DocumentRoot "${root}"`,
      `<Directory "${root}">`,
      '  Dav On',
      '  AuthType Basic',
      '  AuthName "Proffer test WebDAV"',
      '  AuthBasicProvider file',
      `  AuthUserFile "${passwd}"`,
      '  Require valid-user',
      '</Directory>',
      '',
    ].join('\n'),
  );

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    if (child) return;
    const p = spawn(APACHE, ['-f', conf, '-DFOREGROUND'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    p.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    let gone = false;
    exited = new Promise((ok) =>
      p.once('exit', () => {
        gone = true;
        ok();
      }),
    );
    child = p;
    const deadline = Date.now() + 15_000;
    while (!(await accepts(port))) {
      if (gone || Date.now() > deadline) {
        child = null;
        if (!gone) p.kill('SIGKILL');
        const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8').slice(-2000) : '';
        throw new Error(`apache2 did not start on port ${port}:\n${output}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const p = child;
    if (!p) return;
    child = null;
    p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    root,
    user,
    start,
    stop,
    adopt(path: string) {
      if (owner) chownTree(path, owner);
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
