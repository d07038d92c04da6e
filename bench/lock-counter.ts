/**
 * Twin of anchors/lock_counter.py and anchors/proper-lockfile-counter.mjs: N
 * processes × K increments of a 20-byte zero-padded counter in a file,
 * guarded by our Lock (`--rlock`: our RLock). Clock: from "go" (every child
 * ready) to the last "done".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Lock, RLock, shutdown} from '../src/index.ts';
import {intOptions, workersUrl} from './common.ts';
import {goDone, reportCount} from './crew.ts';

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
const run = await goDone(workersUrl(import.meta.url), 'lockCounter', procs, [file, ops, lock]);
await shutdown();

const final = Number(fs.readFileSync(file, 'latin1'));
fs.rmSync(dir, {recursive: true, force: true});
reportCount('lock-counter', `sync-demo${useLock ? (reentrant ? '-rlock' : '') : '-nolock'}`, {procs, ops, final, exact: true}, run);
