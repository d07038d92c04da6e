/**
 * The file that holds a shared Value's or SharedArray's items: in the run's
 * private folder, created with O_EXCL|O_NOFOLLOW and mode 0600, then read
 * and written in place with pread/pwrite by every process that has it. The
 * file goes with the run's folder.
 */
import fs from 'node:fs';
import path from 'node:path';

const {O_RDWR, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK} = fs.constants;

/** One shared file is at most this big (one pread or pwrite carries it whole). */
export const MAX_SHARED_BYTES = 2 ** 31 - 1;

let counter = 0;

/**
 * Create a new shared file in `dir` holding `content` (bytes, or that many
 * zero bytes); returns its path and an open descriptor. The name is this process's own (`shared.<pid>.<n>`);
 * O_EXCL never opens what is already there (a file left by a dead process
 * whose pid came back is skipped), O_NOFOLLOW never follows a symlink.
 */
export function createSharedFile(dir: string, content: Uint8Array | number): {path: string; fd: number} {
	for (;;) {
		const file = path.join(dir, `shared.${process.pid}.${++counter}`);
		let fd: number;
		try {
			fd = fs.openSync(file, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
			throw error;
		}
		try {
			if (typeof content === 'number') fs.ftruncateSync(fd, content);
			else writeAt(fd, content, 0);
		} catch (error) {
			fs.closeSync(fd);
			fs.rmSync(file, {force: true});
			throw error;
		}
		return {path: file, fd};
	}
}

/**
 * Open an existing shared file for reading and writing: never through a
 * symlink, never anything but a regular file of the expected size (a file
 * that is not what its creator made is an error, not data).
 */
export function openSharedFile(file: string, size: number): number {
	const fd = fs.openSync(file, O_RDWR | O_NOFOLLOW | O_NONBLOCK);
	try {
		const stat = fs.fstatSync(fd);
		if (!stat.isFile()) throw new Error(`shared file ${file} is not a regular file`);
		if (stat.size !== size) throw new Error(`shared file ${file} holds ${stat.size} bytes, not the ${size} its value was made with`);
		return fd;
	} catch (error) {
		fs.closeSync(fd);
		throw error;
	}
}

/** pread `target.length` bytes at `position`, all of them. */
export function readAt(fd: number, target: Uint8Array, position: number): void {
	let done = 0;
	while (done < target.length) {
		const n = fs.readSync(fd, target, done, target.length - done, position + done);
		if (n === 0) throw new Error(`shared file ended after ${position + done} bytes`);
		done += n;
	}
}

/** pwrite all of `source` at `position`. */
export function writeAt(fd: number, source: Uint8Array, position: number): void {
	let done = 0;
	while (done < source.length) done += fs.writeSync(fd, source, done, source.length - done, position + done);
}

/** The whole content of a shared file, read through a descriptor of its own (the broker's `info()`). */
export function readSharedFile(file: string, size: number): Uint8Array {
	const fd = openSharedFile(file, size);
	try {
		const bytes = new Uint8Array(size);
		readAt(fd, bytes, 0);
		return bytes;
	} finally {
		fs.closeSync(fd);
	}
}
