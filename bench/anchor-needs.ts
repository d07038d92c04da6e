/**
 * What the anchors need beyond Node: python3 for the multiprocessing
 * anchors, the npm package proper-lockfile for the Node lock anchor. Each
 * need is checked once, and only when a chosen row has it. An unmet need
 * comes back as one line saying why, and the rows that have it are skipped:
 * a missing anchor never stops the bench.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type Need = 'python3' | 'proper-lockfile';

const checked = new Map<Need, string | null>();

/** Why the first unmet need of `needs` is unmet, or null when all are met. */
export function unmet(needs: readonly Need[], anchors: string): string | null {
	for (const need of needs) {
		if (!checked.has(need)) checked.set(need, need === 'python3' ? python() : properLockfile(anchors));
		const why = checked.get(need);
		if (why) return why;
	}
	return null;
}

function python(): string | null {
	const result = spawnSync('python3', ['-c', 'import multiprocessing, json'], {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 30_000});
	if (result.error)
		return (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'python3 not found on PATH' : `python3 did not run (${result.error.message})`;
	if (result.status !== 0) return `python3 cannot import multiprocessing (${lastLine(result.stderr)})`;
	return null;
}

/**
 * proper-lockfile lives in bench/anchors/node_modules, pinned by the
 * package-lock.json there. When it is absent, install it with `npm ci`,
 * as a user would before running the anchor by hand; `--prefix` keeps npm
 * in that folder whatever `npm run` put in the environment.
 */
function properLockfile(anchors: string): string | null {
	if (fs.existsSync(path.join(anchors, 'node_modules', 'proper-lockfile', 'package.json'))) return null;
	process.stderr.write(`installing proper-lockfile into ${path.relative(process.cwd(), anchors) || '.'}/node_modules (npm ci)\n`);
	const result = spawnSync('npm', ['ci', '--prefix', anchors, '--no-audit', '--no-fund', '--prefer-offline'], {
		cwd: anchors,
		stdio: ['ignore', 'ignore', 'pipe'],
		encoding: 'utf8',
		timeout: 300_000,
	});
	const why = result.error
		? (result.error as NodeJS.ErrnoException).code === 'ENOENT'
			? 'npm not found on PATH'
			: result.error.message
		: result.status !== 0
			? npmError(result.stderr)
			: null;
	if (why) return `proper-lockfile is not installed and npm ci failed: ${why}`;
	return fs.existsSync(path.join(anchors, 'node_modules', 'proper-lockfile', 'package.json')) ? null : 'proper-lockfile is still missing after npm ci';
}

/** npm's own summary: its first "npm error" lines, without the prefix. */
function npmError(stderr: string): string {
	const lines = stderr
		.split('\n')
		.map(line => line.replace(/^npm (error|ERR!) ?/, '').trim())
		.filter(line => line && !line.startsWith('A complete log'));
	return lines.slice(0, 2).join(': ') || 'exit status not 0';
}

function lastLine(text: string): string {
	return text.trim().split('\n').pop() || 'no message';
}
