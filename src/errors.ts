/** Base of every error the sync layer throws; `code` is stable and meant for programs. */
export class SyncError extends Error {
	readonly code: string;

	constructor(code: string, message: string, options?: ErrorOptions) {
		super(message, options);
		this.name = new.target.name;
		this.code = code;
	}
}

/** `putNowait()` on a full queue, or `put({timeout})` that timed out (Python's `queue.Full`). */
export class Full extends SyncError {
	constructor(message = 'queue is full') {
		super('FULL', message);
	}
}

/** `getNowait()` on an empty queue, or `get({timeout})` that timed out (Python's `queue.Empty`). */
export class Empty extends SyncError {
	constructor(message = 'queue is empty') {
		super('EMPTY', message);
	}
}

/** A blocking call that gave up after its `timeout`. */
export class TimeoutError extends SyncError {
	constructor(message: string) {
		super('TIMEOUT', message);
	}
}

/** A call that breaks the primitive's rules, like Python's `ValueError` (`taskDone()` too often, releasing a lock not held). */
export class ValueError extends SyncError {
	constructor(message: string) {
		super('VALUE', message);
	}
}

/** The queue was closed in this process (Python raises `ValueError` on a closed queue). */
export class Closed extends SyncError {
	constructor(message = 'queue is closed') {
		super('CLOSED', message);
	}
}

/** The broker went away (the parent process died or the run ended) while a call was pending. */
export class Disconnected extends SyncError {
	constructor(message = 'the run this process belongs to has ended') {
		super('DISCONNECTED', message);
	}
}

/** The run's private folder could not be made in the temp folder (TMPDIR missing, not a folder, not writable): a problem of the environment. */
export class RunFolderError extends SyncError {
	constructor(message: string, options?: ErrorOptions) {
		super('RUN_FOLDER', message, options);
	}
}

/**
 * `join()` on a JoinableQueue whose unfinished tasks include some taken by a
 * process that has ended without marking them done: nothing alive can finish
 * them, so the join could never return.
 */
export class Abandoned extends SyncError {
	constructor(message: string) {
		super('ABANDONED', message);
	}
}

/**
 * A barrier wait that cannot pass: the barrier was aborted or reset, a
 * party's wait timed out, a waiting party died, or the action failed
 * (Python's `threading.BrokenBarrierError`).
 */
export class BrokenBarrierError extends SyncError {
	constructor(message: string) {
		super('BROKEN_BARRIER', message);
	}
}

/** `recv()` on a connection whose other end every process has closed, once nothing is left to read (Python's `EOFError`). */
export class EOFError extends SyncError {
	constructor(message = 'the other end of the pipe is closed') {
		super('EOF', message);
	}
}

/** A file-system error as a few words, without the syscall and path Node adds. */
export function fsReason(error: unknown): string {
	switch ((error as NodeJS.ErrnoException).code) {
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'EROFS':
			return 'read-only file system';
		case 'ENOSPC':
			return 'no space left on the device';
		case 'EISDIR':
			return 'it is a directory';
		case 'ENOTDIR':
			return 'not a directory';
		case 'ENOENT':
			return 'no such file or directory';
		default:
			return error instanceof Error ? error.message.replace(/, \w+ '.*$/, '') : String(error);
	}
}

/** Argument errors say what was expected and what came. */
export function expected(what: string, name: string, value: unknown): TypeError {
	const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
	return new TypeError(`Expected \`${name}\` to be ${what}, got ${shown} (${typeof value})`);
}

/** Rebuild an error that crossed a process boundary as `{code, message}`. */
export function reviveError(code: string, message: string): Error {
	switch (code) {
		case 'FULL':
			return new Full(message);
		case 'EMPTY':
			return new Empty(message);
		case 'TIMEOUT':
			return new TimeoutError(message);
		case 'VALUE':
			return new ValueError(message);
		case 'CLOSED':
			return new Closed(message);
		case 'DISCONNECTED':
			return new Disconnected(message);
		case 'ABANDONED':
			return new Abandoned(message);
		case 'BROKEN_BARRIER':
			return new BrokenBarrierError(message);
		case 'EOF':
			return new EOFError(message);
		default:
			return new SyncError(code, message);
	}
}
