/** Children that take a lock or a permit and keep it until the test kills them. */
import assert from 'node:assert/strict';
import type {Lock, RLock, Semaphore} from '../../src/index.ts';
import {Event, Process} from '../../src/index.ts';
import {fixtures} from './fixtures.ts';

/** Start a child that holds `primitive` forever; resolves once it holds it. */
async function startHolder(module: URL, target: string, primitive: Lock | RLock | Semaphore, name: string, extra: unknown[] = []): Promise<Process> {
	const ready = new Event();
	const holder = new Process({module, target, args: [primitive, ...extra, ready], name});
	await holder.start();
	assert.equal(await ready.wait({timeout: 20_000}), true);
	return holder;
}

export const startLockHolder = (lock: Lock, name: string): Promise<Process> => startHolder(fixtures.lock, 'holdLockForever', lock, name);

export const startPermitHolder = (semaphore: Semaphore, name: string): Promise<Process> =>
	startHolder(fixtures.semaphore, 'holdPermitForever', semaphore, name);

/** A child that holds `rlock` at `depth` forever. */
export const startRLockHolder = (rlock: RLock, name: string, depth = 1): Promise<Process> =>
	startHolder(fixtures.rlock, 'holdRLockForever', rlock, name, [depth]);
