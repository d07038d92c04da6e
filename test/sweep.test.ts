/**
 * The sweep of dead runs' folders: it removes the folder of a run whose main
 * process was SIGKILLed, and nothing else — not a live run in another PID
 * namespace, not a symlink, not a folder someone else planted or owns, not
 * a folder holding a directory. Each test sweeps its own fake TMPDIR.
 */
import assert from 'node:assert/strict';
import type {ChildProcess} from 'node:child_process';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type {TestContext} from 'node:test';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {listenAlive, sweepStale} from '../src/run/sweep.ts';
import {untilDead} from './support/processes.ts';
import {PREFIX} from './support/run-folders.ts';
import {scratch} from './support/sandbox.ts';

const script = fileURLToPath(new URL('./fixtures/sweep-run.ts', import.meta.url));
const FOREIGN_UID = 65534; // nobody

/** A fresh fake TMPDIR, removed when the test ends. */
const fakeTmp = (t: TestContext): string => scratch(t, 'sweep');

/** A folder that looks like a dead run's in every way: owner record of a dead process, a socket nobody listens on, data. */
function deadFolder(parent: string, name: string): string {
	const dir = path.join(parent, name);
	fs.mkdirSync(dir, {mode: 0o700});
	// Our pid with a start time that is not ours: a dead process whose pid was reused.
	fs.writeFileSync(path.join(dir, 'run.owner'), `${process.pid} 1 run\n`);
	fs.writeFileSync(path.join(dir, 'db'), 'precious');
	listenAlive(dir)!.close();
	assert.equal(fs.lstatSync(path.join(dir, 'run.sock')).isSocket(), true);
	return dir;
}

/** Every entry under `dir` (not following symlinks), for before/after comparisons. */
function tree(dir: string): string[] {
	return fs.readdirSync(dir, {recursive: true}).map(String).sort();
}

interface Fixture {
	child: ChildProcess;
	report: {pid: number; dir: string};
	next(): Promise<string>;
	exited: Promise<number | null>;
}

/** Start test/fixtures/sweep-run.ts (optionally under another command) with `tmp` as its TMPDIR; undefined if it never reported. */
async function startRun(t: TestContext, tmp: string, prefix: string[] = []): Promise<Fixture | {failed: string}> {
	const [command, ...args] = [...prefix, process.execPath, '--import', 'tsx', script];
	const child = spawn(command!, args, {env: {...process.env, TMPDIR: tmp}, stdio: ['pipe', 'pipe', 'pipe']});
	t.after(() => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	});
	let stderr = '';
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<number | null>(resolve => child.once('close', code => resolve(code)));
	const waiting: Array<(line: string) => void> = [];
	const lines: string[] = [];
	readline.createInterface({input: child.stdout!}).on('line', line => {
		const taker = waiting.shift();
		if (taker) taker(line);
		else lines.push(line);
	});
	const next = (): Promise<string> => {
		const line = lines.shift();
		if (line !== undefined) return Promise.resolve(line);
		return Promise.race([
			new Promise<string>(resolve => waiting.push(resolve)),
			exited.then(code => Promise.reject(new Error(`exited with ${code} before printing; stderr:\n${stderr}`))),
		]);
	};
	try {
		return {child, report: JSON.parse(await next()) as Fixture['report'], next, exited};
	} catch (error) {
		return {failed: (error as Error).message};
	}
}

/** End a fixture run cleanly: its folder goes with it. */
async function endRun(run: Fixture): Promise<void> {
	run.child.stdin!.end();
	assert.equal(await run.exited, 0);
	assert.equal(fs.existsSync(run.report.dir), false, 'the run removed its own folder');
}

test('a run whose main process was SIGKILLed is swept; a live one is left and keeps working', async t => {
	const tmp = fakeTmp(t);
	const dead = await startRun(t, tmp);
	const live = await startRun(t, tmp);
	assert.ok('report' in dead && 'report' in live, 'the fixture runs started');
	assert.equal(fs.lstatSync(path.join(dead.report.dir, 'run.sock')).isSocket(), true, 'the run listens on run.sock');
	dead.child.kill('SIGKILL');
	await dead.exited;
	await untilDead([dead.report.pid], 'the killed run to be gone');
	assert.ok(fs.existsSync(dead.report.dir), 'a SIGKILLed run cannot clean up');

	await sweepStale(tmp);
	assert.equal(fs.existsSync(dead.report.dir), false, "the dead run's folder was swept");
	assert.ok(fs.existsSync(live.report.dir), "the live run's folder is left");
	live.child.stdin!.write('check\n');
	assert.equal(await live.next(), 'ok', 'the live run still takes locks in its folder');
	await endRun(live);
});

test('a live run in another PID namespace is left alone', async t => {
	const tmp = fakeTmp(t);
	const live = await startRun(t, tmp, ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child']);
	if ('failed' in live) {
		t.skip(`unshare --pid --fork --mount-proc is not available here: ${live.failed.split('\n').slice(0, 2).join(' ')}`);
		return;
	}
	assert.notEqual(live.report.pid, live.child.pid, 'the run sees other pids than ours');
	const before = tree(live.report.dir);

	await sweepStale(tmp);
	assert.deepEqual(tree(live.report.dir), before, "the live run's folder is untouched");
	live.child.stdin!.write('check\n');
	assert.equal(await live.next(), 'ok', 'the live run still takes locks in its folder');
	await endRun(live);
});

test("symlinks: one named like a run folder is neither followed nor removed; those inside a dead run's folder are unlinked, not followed", async t => {
	const tmp = fakeTmp(t);
	const victim = deadFolder(tmp, 'victim');
	const before = tree(victim);
	fs.symlinkSync(victim, path.join(tmp, `${PREFIX}link`));
	const dead = deadFolder(tmp, `${PREFIX}dead`);
	fs.symlinkSync(victim, path.join(dead, 'escape'));
	fs.symlinkSync(path.join(victim, 'db'), path.join(dead, 'db-link'));

	await sweepStale(tmp);
	assert.equal(fs.lstatSync(path.join(tmp, `${PREFIX}link`)).isSymbolicLink(), true, 'the planted link is left');
	assert.deepEqual(tree(victim), before, 'nothing behind a link was touched');
	assert.equal(fs.readFileSync(path.join(victim, 'db'), 'utf8'), 'precious');
	assert.equal(fs.existsSync(dead), false, "the dead run's folder, links and all, was swept");
});

test('a planted world-writable folder, and one of another uid, are left alone', async t => {
	const tmp = fakeTmp(t);
	const open = deadFolder(tmp, `${PREFIX}open`);
	fs.chmodSync(open, 0o777);
	const group = deadFolder(tmp, `${PREFIX}group`);
	fs.chmodSync(group, 0o750);
	const folders = [open, group];
	if (process.getuid?.() === 0) {
		// Another user's plant: world-writable, owned by nobody; and a dead run of another user.
		const planted = deadFolder(tmp, `${PREFIX}planted`);
		fs.chmodSync(planted, 0o777);
		const foreign = deadFolder(tmp, `${PREFIX}foreign`);
		for (const dir of [planted, foreign]) {
			for (const name of fs.readdirSync(dir)) fs.lchownSync(path.join(dir, name), FOREIGN_UID, FOREIGN_UID);
			fs.chownSync(dir, FOREIGN_UID, FOREIGN_UID);
		}
		folders.push(planted, foreign);
	} else {
		t.diagnostic('not root: cannot chown a folder to another uid, that case is skipped');
	}
	const before = folders.map(tree);

	await sweepStale(tmp);
	assert.deepEqual(folders.map(tree), before, 'every folder is untouched');
});

test("a dead run's folder holding a directory is left whole", async t => {
	const tmp = fakeTmp(t);
	const dead = deadFolder(tmp, `${PREFIX}nested`);
	fs.mkdirSync(path.join(dead, 'sub'));
	fs.writeFileSync(path.join(dead, 'sub', 'file'), 'kept');
	const before = tree(dead);

	await sweepStale(tmp);
	assert.deepEqual(tree(dead), before);
});

test('without a socket a folder is removed only if it has not changed for a day and its owner is dead (or it is empty)', async t => {
	const tmp = fakeTmp(t);
	const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
	const make = (name: string, owner: string, old: boolean): string => {
		const dir = path.join(tmp, name);
		fs.mkdirSync(dir, {mode: 0o700});
		fs.writeFileSync(path.join(dir, 'run.owner'), owner);
		if (old) fs.utimesSync(dir, twoDaysAgo, twoDaysAgo);
		return dir;
	};
	const deadOwner = `${process.pid} 1 run\n`;
	const liveOwner = `${process.pid} - run\n`;
	const deadOld = make(`${PREFIX}dead-old`, deadOwner, true);
	const deadNew = make(`${PREFIX}dead-new`, deadOwner, false);
	const liveOld = make(`${PREFIX}live-old`, liveOwner, true);
	// A `run.sock` that is not a socket says nothing: unsure, left.
	const notSocket = make(`${PREFIX}not-socket`, deadOwner, false);
	fs.writeFileSync(path.join(notSocket, 'run.sock'), '');
	fs.utimesSync(notSocket, twoDaysAgo, twoDaysAgo);
	// Emptied by a sweeper that died before its rmdir.
	const empty = path.join(tmp, `${PREFIX}empty`);
	fs.mkdirSync(empty, {mode: 0o700});
	fs.utimesSync(empty, twoDaysAgo, twoDaysAgo);

	await sweepStale(tmp);
	assert.equal(fs.existsSync(deadOld), false, 'dead owner, two days old: swept');
	assert.ok(fs.existsSync(deadNew), 'dead owner but recent (maybe a pid of another namespace): left');
	assert.ok(fs.existsSync(liveOld), 'live owner: left');
	assert.ok(fs.existsSync(notSocket), 'run.sock not a socket: left');
	assert.equal(fs.existsSync(empty), false, 'empty, two days old: swept');
});

test('a run whose folder path is too long for a socket works without one and is left alone', async t => {
	const tmp = fakeTmp(t);
	const long = path.join(tmp, 'x'.repeat(110));
	fs.mkdirSync(long);
	const live = await startRun(t, long);
	assert.ok('report' in live, 'the fixture run started');
	assert.deepEqual(fs.readdirSync(live.report.dir), ['run.owner'], 'no socket');
	assert.deepEqual(fs.readdirSync(tmp), [path.basename(long)], 'no socket under a truncated name either');

	await sweepStale(long);
	live.child.stdin!.write('check\n');
	assert.equal(await live.next(), 'ok', 'the run works in its folder');
	await endRun(live);
});
