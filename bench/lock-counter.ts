/**
 * Twin of anchors/lock_counter.py and anchors/proper-lockfile-counter.mjs: N
 * processes × K increments of a 20-byte zero-padded counter in a file,
 * guarded by our Lock (`--rlock`: our RLock). Clock: from "go" (every child
 * ready) to the last "done".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Event, Lock, Process, Queue, RLock, shutdown} from '../src/index.ts';
import {intOptions, nowS, report, round, workersUrl} from './common.ts';

const WIDTH = 20;
const {
	values: {procs, ops},
	flags,
} = intOptions({procs: 4, ops: 5000}, ['no-lock', 'rlock']);
const useLock = !flags['no-lock'];
const reentrant = flags.rlock === true;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lock-'));
const file = path.join(dir, 'counter.db');
fs.writeFileSync(file, '0'.repeat(WIDTH));

const lock = useLock ? (reentrant ? new RLock({name: 'counter'}) : new Lock({name: 'counter'})) : null;
const ready = new Queue({name: 'ready'});
const go = new Event({name: 'go'});
const done = new Queue({name: 'done'});
const workers = Array.from(
	{length: procs},
	(_, i) =>
		new Process({
			module: workersUrl(import.meta.url),
			target: 'lockCounter',
			name: `worker-${i}`,
			args: [file, ops, lock, ready, go, done],
		}),
);

const tWall = nowS();
for (const worker of workers) await worker.start();
for (let i = 0; i < procs; i++) await ready.get();
const t0 = nowS();
await go.set();
for (let i = 0; i < procs; i++) await done.get();
const t1 = nowS();
const codes = await Promise.all(workers.map(worker => worker.join()));
const wall = nowS() - tWall;
await shutdown();

const final = Number(fs.readFileSync(file, 'latin1'));
fs.rmSync(dir, {recursive: true, force: true});
const expected = procs * ops;
const seconds = t1 - t0;
report({
	bench: 'lock-counter',
	impl: `sync-demo${useLock ? (reentrant ? '-rlock' : '') : '-nolock'}`,
	procs,
	ops: expected,
	seconds: round(seconds, 4),
	ops_per_s: round(expected / seconds, 1),
	final,
	lost: expected - final,
	correct: final === expected && codes.every(code => code === 0),
	wall_seconds_incl_spawn: round(wall, 4),
});
