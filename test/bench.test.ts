/**
 * The benchmark runs on a fresh clone: no ../shared beside it, and a row
 * whose anchor cannot run is skipped with one line instead of a stack trace.
 * Also the twins' watched mode (a listener on the run, as the CLI has) keeps
 * their invariants. Needs the compiled dist/ (npm test builds it first).
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {root} from './support/paths.ts';
import {scratch} from './support/sandbox.ts';

test('a clone without ../shared, python3 or npm skips those rows with one line each and exits 0', t => {
	// What a user's clone has: package.json, dist/, bench/anchors, node_modules; nothing beside it.
	const tmp = scratch(t, 'bench-clone');
	const repo = path.join(tmp, 'repo');
	fs.mkdirSync(path.join(repo, 'bench'), {recursive: true});
	fs.copyFileSync(path.join(root, 'package.json'), path.join(repo, 'package.json'));
	fs.cpSync(path.join(root, 'dist', 'bench'), path.join(repo, 'dist', 'bench'), {recursive: true});
	fs.cpSync(path.join(root, 'bench', 'anchors'), path.join(repo, 'bench', 'anchors'), {
		recursive: true,
		filter: from => path.basename(from) !== 'node_modules',
	});
	fs.symlinkSync(path.join(root, 'node_modules'), path.join(repo, 'node_modules'));
	// A PATH with node alone: no python3, no npm to install proper-lockfile with.
	const bin = path.join(tmp, 'bin');
	fs.mkdirSync(bin);
	fs.symlinkSync(process.execPath, path.join(bin, 'node'));

	const result = spawnSync(process.execPath, [path.join(repo, 'dist', 'bench', 'run.js'), '--quick', '--only', 'lock4,plf'], {
		cwd: repo,
		encoding: 'utf8',
		timeout: 60_000,
		env: {...process.env, PATH: bin, NO_COLOR: '1'},
	});
	const stderr = result.stderr.trim().split('\n');
	assert.equal(result.status, 0, result.stderr);
	assert.deepEqual(
		stderr.filter(line => line.startsWith('skipped ')),
		[
			'skipped lock-counter 4×1000 vs Python Lock: python3 not found on PATH',
			'skipped lock-counter 4×100 vs proper-lockfile: proper-lockfile is not installed and npm ci failed: npm not found on PATH',
		],
	);
	assert.ok(!stderr.some(line => /^\s+at /.test(line)), `no stack trace:\n${result.stderr}`);
	assert.match(result.stdout, /2 row\(s\) skipped/);
	const raw = fs
		.readFileSync(path.join(repo, 'bench', 'results', 'latest.jsonl'), 'utf8')
		.trim()
		.split('\n')
		.map(line => JSON.parse(line) as Record<string, unknown>);
	assert.deepEqual(
		raw.filter(record => 'skipped' in record).map(record => record.row),
		['lock4', 'plf'],
	);
});

test('the queue and semaphore twins keep their invariants when the run is watched', () => {
	for (const [file, args, bench] of [
		['queue-throughput.js', ['--items', '2000', '--producers', '2', '--consumers', '2', '--maxsize', '100'], 'queue-throughput'],
		['semaphore.js', ['--procs', '4', '--ops', '200', '--limit', '2'], 'semaphore'],
	] as const) {
		const result = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', file), ...args, '--watched'], {cwd: root, encoding: 'utf8', timeout: 120_000});
		assert.equal(result.status, 0, result.stderr);
		const record = JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
		assert.equal(record.bench, bench);
		assert.equal(record.impl, 'sync-demo-watched');
		assert.equal(record.correct, true, result.stdout);
	}
});
