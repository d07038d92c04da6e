/**
 * Anchor for bench/lock-counter.ts: the same file counter behind the npm
 * package proper-lockfile, the lock a Node user would otherwise reach for.
 * N forked children each do K rounds of lock → read the 20-byte counter →
 * write it plus one → release. The clock runs from "go" (every child said
 * "ready") to the last "done". --no-lock shows the updates a race loses.
 *
 * proper-lockfile comes from bench/anchors/node_modules (package.json and
 * package-lock.json here; bench/run.ts installs it with `npm ci`).
 */
import {fork} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';

// Imported by hand so that running this file without the package says so in one line.
const lockfile = await import('proper-lockfile').then(
	module => module.default,
	() => {
		console.error('proper-lockfile is not installed: run `npm ci` in bench/anchors');
		process.exit(1);
	},
);

const WIDTH = 20;
// Retry quickly but long enough that no acquire gives up under contention.
const LOCK_OPTIONS = {retries: {retries: 1000, minTimeout: 1, maxTimeout: 20}};
const nowS = () => Number(process.hrtime.bigint()) / 1e9;

function bump(fd) {
	const buffer = Buffer.alloc(WIDTH);
	fs.readSync(fd, buffer, 0, WIDTH, 0);
	fs.writeSync(fd, String(Number(buffer.toString('latin1')) + 1).padStart(WIDTH, '0'), 0);
}

async function child(file, ops, useLock) {
	const fd = fs.openSync(file, 'r+');
	const go = new Promise(resolve => process.once('message', resolve));
	process.send('ready');
	await go;
	for (let i = 0; i < ops; i++) {
		const release = useLock ? await lockfile.lock(file, LOCK_OPTIONS) : null;
		bump(fd);
		if (release) await release();
	}
	fs.closeSync(fd);
	process.send('done', () => process.disconnect());
}

/** Resolves when the child sends `word`; rejects if it exits first. */
function heard(kid, word) {
	return new Promise((resolve, reject) => {
		const onExit = code => reject(new Error(`child exited with ${code} before "${word}"`));
		kid.once('exit', onExit);
		kid.on('message', message => {
			if (message !== word) return;
			kid.off('exit', onExit);
			resolve();
		});
	});
}

async function main(procs, ops, useLock) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-anchor-plf-'));
	const file = path.join(dir, 'counter.db');
	fs.writeFileSync(file, '0'.repeat(WIDTH));
	try {
		const tWall = nowS();
		const kids = Array.from({length: procs}, () => fork(process.argv[1], ['--child', file, String(ops), useLock ? 'lock' : 'no-lock']));
		const exited = kids.map(kid => new Promise(resolve => kid.once('exit', resolve)));
		await Promise.all(kids.map(kid => heard(kid, 'ready')));
		const done = Promise.all(kids.map(kid => heard(kid, 'done')));
		const t0 = nowS();
		for (const kid of kids) kid.send('go');
		await done;
		const t1 = nowS();
		const codes = await Promise.all(exited);
		const wall = nowS() - tWall;

		const final = Number(fs.readFileSync(file, 'latin1'));
		const expected = procs * ops;
		console.log(
			JSON.stringify({
				bench: 'lock-counter',
				impl: `node-proper-lockfile${useLock ? '' : '-nolock'}`,
				procs,
				ops: expected,
				seconds: Number((t1 - t0).toFixed(4)),
				ops_per_s: Number((expected / (t1 - t0)).toFixed(1)),
				final,
				lost: expected - final,
				correct: final === expected && codes.every(code => code === 0),
				wall_seconds_incl_spawn: Number(wall.toFixed(4)),
			}),
		);
	} finally {
		fs.rmSync(dir, {recursive: true, force: true});
	}
}

if (process.argv[2] === '--child') {
	const [file, ops, mode] = process.argv.slice(3);
	await child(file, Number(ops), mode === 'lock');
} else {
	const {values} = parseArgs({
		options: {
			procs: {type: 'string', default: '4'},
			ops: {type: 'string', default: '300'},
			'no-lock': {type: 'boolean', default: false},
		},
	});
	await main(Number(values.procs), Number(values.ops), !values['no-lock']);
}
