/**
 * Value and SharedArray across real processes, watched: CPython's
 * `_TestValue` and `_TestArray` cases in our words, the `+= 1` race with and
 * without the lock, and the shared file itself.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import util from 'node:util';
import type {ItemInput, Typecode} from '../src/index.ts';
import {Lock, Process, Queue, RLock, SharedArray, Value} from '../src/index.ts';
import {SharedBlock} from '../src/primitives/shared-block.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';
import {RACE_TIMES, RACERS, raceItems, raceValue} from './support/value-race.ts';

/** Each typecode with a first and a second value (CPython's `codes_values`, without `'c'`, plus edges of our own). */
const CODES: Array<[Typecode, ItemInput, ItemInput]> = [
	['i', 4343, 24234],
	['d', 3.625, -4.25],
	['h', -232, 234],
	['q', 2n ** 33n, 2n ** 34n],
	['B', 200, 7],
	['Q', 2n ** 64n - 1n, 0n],
	['f', 0.5, -1.25],
	['d', 0.1, 5e-324],
	['d', Number.MAX_VALUE, -0],
	['d', Number.NaN, Number.POSITIVE_INFINITY],
];

const SEQ = [680, 626, 934, 821, 150, 233, 548, 982, 714, 831];

async function runChild(target: string, args: unknown[]): Promise<void> {
	const child = new Process({module: fixtures.value, target, args, daemon: true});
	await child.start();
	assert.equal(await child.join(), 0, `${target} exit code`);
}

/** The shared files in the run's folder now. */
function sharedFiles(): string[] {
	return fs.readdirSync(Run.current().dir).filter(name => name.startsWith('shared.'));
}

describe('Value and SharedArray', () => {
	const run = useRun();

	for (const raw of [false, true]) {
		test(`a child's writes are what the parent reads next, every typecode (${raw ? 'lock: false, as RawValue' : 'with a lock'})`, async () => {
			const values = CODES.map(([code, first]) => new Value(code, first, {lock: !raw}));
			for (const [i, value] of values.entries()) assert.equal(value.value, CODES[i]![1], `${CODES[i]![0]} before`);
			await runChild('setValues', [values, CODES.map(([, , second]) => second)]);
			for (const [i, value] of values.entries()) assert.equal(value.value, CODES[i]![2], `${CODES[i]![0]} after`);
		});

		test(`an array from values: length, items, slices; a child sums it in place (${raw ? 'lock: false, as RawArray' : 'with a lock'})`, async () => {
			const seq = [...SEQ];
			const array = new SharedArray('i', seq, {lock: !raw});
			assert.equal(array.length, seq.length);
			assert.equal(array.get(3), seq[3]);
			assert.deepEqual(array.toArray().slice(2, 7), seq.slice(2, 7));
			for (const [k, x] of [1, 2, 3, 4].entries()) {
				array.set(4 + k, x);
				seq[4 + k] = x;
			}
			assert.deepEqual(array.toArray(), seq);
			for (let i = 1; i < seq.length; i++) seq[i]! += seq[i - 1]!;
			await runChild('prefixSums', [array]);
			assert.deepEqual(array.toArray(), seq);
			assert.deepEqual([...array], seq, 'iterating reads the same');
		});
	}

	test('an array from a size starts at zero, every time', () => {
		for (let round = 0; round < 3; round++) {
			const array = new SharedArray('i', 10);
			assert.equal(array.length, 10);
			assert.deepEqual(array.toArray(), new Array(10).fill(0));
			for (let i = 0; i < 10; i++) array.set(i, i);
			assert.deepEqual(array.toArray(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		}
		assert.deepEqual(new SharedArray('q', 3).toArray(), [0n, 0n, 0n], 'the 64-bit codes start at 0n');
		assert.deepEqual(new SharedArray('d', 0).toArray(), [], 'an empty array');
	});

	for (const kind of ['Value', 'SharedArray'] as const) {
		const make = (lock?: unknown) =>
			kind === 'Value'
				? new Value('i', 5, lock === undefined ? {} : {lock: lock as never})
				: new SharedArray('i', SEQ, lock === undefined ? {} : {lock: lock as never});
		test(`${kind}.getLock(): its own RLock by default, the Lock or RLock given, none with lock: false`, async () => {
			const first = make();
			assert.ok(first.getLock() instanceof RLock);
			assert.notEqual(make().getLock(), first.getLock(), 'each its own');
			assert.ok(make(true).getLock() instanceof RLock, 'lock: true is the default');
			assert.equal(first.info().lock, first.getLock().name);
			// Reentrant, as Python's: taken again inside itself.
			assert.equal(await first.getLock().withLock(() => first.getLock().withLock(() => (first.getLock() as RLock).depth)), 2);
			for (const lock of [new Lock(), new RLock()]) {
				assert.equal(make(lock).getLock(), lock, 'the lock it was given');
				assert.equal(make(lock).info().lock, lock.name);
			}
			const raw = make(false);
			assert.throws(
				() => raw.getLock(),
				(error: unknown) => error instanceof TypeError && /lock: false/.test(error.message),
			);
			assert.equal(raw.info().lock, null);
			assert.throws(
				() => make('notalock'),
				(error: unknown) => error instanceof TypeError && /`lock`/.test(error.message),
			);
		});
	}

	test('in a child, a value and an array made with one RLock have that RLock, the same object as passed on its own', async () => {
		const lock = new RLock({name: 'one-lock'});
		const value = new Value('i', 0, {lock});
		const array = new SharedArray('i', 2, {lock});
		const results = new Queue();
		await runChild('sameLock', [value, array, lock, results]);
		assert.deepEqual(await results.get(), {same: true, depth: 0});
		assert.equal(value.value, 2, 'changed at depth 2');
	});

	test('a child sees the same value, items and info, and the lock it was made with', async () => {
		const lock = new Lock({name: 'shared-lock'});
		const value = new Value('q', -(2n ** 40n), {lock, name: 'big'});
		const array = new SharedArray('d', [0.25, -1e300], {lock: false, name: 'floats'});
		const results = new Queue();
		await runChild('reportValue', [value, array, results]);
		const seen = (await results.get()) as {value: bigint; info: unknown; items: number[]; arrayInfo: unknown};
		assert.equal(seen.value, -(2n ** 40n));
		assert.deepEqual(seen.info, {typecode: 'q', value: -(2n ** 40n), path: value.info().path, lock: 'shared-lock'});
		assert.deepEqual(seen.items, [0.25, -1e300]);
		assert.deepEqual(seen.arrayInfo, {typecode: 'd', length: 2, path: array.info().path, lock: null});
		assert.deepEqual(Run.current().broker.info(value.handle.id, 'value'), value.info(), 'the broker reads the same file');
		assert.deepEqual(Run.current().broker.info(array.handle.id, 'array'), array.info());
	});

	test('util.inspect shows the typecode and the value, as Python shows a synchronized wrapper', () => {
		assert.equal(util.inspect(new Value('i', 5)), "<Value('i', 5)>");
		assert.equal(util.inspect(new Value('i', 5, {lock: false})), "<Value('i', 5, lock=false)>");
		assert.equal(util.inspect(new Value('q', 2n ** 33n)), "<Value('q', 8589934592)>");
		assert.equal(util.inspect(new Value('d', 3)), "<Value('d', 3.0)>");
		assert.equal(util.inspect(new Value('d', Number.NaN)), "<Value('d', nan)>");
		assert.equal(util.inspect(new SharedArray('B', [1, 2, 255])), "<SharedArray('B', [1, 2, 255])>");
		assert.equal(util.inspect(new SharedArray('i', 12)), "<SharedArray('i', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, … 2 more])>");
	});

	test('bad typecodes, values, indexes and lengths throw what Python would, and leave no file behind', () => {
		const before = sharedFiles();
		for (const code of ['z', 'c', 'u', '', 4, undefined]) assert.throws(() => new Value(code as never, 0), TypeError, `typecode ${String(code)}`);
		for (const bad of [1.5, 'x', null, true, {}, Number.NaN, Number.POSITIVE_INFINITY])
			assert.throws(() => new Value('i', bad as never), TypeError, `'i' ${String(bad)}`);
		assert.throws(() => new Value('d', 'x' as never), TypeError);
		assert.throws(() => new Value('d', 10n ** 400n), RangeError, "a bigint too large for 'd' (Python: OverflowError)");
		assert.throws(
			() => new SharedArray('i', -1),
			(error: unknown) => error instanceof Error && error.name === 'ValueError',
		);
		assert.throws(() => new SharedArray('i', 2.5), TypeError);
		assert.throws(() => new SharedArray('i', 'abc' as never), TypeError);
		assert.throws(() => new SharedArray('i', null as never), TypeError);
		assert.throws(() => new SharedArray('i', [1, 'x'] as never), /lengthOrValues\[1\]/);
		assert.deepEqual(sharedFiles(), before, 'no file made by a refused construction');

		const value = new Value('i', 7);
		assert.throws(() => {
			value.value = 'x' as never;
		}, TypeError);
		assert.equal(value.value, 7, 'a refused write writes nothing');
		const array = new SharedArray('i', [1, 2, 3]);
		assert.equal(array.get(-1), 3, 'negative indexes count from the end, as in ctypes');
		assert.equal(array.get(-3), 1);
		for (const index of [3, -4, 100]) {
			assert.throws(() => array.get(index), RangeError, `get(${index})`);
			assert.throws(() => array.set(index, 0), RangeError, `set(${index})`);
		}
		for (const index of [1.5, '1', null, 1n]) assert.throws(() => array.get(index as never), TypeError, `get(${String(index)})`);
		assert.throws(() => array.set(0, 0.5), TypeError);
		assert.deepEqual(array.toArray(), [1, 2, 3], 'refused writes wrote nothing');
	});

	test('the shared file: in the run folder, mode 0600, the items in place; a name already taken (a symlink) is skipped, never followed', () => {
		const value = new Value('i', 1, {lock: false});
		const file = value.info().path;
		assert.equal(path.dirname(file), Run.current().dir);
		const stat = fs.lstatSync(file);
		assert.ok(stat.isFile());
		assert.equal(stat.mode & 0o777, 0o600);
		assert.equal(stat.size, 4);
		value.value = 0x01020304;
		assert.equal(fs.readFileSync(file).readInt32LE(0), 0x01020304, 'written in place, in the machine byte order');
		assert.equal(fs.statSync(new SharedArray('d', 5).info().path).size, 40);

		// Two values, two files (billiard's issue 229: setting one left the other alone).
		const other = new Value('i', 0, {lock: false});
		assert.notEqual(other.info().path, file);
		value.value = 5;
		assert.equal(other.value, 0);

		// The next name this process would use is taken by a symlink to a file outside: skipped.
		const [, pid, n] = /^shared\.(\d+)\.(\d+)$/.exec(path.basename(new Value('i', 0, {lock: false}).info().path))!;
		const outside = path.join(path.dirname(Run.current().dir), `outside-${process.pid}`);
		fs.writeFileSync(outside, 'untouched');
		const planted = path.join(Run.current().dir, `shared.${pid}.${Number(n) + 1}`);
		fs.symlinkSync(outside, planted);
		try {
			const next = new Value('i', 42, {lock: false});
			assert.equal(path.basename(next.info().path), `shared.${pid}.${Number(n) + 2}`);
			assert.equal(next.value, 42);
			assert.equal(fs.readFileSync(outside, 'utf8'), 'untouched');
			assert.ok(fs.lstatSync(planted).isSymbolicLink());

			// A value whose file was swapped for a symlink is refused where it arrives, not read through it
			fs.rmSync(next.info().path);
			fs.symlinkSync(outside, next.info().path);
			// (Opened as another process opens it: this process keeps its own object for the id.)
			assert.throws(
				() => SharedBlock.open(next.info().path, 'i', 1),
				(error: NodeJS.ErrnoException) => error.code === 'ELOOP',
			);
		} finally {
			fs.rmSync(outside);
		}
	});

	test(`without the lock, ${RACERS} processes × ${RACE_TIMES} × \`value += 1\` lose updates; under getLock() the count is exact`, async () => {
		const unlocked = new Value('i', 0, {lock: false});
		await raceValue(unlocked, RACE_TIMES, false);
		const total = RACERS * RACE_TIMES;
		const lost = total - unlocked.value;
		assert.ok(lost > 0, `updates lost: counter is ${unlocked.value} of ${total}`);
		assert.ok(unlocked.value > 0, `the counter moved: ${unlocked.value}`);

		const locked = new Value('i', 0, {name: 'counted'});
		await raceValue(locked, 2000, true);
		assert.equal(locked.value, RACERS * 2000);
		assert.equal(run.sync({kind: 'rlock', target: 'counted.lock', op: 'acquired'}).length, RACERS * 2000, 'one acquired event per increment');
		assert.equal(run.sync({kind: 'value'}).length, 0, 'reads and writes are no events');
	});

	test(`SharedArray: the same race per item, and exact under getLock()`, async () => {
		const times = RACE_TIMES / 4;
		const unlocked = new SharedArray('i', 4, {lock: false});
		await raceItems(unlocked, times, false);
		for (const [k, item] of unlocked.toArray().entries()) {
			assert.ok(item < RACERS * times, `item ${k} lost updates: ${item} of ${RACERS * times}`);
			assert.ok(item > 0, `item ${k} moved: ${item}`);
		}
		const locked = new SharedArray('i', 4);
		await raceItems(locked, 500, true);
		assert.deepEqual(locked.toArray(), new Array(4).fill(RACERS * 500));
	});
});
