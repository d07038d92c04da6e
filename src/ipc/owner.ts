import fs from 'node:fs';

/**
 * Identity of a process that survives pid reuse: the pid plus its start time
 * (field 22 of /proc/<pid>/stat, in clock ticks since boot). Where /proc is
 * missing, the start time is '-' and only the pid is checked.
 */
export function startTimeOf(pid: number): string | null {
	let stat: string;
	try {
		stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT' && fs.existsSync('/proc/self/stat')) return null;
		try {
			process.kill(pid, 0);
			return '-';
		} catch (killError) {
			return (killError as NodeJS.ErrnoException).code === 'EPERM' ? '-' : null;
		}
	}
	// The command name (field 2) may hold spaces and parentheses: split after the last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	if (fields[0] === 'Z' || fields[0] === 'X') return null; // exited, not yet reaped
	return fields[19] ?? '-';
}

export interface Owner {
	pid: number;
	start: string;
	name: string;
	/** An RLock's record only: how often its holder acquired it and has not released it. */
	depth?: number;
}

/** Digits of an RLock record's depth: fixed, so that a reentry rewrites it in place (`depthOffset`). */
const DEPTH_DIGITS = 10;

/**
 * The name goes into the record percent-encoded: every character but
 * `A-Z a-z 0-9 _ . ~ -` as its UTF-8 bytes `%XX`, a lone surrogate (which
 * has no UTF-8) as `%uXXXX`. Any string round-trips and the record stays one
 * line of plain ASCII: a raw `\n`, `\r` or U+2028 would break the line apart.
 */
function encodeName(name: string): string {
	return name.replace(/[^\w.~-]/gu, char =>
		/^[\ud800-\udfff]$/.test(char) ? `%u${hex(char.charCodeAt(0), 4)}` : [...Buffer.from(char, 'utf8')].map(byte => `%${hex(byte, 2)}`).join(''),
	);
}

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');

/** The name back from its encoding, or null for anything `encodeName` would not have written. */
function decodeName(encoded: string): string | null {
	if (!/^(?:[\w.~-]|%[0-9A-F]{2}|%u[0-9A-F]{4})*$/.test(encoded)) return null;
	let name: string;
	try {
		name = encoded.replace(/(?:%[0-9A-F]{2})+|%u([0-9A-F]{4})/g, (match, unit?: string) =>
			unit === undefined ? decodeURIComponent(match) : String.fromCharCode(Number.parseInt(unit, 16)),
		);
	} catch {
		return null; // percent-escapes that are not UTF-8
	}
	return encodeName(name) === encoded ? name : null;
}

export function formatOwner(owner: Owner): string {
	const depth = owner.depth === undefined ? '' : ` ${formatDepth(owner.depth)}`;
	return `${owner.pid} ${owner.start} ${encodeName(owner.name)}${depth}\n`;
}

/** The depth field as it stands in a record. */
export function formatDepth(depth: number): string {
	return String(depth).padStart(DEPTH_DIGITS, '0');
}

/** Where the depth field starts in a record of `length` bytes that `formatOwner` wrote with a depth. */
export function depthOffset(length: number): number {
	return length - DEPTH_DIGITS - 1;
}

/** The owner in a record `formatOwner` wrote; null for anything else, so junk is never mistaken for an owner. */
export function parseOwner(text: string): Owner | null {
	const match = /^([1-9]\d{0,9}) (\d{1,20}|-) (\S*)(?: (\d{10}))?\n$/.exec(text);
	if (!match) return null;
	const pid = Number(match[1]);
	const name = decodeName(match[3]!);
	if (pid > 0x7fffffff || name === null) return null;
	return match[4] === undefined ? {pid, start: match[2]!, name} : {pid, start: match[2]!, name, depth: Number(match[4])};
}

/** True while the process that wrote `owner` runs; false once it died, even if its pid was reused. */
export function isAlive(owner: Owner): boolean {
	const start = startTimeOf(owner.pid);
	if (start === null) return false;
	return start === '-' || owner.start === '-' || start === owner.start;
}

/** What is at a lock path: nothing, an owner record, or something else, with why it is no owner record. */
export type OwnerFile = {kind: 'none'} | {kind: 'owner'; owner: Owner} | {kind: 'unknown'; reason: string};

/** Records are one short line; anything much longer is not one, and is not read whole. */
const MAX_RECORD = 64 * 1024;
const recordBuffer = Buffer.allocUnsafe(MAX_RECORD);

/** What an opened file is, for a report (only on the rare path where it is no owner record). */
function kindOf(fd: number): string {
	try {
		const stat = fs.fstatSync(fd);
		return stat.isFile() ? 'a regular file' : stat.isDirectory() ? 'a directory' : 'a special file';
	} catch {
		return 'a file';
	}
}

/**
 * Read the owner record at `file` without following a symlink there
 * (O_NOFOLLOW) or blocking on a FIFO (O_NONBLOCK). Only a missing file is
 * 'none': a symlink, a non-regular file, an unreadable one or one that does
 * not parse is 'unknown' — held, by nobody this process can name.
 */
export function readOwnerFile(file: string): OwnerFile {
	const {O_RDONLY, O_NOFOLLOW, O_NONBLOCK} = fs.constants;
	let fd: number;
	try {
		fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return {kind: 'none'};
		if (code === 'ELOOP') return {kind: 'unknown', reason: symlinkReason(file)};
		return {kind: 'unknown', reason: `cannot be read: ${code ?? (error as Error).message}`};
	}
	try {
		// The broker reads the lock file on every contended wait: one read into a buffer kept for it, no fstat.
		// A record never fills the buffer; a directory fails the read, a FIFO reads empty (O_NONBLOCK).
		const length = fs.readSync(fd, recordBuffer, 0, recordBuffer.length, 0);
		if (length === recordBuffer.length) return {kind: 'unknown', reason: `${kindOf(fd)} of ${MAX_RECORD} bytes or more, too long for one`};
		const owner = parseOwner(recordBuffer.toString('utf8', 0, length));
		if (owner) return {kind: 'owner', owner};
		if (length > 0) return {kind: 'unknown', reason: `content ${preview(recordBuffer, length)}`};
		const kind = kindOf(fd);
		return {kind: 'unknown', reason: kind === 'a regular file' ? 'empty' : `${kind}, empty`};
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EISDIR') return {kind: 'unknown', reason: 'not a regular file but a directory'};
		return {kind: 'unknown', reason: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`};
	} finally {
		fs.closeSync(fd);
	}
}

function symlinkReason(file: string): string {
	try {
		return `a symbolic link to ${fs.readlinkSync(file)}`;
	} catch {
		return 'a symbolic link';
	}
}

/** The start of unparsable content, quoted and escaped so that the report stays one line. */
function preview(buffer: Buffer, length: number): string {
	const text = buffer.toString('utf8', 0, Math.min(length, 40));
	const quoted = JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029]/g, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
	return length > 40 ? `${quoted}…` : quoted;
}

/** Whether anything (a symlink too, dangling or not) is at `file`. */
export function occupied(file: string): boolean {
	try {
		// access() is the cheap common case (held); only a path it calls free needs lstat, for a dangling symlink.
		return fs.existsSync(file) || fs.lstatSync(file, {throwIfNoEntry: false}) !== undefined;
	} catch {
		return true; // unreadable (EACCES, ENOTDIR, ELOOP): nobody can take it either
	}
}
