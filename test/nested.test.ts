/**
 * Nested processes (issue 12): a child makes primitives and starts its own
 * processes; grandchildren belong to the same run, know their parent, are
 * observed, joined, stopped and counted by hang detection. Python's
 * `_TestProcess` cases (test_current, test_parent_process_attributes,
 * test_parent_process, test_active_children, test_recursion,
 * test_daemon_argument) are told again here. Time bounds are safety nets.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {activeChildren, currentProcess, Event, Lock, Process, parentProcess, Queue} from '../src/index.ts';
import {blockedWaits, explainHang} from '../src/run/hang.ts';
import type {ProcessEvent} from '../src/run/run.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {isRunning, untilDead} from './support/processes.ts';
import {scratch} from './support/sandbox.ts';
import {useRun} from './support/use-run.ts';
import {take, until} from './support/wait.ts';

type Report = Record<string, any>;

describe('nested processes', () => {
	const run = useRun();
	const spawnOf = (name: string) => run.events.find((event): event is ProcessEvent => event.type === 'spawn' && event.proc === name);
	const exitOf = (pid: number) => run.events.find((event): event is ProcessEvent => event.type === 'exit' && event.pid === pid);

	test('a child makes a Lock, a Queue and an Event; two grandchildren use them and a Lock made by main', async t => {
		const dir = scratch(t, 'nested-family');
		const rounds = 15;
		const mainLock = new Lock({name: 'main-lock'});
		const results = new Queue<Report>({name: 'results'});
		const child = new Process({module: fixtures.nested, target: 'family', args: [dir, rounds, mainLock, results], name: 'family'});
		await child.start();
		const reports = new Map((await take<Report>(results, 4)).map(report => [report.who as string, report]));
		assert.equal(await child.join(), 0);

		const head = reports.get('child')!;
		assert.deepEqual(head.self, {name: 'family', pid: child.pid, daemon: false});
		assert.deepEqual(head.parent, {name: 'main', pid: process.pid, daemon: false});
		const names = head.kids.map((kid: Report) => kid.name as string);
		// Python's default names: the child's identity, then the grandchild's number.
		assert.match(names[0], /^Process-(\d+):1$/);
		assert.equal(names[1], names[0].replace(/1$/, '2'));
		assert.deepEqual(head.active, names, "the child's activeChildren() are its two started grandchildren");
		assert.ok(head.kids.every((kid: Report) => kid.alive === true));
		for (const id of head.ids) assert.match(id, /^(lock|queue|event)#\d+\.\d+$/, 'ids made in a child carry its key');
		for (const [i, kid] of head.kids.entries()) {
			const report = reports.get(`grandchild-${i}`)!;
			assert.deepEqual(report.self, {name: kid.name, pid: kid.pid, daemon: false});
			assert.deepEqual(report.parent, {name: 'family', pid: child.pid, daemon: false}, "a grandchild's parent is the child");
			assert.equal(report.ppid, process.pid, 'its OS parent is the main process, which forks every process of the run');
		}

		const done = reports.get('child-done')!;
		assert.deepEqual(done.codes, [0, 0]);
		assert.deepEqual(done.exitCodes, [0, 0]);
		assert.deepEqual(done.active, [], 'joined grandchildren are no longer active');
		const expected = [0, 1].flatMap(i => Array.from({length: rounds}, (_, round) => `${i}:${round}`));
		assert.deepEqual(done.taken.map(([i, round]: number[]) => `${i}:${round}`).sort(), expected.sort(), "every item through the child's queue once");
		assert.equal(done.childCount, 2 * rounds, "no update lost under the child's lock");
		assert.equal(Number(fs.readFileSync(path.join(dir, 'main-count'), 'utf8')), 2 * rounds, "no update lost under main's lock");

		// Observed like any child: spawned with their parent named, their lock steps seen, their exits recorded.
		for (const kid of head.kids as Report[]) {
			assert.deepEqual(
				{parent: spawnOf(kid.name)?.parent, parentPid: spawnOf(kid.name)?.parentPid, pid: spawnOf(kid.name)?.pid},
				{parent: 'family', parentPid: child.pid, pid: kid.pid},
			);
			assert.deepEqual([exitOf(kid.pid)?.code, isRunning(kid.pid)], [0, false]);
		}
		for (const target of ['child-lock', 'main-lock']) {
			const acquired = run.sync({kind: 'lock', target, op: 'acquired'});
			assert.equal(acquired.length, 2 * rounds, `${target}: every acquire seen`);
			assert.deepEqual([...new Set(acquired.map(event => event.proc))].sort(), [...names].sort());
		}
		assert.equal(run.sync({kind: 'event', target: 'child-go', op: 'set', proc: 'family'}).length, 1);
	});

	test('a primitive made in a child reaches a sibling through a queue, and comes back to its maker as the same object', async () => {
		const mail = new Queue({name: 'mail'});
		const results = new Queue<Report>({name: 'results'});
		const mailer = new Process({module: fixtures.nested, target: 'mailer', args: [mail, results], name: 'mailer'});
		const receiver = new Process({module: fixtures.nested, target: 'receiver', args: [mail], name: 'receiver'});
		await mailer.start();
		await receiver.start();
		assert.deepEqual(await results.get({timeout: 20_000}), {who: 'mailer', got: 'hello from receiver', again: true});
		assert.deepEqual([await mailer.join(), await receiver.join()], [0, 0]);
		// In main too: one object per primitive, however often it arrives.
		const lock = new Lock();
		await mail.put(lock);
		assert.equal(await mail.get(), lock);
		await mail.put({nested: [lock, 1]});
		const again = (await mail.get()) as {nested: [Lock, number]};
		assert.equal(again.nested[0], lock);
		assert.equal(again.nested[1], 1);
	});

	test('test_recursion: processes three levels deep report in order', async () => {
		const results = new Queue<number[]>({name: 'ids'});
		const root = new Process({module: fixtures.nested, target: 'recurse', args: [[], results], name: 'root'});
		await root.start();
		assert.equal(await root.join(), 0);
		assert.deepEqual(await take(results, 7), [[], [0], [0, 0], [0, 1], [1], [1, 0], [1, 1]]);
		assert.equal(await results.qsize(), 0);
	});

	test('test_current, test_parent_process_attributes, test_daemon_argument: who a process is, who started it, and that a daemon may not have children', async () => {
		const me = currentProcess();
		assert.deepEqual({name: me.name, pid: me.pid, daemon: me.daemon, alive: me.alive}, {name: 'main', pid: process.pid, daemon: false, alive: true});
		assert.equal(parentProcess(), null, 'the main process has no parent');
		const results = new Queue<Report>({name: 'who'});
		const regular = new Process({module: fixtures.nested, target: 'whoAmI', args: [results], name: 'regular'});
		const daemon = new Process({module: fixtures.nested, target: 'whoAmI', args: [results], name: 'demon', daemon: true});
		assert.equal(regular.daemon, false, 'not a daemon unless asked, as in Python (a daemon cannot start children)');
		await regular.start();
		const fromRegular = await results.get({timeout: 20_000});
		await daemon.start();
		const fromDaemon = await results.get({timeout: 20_000});
		assert.deepEqual(fromRegular, {
			self: {name: 'regular', pid: regular.pid, daemon: false},
			parent: {name: 'main', pid: process.pid, daemon: false},
			alive: true,
			ppid: process.pid,
			started: 'started',
		});
		assert.deepEqual(fromDaemon.self, {name: 'demon', pid: daemon.pid, daemon: true});
		assert.match(fromDaemon.started, /^ValueError: .*demon is a daemon, and a daemon may not have children/);
		assert.deepEqual([await regular.join(), await daemon.join()], [0, 0]);
	});

	test('test_active_children: in main, a started child is active until it has ended', async () => {
		const gate = new Event({name: 'gate'});
		const results = new Queue();
		const p = new Process({module: fixtures.event, target: 'waitEvent', args: [gate, results], daemon: true});
		assert.ok(Array.isArray(activeChildren()));
		assert.ok(!activeChildren().includes(p));
		await p.start();
		assert.ok(activeChildren().includes(p));
		assert.equal(p.isAlive(), true);
		await gate.set();
		assert.equal(await p.join(), 0);
		assert.equal(p.isAlive(), false);
		assert.ok(!activeChildren().includes(p));
	});

	test("a daemon grandchild is stopped when its parent's target returns; the parent's exit waits for it", async () => {
		const results = new Queue<Report>({name: 'pids'});
		const child = new Process({module: fixtures.nested, target: 'daemonParent', args: [results], name: 'daemon-parent'});
		await child.start();
		const {daemon} = await results.get({timeout: 20_000});
		assert.equal(await child.join(), 0);
		// The child's exit terminated and joined its daemon before the child itself ended.
		assert.equal(isRunning(daemon), false);
		await until(() => exitOf(daemon) !== undefined, 'the exit event of the daemon grandchild');
		assert.equal(exitOf(daemon)!.signal, 'SIGTERM');
	});

	test('a parent killed outright: its daemon child is stopped by the main process, a regular child lives on (as in Python)', async () => {
		const results = new Queue<Report>({name: 'pids'});
		const leave = new Event({name: 'leave'});
		const child = new Process({module: fixtures.nested, target: 'daemonParent', args: [results, leave], name: 'killed-parent'});
		await child.start();
		const {daemon, regular} = await results.get({timeout: 20_000});
		child.kill('SIGKILL');
		assert.equal(await child.join(), -9);
		await untilDead([daemon], 'the daemon grandchild of the killed parent');
		await until(() => exitOf(daemon) !== undefined, 'its exit event');
		assert.equal(exitOf(daemon)!.signal, 'SIGTERM');
		assert.equal(isRunning(regular), true, 'an orphan that is no daemon keeps running, until the run ends');
		process.kill(regular, 'SIGTERM');
		await untilDead([regular], 'the orphan');
	});

	test('a child that returns without joining its grandchild waits for it, parked in process.join()', async () => {
		const gate = new Event({name: 'late-gate'});
		const results = new Queue<Report>({name: 'late'});
		const child = new Process({module: fixtures.nested, target: 'leaveEarly', args: [gate, results], name: 'early-leaver'});
		await child.start();
		const {grandchild} = await results.get({timeout: 20_000});
		const broker = Run.current().broker;
		await until(
			() => broker.waiting().some(waiter => waiter.peer.pid === child.pid && waiter.call === 'process.join()' && waiter.target === 'gate-grandchild'),
			'the child to wait for its grandchild',
		);
		assert.equal(child.isAlive(), true);
		await gate.set();
		assert.deepEqual(await results.get({timeout: 20_000}), {who: 'gate-grandchild', passed: true});
		assert.equal(await child.join(), 0);
		assert.equal(isRunning(grandchild), false, 'the grandchild ended before its parent');
	});

	test('test_parent_process: a grandchild sees its parent alive, then sees it die', async () => {
		const results = new Queue<Report>({name: 'watch'});
		const child = new Process({module: fixtures.nested, target: 'startWatcher', args: [results], name: 'watched-parent'});
		await child.start();
		assert.deepEqual(await results.get({timeout: 20_000}), {who: 'watcher', parent: child.pid, alive: true});
		child.terminate();
		assert.equal(await child.join(), -15);
		assert.deepEqual(await results.get({timeout: 20_000}), {who: 'watcher', parent: child.pid, alive: false});
		const watcher = spawnOf('watcher')!;
		await untilDead([watcher.pid], 'the watcher to end');
		await until(() => exitOf(watcher.pid) !== undefined, 'its exit event');
		assert.equal(exitOf(watcher.pid)!.code, 0);
	});

	test('a hang through a grandchild is detected and explained, level by level', async () => {
		const runNow = Run.current();
		const child = new Process({module: fixtures.nested, target: 'stuckFamily', name: 'stuck-child'});
		await child.start();
		const joined = child.join();
		let lines: string[] = [];
		await until(
			() => {
				const waits = blockedWaits(runNow);
				if (waits) lines = explainHang(runNow, waits);
				return waits !== null;
			},
			'every process of the tree to block',
			30_000,
		);
		const grandchild = spawnOf('stuck-grandchild')!;
		assert.deepEqual(lines.sort(), [
			`main (pid ${process.pid}) is blocked in process.join() waiting for stuck-child, itself blocked in process.join()`,
			`stuck-child (pid ${child.pid}) is blocked in process.join() waiting for stuck-grandchild, itself blocked in event.wait()`,
			`stuck-grandchild (pid ${grandchild.pid}) is blocked in event.wait() on the cleared event "never"; no live process can set it`,
		]);
		// Ended from outside, by pid: the grandchild first, so that its parent's join returns.
		process.kill(grandchild.pid, 'SIGKILL');
		assert.equal(await joined, 0);
	});

	test('bad use: starting twice, a bad signal', async () => {
		const p = new Process({module: fixtures.nested, target: 'noop'});
		await p.start();
		await assert.rejects(p.start(), /already started/);
		assert.throws(() => p.kill('SIGNOPE' as NodeJS.Signals), TypeError);
		assert.equal(await p.join(), 0);
		assert.throws(() => new Process({module: fixtures.nested, target: 'noop', daemon: 'yes' as unknown as boolean}), TypeError);
	});
});
