import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {Event, Lock, Process, Queue} from '../src/index.ts';
import {formatOwner, parseOwner, readOwnerFile} from '../src/ipc/owner.ts';
import {blockedWaits, explainHang} from '../src/run/hang.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {startLockHolder} from './support/holders.ts';
import {useRun} from './support/use-run.ts';
import {tracked, until} from './support/wait.ts';

/** Names that broke the one-line owner record: a regular expression's `.` stops at each of these. */
const AWKWARD = 'all\n\r\u2028of them';

/** CPU a process may spend waiting on the lock: a waiter that parks spends a few ms; one that spins, a core. */
const CPU_BOUND_MS = 500;
/** The timed waiter's timeout: long enough that a spinning process would blow the CPU bound. */
const TIMEOUT_MS = 3000;
/** Safety net against the old livelock; never a timing assertion. */
const SAFETY_MS = 15_000;

interface Report {
	pid: number;
	got: boolean;
	cpuMs: number;
}

const isPresent = (file: string): boolean => fs.lstatSync(file, {throwIfNoEntry: false}) !== undefined;
const cpuMs = ({user, system}: NodeJS.CpuUsage): number => (user + system) / 1000;

/** Things at a lock path that are no owner record, and the reason the broker must give. */
const BAD_FILES: Array<{what: string; make(file: string): void; reason: RegExp}> = [
	{what: 'junk', make: file => fs.writeFileSync(file, 'not an owner\n'), reason: /^content "not an owner\\n"$/},
	{what: 'a dangling symlink', make: file => fs.symlinkSync(path.join(path.dirname(file), 'nowhere'), file), reason: /^a symbolic link to .*nowhere$/},
];

describe('lock files', () => {
	const run = useRun();

	test('owner records round-trip any name, as one line, and parse rejects anything else', () => {
		for (const name of [AWKWARD, 'line\nfeed', 'carriage\rreturn', 'line\u2028separator', '', ' x y ', '%41', "!*()'", 'ü😀', '\ud800 lone']) {
			const owner = {pid: 4242, start: '123', name};
			const text = formatOwner(owner);
			assert.match(text, /^[\x20-\x7e]*\n$/, `the record of ${JSON.stringify(name)} is one line of printable ASCII`);
			assert.deepEqual(parseOwner(text), owner, `${JSON.stringify(name)} round-trips`);
		}
		for (const junk of ['', 'junk\n', '4242 123 two\nlines\n', '4242 123 a%41\n', '4242 123 %FF\n', '0 123 a\n', '4242 x a\n', '4242 123 no-newline']) {
			assert.equal(parseOwner(junk), null, `${JSON.stringify(junk)} is no owner record`);
		}
	});

	test('a holder named with \\n, \\r and U+2028 is named in its lock file and recovered when SIGKILLed', async () => {
		const lock = new Lock();
		const results = new Queue();
		const holder = await startLockHolder(lock, AWKWARD);
		const file = readOwnerFile(lock.handle.path!);
		const owner = file.kind === 'owner' ? file.owner : null;
		assert.deepEqual([owner?.pid, owner?.name], [holder.pid, AWKWARD], 'the lock file names the holder');

		// The next in line is awkwardly named too: it must acquire and release as well.
		const next = `next\r\nin\u2028line`;
		const waiter = new Process({module: fixtures.lock, target: 'acquireAndReport', args: [lock, results], name: next});
		await waiter.start();
		await until(() => run.sync({kind: 'lock', target: lock.name, op: 'acquire', proc: next}).length > 0, 'the waiter to park');
		holder.kill('SIGKILL');
		assert.deepEqual(await results.get({timeout: 20_000}), {pid: waiter.pid, got: true});
		assert.equal(await waiter.join(), 0);
		assert.equal(await holder.join(), -9);

		const recovered = run.sync({kind: 'lock', target: lock.name, op: 'recovered'});
		assert.deepEqual(
			recovered.map(event => [event.deadPid, event.deadProc]),
			[[holder.pid, AWKWARD]],
		);
		assert.equal(run.sync({kind: 'lock', target: lock.name, op: 'release', proc: next}).length, 1);
		assert.equal(run.sync({kind: 'lock', target: lock.name, op: 'unknown-owner'}).length, 0);
		assert.equal(isPresent(lock.handle.path!), false, 'the lock is free');
	});

	for (const {what, make, reason} of BAD_FILES) {
		test(`${what} at the lock path: waiters park, time out, are reported as blocked, and get the lock once it is gone`, async () => {
			const lock = new Lock();
			const gate = new Event();
			const results = new Queue();
			const file = lock.handle.path!;
			make(file);
			const timed = new Process({module: fixtures.lock, target: 'acquireMeasured', args: [lock, gate, results, TIMEOUT_MS], name: 'timed'});
			const patient = new Process({module: fixtures.lock, target: 'acquireMeasured', args: [lock, gate, results], name: 'patient'});
			await Promise.all([timed.start(), patient.start()]);

			const before = process.cpuUsage();
			await gate.set();
			const first = (await results.get({timeout: SAFETY_MS})) as Report;
			const mainCpu = cpuMs(process.cpuUsage(before));
			assert.deepEqual([first.pid, first.got], [timed.pid, false], 'the timed acquire gave up');
			assert.ok(first.cpuMs < CPU_BOUND_MS, `the timed waiter spun: ${first.cpuMs} ms of CPU`);
			assert.ok(mainCpu < CPU_BOUND_MS, `the broker spun: ${mainCpu} ms of CPU in the main process`);
			assert.equal(await timed.join(), 0);
			assert.equal(await lock.acquire({timeout: 50}), false, 'main times out too');

			const reports = run.sync({kind: 'lock', target: lock.name, op: 'unknown-owner'});
			assert.equal(reports.length, 1, 'reported once for all waiters');
			assert.equal(reports[0]!.path, file);
			assert.match(String(reports[0]!.reason), reason);

			// Main waits for the patient waiter, which waits on the lock: nobody can act, and the report says why.
			const joined = tracked(patient.join());
			await until(() => blockedWaits(Run.current()) !== null, 'every live process to be blocked');
			const lines = explainHang(Run.current(), blockedWaits(Run.current())!);
			const expected = `patient (pid ${patient.pid}) is blocked in lock.acquire() on lock "${lock.name}", held by an unknown owner: ${file} is not an owner record (`;
			assert.ok(
				lines.some(line => line.startsWith(expected)),
				lines.join('\n'),
			);
			assert.equal(joined.settled, false);

			fs.unlinkSync(file);
			const second = (await results.get({timeout: SAFETY_MS})) as Report;
			assert.deepEqual([second.pid, second.got], [patient.pid, true], 'the patient waiter got the lock once the bad file was gone');
			assert.equal(await joined.promise, 0);
			assert.equal(isPresent(file), false, 'released');
			assert.equal(run.sync({kind: 'lock', target: lock.name, op: 'recovered'}).length, 0, 'nothing was taken for a dead holder');
		});
	}

	test("a symlink at the lock path is never followed, even to a dead owner's record", async () => {
		const lock = new Lock();
		const gate = new Event();
		const results = new Queue();
		const file = lock.handle.path!;
		// A valid record of a process that has exited: following the link would "recover" the lock.
		const target = path.join(Run.current().dir, 'elsewhere');
		const record = formatOwner({pid: spawnSync(process.execPath, ['-e', '']).pid, start: '1', name: 'gone'});
		fs.writeFileSync(target, record);
		const before = fs.statSync(target);
		fs.symlinkSync(target, file);

		const timed = new Process({module: fixtures.lock, target: 'acquireMeasured', args: [lock, gate, results, 200], name: 'timed'});
		await timed.start();
		await gate.set();
		const report = (await results.get({timeout: SAFETY_MS})) as Report;
		assert.equal(report.got, false, 'the lock stays held by the link');
		assert.equal(await timed.join(), 0);
		assert.equal(fs.lstatSync(file).isSymbolicLink(), true, 'the link is still there');
		assert.equal(fs.readFileSync(target, 'utf8'), record, 'the target is untouched');
		assert.equal(fs.statSync(target).mtimeMs, before.mtimeMs);
		assert.equal(run.sync({kind: 'lock', target: lock.name, op: 'recovered'}).length, 0);
		assert.match(String(run.sync({kind: 'lock', target: lock.name, op: 'unknown-owner'})[0]?.reason), /^a symbolic link to /);

		fs.unlinkSync(file);
		assert.equal(await lock.acquire({timeout: SAFETY_MS}), true);
		await lock.release();
		assert.equal(fs.readFileSync(target, 'utf8'), record, 'the target is still untouched');
	});
});
