/**
 * Child start-up under `sync-demo run`: runs bench/programs/start-up.<ext>
 * (.ts or .js, the same program) through the CLI and reports the median
 * milliseconds per child it measured. The .ts ÷ .js ratio is what a
 * TypeScript program's children pay for being TypeScript.
 */
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {report} from './common.ts';

/** A JSON line of the CLI, as far as this reads it. */
interface Line {
	type: string;
	proc?: string;
	text?: string;
	code?: number | null;
	verdict?: {code: string};
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, here.split(path.sep).includes('dist') ? '../..' : '..');
const {values} = parseArgs({options: {ext: {type: 'string', default: 'ts'}, procs: {type: 'string', default: '10'}, trials: {type: 'string', default: '5'}}});
if (values.ext !== 'ts' && values.ext !== 'js') throw new TypeError(`Expected \`--ext\` to be ts or js, got ${values.ext}`);
const procs = Number(values.procs);
const trials = Number(values.trials);

const result = spawnSync(
	process.execPath,
	[
		path.join(root, 'bin', 'sync-demo.js'),
		'run',
		path.join(root, 'bench', 'programs', `start-up.${values.ext}`),
		'--json',
		'--',
		'--procs',
		String(procs),
		'--trials',
		String(trials),
	],
	{cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024},
);
const lines = result.stdout
	.trim()
	.split('\n')
	.map(line => JSON.parse(line) as Line);
const summary = lines.at(-1)!;
const measured = lines.find(line => line.type === 'log' && line.proc === 'main' && line.text?.startsWith('{'));
const exits = lines.filter(line => line.type === 'exit');
const median = measured ? (JSON.parse(measured.text!) as {median_ms_per_proc: number}).median_ms_per_proc : Number.NaN;
report({
	bench: 'program-start',
	impl: values.ext,
	procs,
	trials,
	median_ms_per_proc: median,
	correct:
		result.status === 0 &&
		summary.verdict?.code === 'clean' &&
		exits.length === procs * trials + 1 &&
		exits.every(exit => exit.code === 0) &&
		Number.isFinite(median),
});
