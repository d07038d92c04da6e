/**
 * sync-demo as a dependency of a user's own project: `npm pack`, the
 * tarball installed offline into a fresh project (with `npm ci` from a lock
 * file made of this repository's own, so nothing is fetched), then a
 * TypeScript program importing 'sync-demo': `tsc` passes with the package's
 * types, the compiled program runs with plain `node`, and the source runs
 * with `npx sync-demo run`. Needs the build (npm test builds first) and npm.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {parseJsonRun} from './support/cli.ts';
import {root} from './support/paths.ts';
import {scratch} from './support/sandbox.ts';

interface LockEntry {
	dev?: boolean;
	[field: string]: unknown;
}

const PROGRAM = `import {isMain, Lock, Process, Queue} from 'sync-demo';

export async function worker(n: number, lock: Lock, results: Queue<number>): Promise<void> {
	await lock.withLock(async () => {
		console.log(\`worker \${n} holds the lock\`);
	});
	await results.put(n * n);
}

if (isMain) {
	const lock = new Lock();
	const results = new Queue<number>();
	// The package's types are there, not any: this line must be an error.
	// @ts-expect-error a Lock's name is a string
	const wrong: number = lock.name;
	void wrong;
	const procs = [1, 2, 3].map(n => new Process({module: import.meta.url, target: 'worker', args: [n, lock, results]}));
	for (const p of procs) await p.start();
	const squares = [await results.get(), await results.get(), await results.get()];
	for (const p of procs) await p.join();
	console.log(squares.sort((a, b) => a - b).join(' '));
}
`;

function run(command: string, args: string[], cwd: string): string {
	const result = spawnSync(command, args, {cwd, encoding: 'utf8', timeout: 120_000, env: {...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false'}});
	assert.equal(result.status, 0, `${command} ${args.join(' ')} in ${cwd}:\n${result.stdout}\n${result.stderr}`);
	return result.stdout;
}

test('npm pack, installed offline in a project of its own: types resolve, tsc passes, runs with node and with npx sync-demo run', t => {
	const tmp = scratch(t, 'dependency');
	const packed = run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp], root).trim().split('\n').at(-1)!;
	const tarball = path.join(tmp, packed);
	assert.ok(fs.existsSync(tarball), `npm pack wrote ${tarball}`);

	const project = path.join(tmp, 'project');
	fs.mkdirSync(project);
	const ours = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, any>;
	const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {packages: Record<string, LockEntry>};
	const types = {'@types/node': ours.devDependencies['@types/node'] as string};
	const manifest = {name: 'project', private: true, type: 'module', dependencies: {'sync-demo': `file:${tarball}`}, devDependencies: types};
	// What the project installs, pinned as this repository pinned it: its runtime packages, and Node's types.
	const packages: Record<string, LockEntry> = {
		'': {name: 'project', dependencies: manifest.dependencies, devDependencies: types},
		'node_modules/sync-demo': {version: ours.version, resolved: `file:${tarball}`, dependencies: ours.dependencies, bin: ours.bin, engines: ours.engines},
	};
	for (const [where, entry] of Object.entries(lock.packages)) {
		if (where === '') continue;
		if (!entry.dev || where === 'node_modules/@types/node' || where === 'node_modules/undici-types') packages[where] = entry;
	}
	fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify(manifest, null, 2));
	fs.writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify({name: 'project', lockfileVersion: 3, requires: true, packages}, null, 2));
	run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel', 'error'], project);
	assert.ok(fs.lstatSync(path.join(project, 'node_modules', 'sync-demo')).isDirectory(), 'installed as a copy, not a link to this repository');

	fs.writeFileSync(path.join(project, 'prog.ts'), PROGRAM);
	fs.writeFileSync(
		path.join(project, 'tsconfig.json'),
		JSON.stringify({
			compilerOptions: {target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'dist', types: ['node']},
			files: ['prog.ts'],
		}),
	);
	run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], project);

	const plain = run(process.execPath, [path.join('dist', 'prog.js')], project)
		.trim()
		.split('\n');
	assert.equal(plain.at(-1), '1 4 9');
	assert.deepEqual(plain.slice(0, -1).sort(), ['worker 1 holds the lock', 'worker 2 holds the lock', 'worker 3 holds the lock']);

	const npx = spawnSync('npx', ['--no', 'sync-demo', 'run', 'prog.ts', '--json'], {
		cwd: project,
		encoding: 'utf8',
		timeout: 120_000,
		env: {...process.env, NO_COLOR: '1'},
	});
	const json = parseJsonRun({args: ['run', 'prog.ts', '--json'], pid: 0, code: npx.status, signal: npx.signal, stdout: npx.stdout, stderr: npx.stderr});
	assert.equal(npx.status, 0, npx.stderr);
	assert.equal(json.summary.verdict.code, 'clean');
	assert.equal(json.run.file, 'prog.ts');
	assert.ok(
		json.events.some(event => event.type === 'log' && event.proc === 'main' && event.text === '1 4 9'),
		'main printed the squares',
	);
	assert.equal(json.events.filter(event => event.type === 'exit' && event.code === 0).length, 3);
});
