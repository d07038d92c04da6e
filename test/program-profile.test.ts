/**
 * The sync profile and the deadlock finder of `sync-demo run`, on recorded
 * events made up here (no processes): exact counts, waits, peaks, blocked
 * time; a kind of primitive they have never heard of is profiled the same way.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {findDeadlock} from '../src/cli/program/deadlock.ts';
import {profile} from '../src/cli/program/profile.ts';
import type {RunEvent} from '../src/run/run.ts';

const PIDS: Record<string, number> = {main: 100, a: 101, b: 102, c: 103};
const sync = (t: number, proc: string, op: string, kind: string, target: string, detail: Record<string, unknown> = {}): RunEvent =>
	({type: 'sync', t, proc, pid: PIDS[proc]!, op, kind, target, ...detail}) as RunEvent;
const spawn = (t: number, proc: string): RunEvent => ({type: 'spawn', t, proc, pid: PIDS[proc]!, daemon: false});
const exit = (t: number, proc: string): RunEvent => ({type: 'exit', t, proc, pid: PIDS[proc]!, code: 0, signal: null});
const main = {proc: 'main', pid: PIDS.main!};

describe('profile', () => {
	test('a lock: calls, waits, total and longest wait, peak holders; the processes: life, blocked time and on what', () => {
		const events = [
			spawn(0, 'a'),
			spawn(10, 'b'),
			sync(20, 'a', 'acquired', 'lock', 'db'),
			sync(30, 'b', 'acquire', 'lock', 'db'),
			sync(70, 'a', 'release', 'lock', 'db'),
			sync(70, 'b', 'acquired', 'lock', 'db'),
			sync(80, 'a', 'acquire', 'lock', 'db'),
			sync(100, 'b', 'release', 'lock', 'db'),
			sync(100, 'a', 'acquired', 'lock', 'db'),
			sync(110, 'a', 'release', 'lock', 'db'),
			exit(120, 'a'),
			sync(105, 'main', 'join-wait', 'process', 'b'),
			exit(130, 'b'),
			sync(130, 'main', 'joined', 'process', 'b'),
		];
		const result = profile(events, 150, main);
		assert.deepEqual(result.primitives, [{kind: 'lock', name: 'db', operations: 6, waits: 2, waitedMs: 60, longestWaitMs: 40, peakHolders: 1}]);
		assert.deepEqual(result.processes, [
			{proc: 'main', pid: 100, ranMs: 150, blockedMs: 25, blockedOn: [{on: 'process b', ms: 25}]},
			{proc: 'a', pid: 101, ranMs: 120, blockedMs: 20, blockedOn: [{on: 'lock db', ms: 20}]},
			{proc: 'b', pid: 102, ranMs: 120, blockedMs: 40, blockedOn: [{on: 'lock db', ms: 40}]},
		]);
	});

	test('a queue: items counted (not calls), peak size; waits on two things at once count once as blocked time', () => {
		const events = [
			spawn(0, 'a'),
			sync(10, 'a', 'get-wait', 'queue', 'q', {size: 0}),
			sync(12, 'a', 'wait', 'event', 'go'),
			sync(20, 'main', 'put', 'queue', 'q', {n: 3, size: 3}),
			sync(21, 'a', 'get', 'queue', 'q', {n: 2, size: 1}),
			sync(30, 'main', 'set', 'event', 'go', {woken: 1}),
			sync(31, 'a', 'woke', 'event', 'go'),
			sync(40, 'main', 'put', 'queue', 'q', {n: 1, size: 2}),
			exit(50, 'a'),
		];
		const result = profile(events, 60, main);
		assert.deepEqual(result.primitives, [
			{kind: 'queue', name: 'q', operations: 6, waits: 1, waitedMs: 11, longestWaitMs: 11, peakSize: 3},
			{kind: 'event', name: 'go', operations: 2, waits: 1, waitedMs: 19, longestWaitMs: 19},
		]);
		const a = result.processes.find(p => p.proc === 'a')!;
		assert.equal(a.blockedMs, 21, 'from 10 to 31, the two waits overlapping');
		assert.deepEqual(a.blockedOn, [
			{on: 'event go', ms: 19},
			{on: 'queue q', ms: 11},
		]);
	});

	test('a semaphore: peak holders is the most held at once, from the overlap and from what the broker counted', () => {
		const events = [
			sync(0, 'a', 'acquired', 'semaphore', 's', {holders: 1}),
			sync(5, 'b', 'acquired', 'semaphore', 's', {holders: 2}),
			sync(10, 'a', 'release', 'semaphore', 's', {holders: 1}),
			sync(10, 'c', 'acquired', 'semaphore', 's', {holders: 2}),
			sync(20, 'b', 'release', 'semaphore', 's', {holders: 1}),
			sync(30, 'c', 'release', 'semaphore', 's', {holders: 0}),
		];
		assert.equal(profile(events, 40, main).primitives[0]!.peakHolders, 2, 'a hand-over at t=10 is not three at once');
	});

	test('a kind of primitive it has never seen is profiled from its events alone', () => {
		const events = [
			sync(0, 'a', 'acquire', 'barrier', 'meet'),
			sync(0, 'b', 'acquire', 'barrier', 'meet'),
			sync(50, 'c', 'acquired', 'barrier', 'meet', {holders: 3}),
			sync(50, 'a', 'acquired', 'barrier', 'meet', {holders: 3}),
			sync(50, 'b', 'acquired', 'barrier', 'meet', {holders: 3}),
		];
		assert.deepEqual(profile(events, 60, main).primitives, [
			{kind: 'barrier', name: 'meet', operations: 3, waits: 2, waitedMs: 100, longestWaitMs: 50, peakHolders: 3},
		]);
	});

	test('a run without events: main alone', () => {
		assert.deepEqual(profile([], 12, main), {primitives: [], processes: [{proc: 'main', pid: 100, ranMs: 12, blockedMs: 0, blockedOn: []}]});
	});
});

describe('findDeadlock', () => {
	const waiter = (name: string, call: string, target: string) => ({peer: {name}, call, target});

	test('two processes, each holding the lock the other waits for: the cycle; main joining one is not part of it', () => {
		const events = [sync(0, 'a', 'acquired', 'lock', 'x'), sync(1, 'b', 'acquired', 'lock', 'y')];
		const waits = [waiter('main', 'process.join()', 'a'), waiter('a', 'lock.acquire()', 'y'), waiter('b', 'lock.acquire()', 'x')];
		assert.deepEqual(findDeadlock(waits, events), ['a', 'b']);
	});

	test('main holding a lock while it joins a child that waits for that lock', () => {
		const events = [sync(0, 'main', 'acquired', 'lock', 'x')];
		assert.deepEqual(findDeadlock([waiter('main', 'process.join()', 'a'), waiter('a', 'lock.acquire()', 'x')], events), ['main', 'a']);
	});

	test('a released lock, a recovered one, a queue nobody puts to: no cycle, a plain hang', () => {
		const events = [
			sync(0, 'a', 'acquired', 'lock', 'x'),
			sync(1, 'a', 'release', 'lock', 'x'),
			sync(2, 'b', 'acquired', 'lock', 'y'),
			sync(3, 'b', 'recovered', 'lock', 'y', {deadProc: 'b', deadPid: 102}),
		];
		const waits = [waiter('a', 'lock.acquire()', 'y'), waiter('c', 'queue.get()', 'q'), waiter('main', 'process.join()', 'c')];
		assert.equal(findDeadlock(waits, events), null);
	});

	test('a process waiting for a lock it holds itself: a cycle of one', () => {
		const events = [sync(0, 'a', 'acquired', 'lock', 'x')];
		assert.deepEqual(findDeadlock([waiter('a', 'lock.acquire()', 'x'), waiter('main', 'process.join()', 'a')], events), ['a']);
	});

	test('any kind that is acquired and released: two semaphores taken in opposite orders', () => {
		const events = [sync(0, 'a', 'acquired', 'semaphore', 's'), sync(1, 'b', 'acquired', 'semaphore', 't')];
		assert.deepEqual(findDeadlock([waiter('a', 'semaphore.acquire()', 't'), waiter('b', 'semaphore.acquire()', 's')], events), ['a', 'b']);
	});
});
