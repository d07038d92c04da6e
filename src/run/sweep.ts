import fs from 'node:fs';
import type {FileHandle} from 'node:fs/promises';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {isAlive, parseOwner} from '../ipc/owner.ts';

/** Run folders are `$TMPDIR/sync-demo-XXXXXX`. */
export const PREFIX = 'sync-demo-';
const SOCKET = 'run.sock';
const OWNER = 'run.owner';
/** A folder without a socket whose owner's pid is dead is removed only after this long untouched. */
const SOCKETLESS_AGE_MS = 24 * 60 * 60 * 1000;
/** sun_path holds 108 bytes on Linux, 104 elsewhere, NUL included; longer paths are silently truncated. */
const MAX_SOCKET_PATH = process.platform === 'linux' ? 107 : 103;
const CONNECT_TIMEOUT_MS = 2000;

/**
 * Listen on `run.sock` in the run's folder for the run's lifetime: the sign
 * of life a sweeper checks. A path socket is reachable from every PID and
 * network namespace that shares the filesystem, and the kernel accepts into
 * the backlog while our event loop is busy. Listening on a path binds and
 * listens synchronously (no round trip); the socket gets its final name only
 * once it listens, so nobody can find it refusing. Unref'd: it never keeps
 * the process alive. Undefined when the path is too long for a socket or
 * listening fails: the run works without it.
 */
export function listenAlive(dir: string): net.Server | undefined {
	const file = path.join(dir, SOCKET);
	const fresh = `${file}.new`;
	if (Buffer.byteLength(fresh) > MAX_SOCKET_PATH) return undefined;
	const server = net.createServer(socket => socket.destroy());
	server.on('error', () => {});
	server.listen(fresh);
	server.unref();
	try {
		if (!server.listening) throw new Error('not listening');
		fs.renameSync(fresh, file);
		return server;
	} catch {
		server.close();
		return undefined;
	}
}

/**
 * Remove the folders of runs whose main process died without cleaning up
 * (SIGKILL). Never rejects, never keeps the process alive on a socket or a
 * timer. Rules, so that nobody can make it delete what is not a dead run's:
 * - only a real directory (opened with O_NOFOLLOW), owned by our uid, mode
 *   exactly 0700: nobody else can have put anything in it;
 * - everything inside is reached through the opened folder
 *   (/proc/self/fd/N/…), never through its path again, so swapping the
 *   folder for a symlink meanwhile changes nothing; without /proc, nothing
 *   is removed;
 * - dead means: `run.sock` is a socket and connecting is refused (nobody
 *   listens). Connected, or any other error: alive or unsure, left. No
 *   socket (being created, an older version's folder, a path too long for a
 *   socket): removed only if the folder has not changed for a day and the
 *   owner's pid is dead (or it is empty) — a pid alone says nothing across
 *   PID namespaces;
 * - inside, only entries that are not directories are unlinked (unlink
 *   never follows a symlink); a folder holding a directory, or an entry that
 *   cannot be unlinked, is left; then the empty folder is removed.
 */
export async function sweepStale(tmp: string = os.tmpdir()): Promise<void> {
	const uid = process.getuid?.();
	if (uid === undefined) return;
	let names: string[];
	try {
		names = (await fsp.readdir(tmp)).filter(name => name.startsWith(PREFIX));
	} catch {
		return;
	}
	for (const name of names) {
		try {
			await sweepOne(path.join(tmp, name), uid);
		} catch {}
	}
}

async function sweepOne(dir: string, uid: number): Promise<void> {
	let handle: FileHandle;
	try {
		handle = await fsp.open(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW);
	} catch {
		return; // gone, a symlink or not a directory
	}
	try {
		const stat = await handle.stat();
		if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o7777) !== 0o700) return;
		const base = `/proc/self/fd/${handle.fd}`;
		const seen = await fsp.stat(base);
		if (seen.dev !== stat.dev || seen.ino !== stat.ino) return;
		if (!(await isDead(base, stat.mtimeMs))) return;
		const names = await fsp.readdir(base);
		const entries = await Promise.all(names.map(name => fsp.lstat(path.join(base, name))));
		if (entries.some(entry => entry.isDirectory())) return;
		// The socket goes last: a folder that a sweeper dying halfway leaves behind still reads as dead.
		const last = [OWNER, SOCKET].filter(name => names.includes(name));
		for (const name of [...names.filter(name => !last.includes(name)), ...last]) await unlinkIfThere(path.join(base, name));
		// Only the same (now empty) directory: rmdir itself neither follows a symlink nor removes a non-empty folder.
		const now = await fsp.lstat(dir);
		if (now.dev !== stat.dev || now.ino !== stat.ino) return;
		await fsp.rmdir(dir);
	} finally {
		await handle.close();
	}
}

async function unlinkIfThere(file: string): Promise<void> {
	try {
		await fsp.unlink(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // another sweeper was quicker
	}
}

/** Whether the run of the folder open at `base` is surely dead; `mtimeMs` is the folder's. */
async function isDead(base: string, mtimeMs: number): Promise<boolean> {
	const socket = await fsp.lstat(path.join(base, SOCKET)).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : undefined));
	if (socket === undefined) return false;
	if (socket) return socket.isSocket() ? refused(path.join(base, SOCKET)) : false;
	if (Date.now() - mtimeMs < SOCKETLESS_AGE_MS) return false;
	const owner = await fsp.lstat(path.join(base, OWNER)).catch(() => undefined);
	// Emptied by a sweeper that died before its rmdir (and a day old, as every socketless folder must be).
	if (!owner) return (await fsp.readdir(base)).length === 0;
	if (!owner.isFile()) return false;
	const record = parseOwner(await fsp.readFile(path.join(base, OWNER), 'utf8'));
	return record !== null && !isAlive(record);
}

/** True only if connecting is refused: the socket is there and nobody listens. */
function refused(file: string): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect(file);
		const done = (dead: boolean): void => {
			clearTimeout(timer);
			socket.destroy();
			resolve(dead);
		};
		const timer = setTimeout(() => done(false), CONNECT_TIMEOUT_MS);
		timer.unref();
		socket.unref();
		socket.once('connect', () => done(false));
		socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
	});
}
