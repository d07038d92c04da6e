/** Run folders (`$TMPDIR/sync-demo-*`) and who owns them: the one place tests look for them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PREFIX} from '../../src/run/sweep.ts';

export {PREFIX};

/** The run folders in `tmp`, as paths. */
export function runFolders(tmp = os.tmpdir()): string[] {
	return fs
		.readdirSync(tmp)
		.filter(name => name.startsWith(PREFIX))
		.map(name => path.join(tmp, name));
}

/** The pid an owner record names (a run's `run.owner`, a lock file); undefined if it cannot be read. */
export function ownerPid(file: string): number | undefined {
	try {
		const pid = Number(fs.readFileSync(file, 'utf8').split(' ')[0]);
		return Number.isInteger(pid) ? pid : undefined;
	} catch {
		return undefined;
	}
}

/** The run folders in `tmp` whose owner is `pid` (other suites may run meanwhile and own theirs). */
export function runFoldersOf(pid: number, tmp = os.tmpdir()): string[] {
	return runFolders(tmp).filter(dir => ownerPid(path.join(dir, 'run.owner')) === pid);
}
