/** Whether the processes a test started are gone: the one place tests ask. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {until} from './wait.ts';

/** Whether `pid` names a living process (a zombie waiting to be reaped counts as dead). */
export function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
		const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
		return state !== 'Z' && state !== 'X';
	} catch {
		return true;
	}
}

/** None of `pids` is running now. */
export function assertNoneRunning(pids: Iterable<number>, message: string): void {
	assert.deepEqual([...pids].filter(isRunning), [], message);
}

/** Poll until none of `pids` is running (the bound is a safety net). */
export async function untilDead(pids: Iterable<number>, what: string, bound?: number): Promise<void> {
	const list = [...pids];
	await until(() => !list.some(isRunning), what, bound);
}

/** `pid` is gone altogether, reaped too: kill(pid, 0) fails with ESRCH. */
export function assertReaped(pid: number, message?: string): void {
	assert.throws(
		() => process.kill(pid, 0),
		(error: NodeJS.ErrnoException) => error.code === 'ESRCH',
		message,
	);
}
