/**
 * `sync-demo run <file>`: a learner's own program, run like a scenario. Its
 * main code runs in this process as the run's main process; its children
 * import the transformed copies of its modules; the session shows what
 * happens and ends with the program's sync profile and verdict.
 */
import fs from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import type {Catalogue} from '../../lang/index.ts';
import {texts} from '../../lang/index.ts';
import {joinFromMain} from '../../run/process.ts';
import {setModuleMap} from '../../run/resolve.ts';
import {exitStatus} from '../policy.ts';
import type {Ended, GlobalOptions, Session} from '../session.ts';
import {runSession} from '../session.ts';
import type {Interrupter} from '../signals.ts';
import {report} from '../summary.ts';
import type {Host} from './host.ts';
import {exitRequested, host} from './host.ts';
import {printProfile} from './print.ts';
import type {Profile} from './profile.ts';
import {profile} from './profile.ts';
import {EXTENSIONS, Program, ProgramError} from './transform.ts';
import {programVerdict} from './verdict.ts';

export interface ProgramSummary extends Ended {
	type: 'summary';
	file: string;
	args: string[];
	profile: Profile;
	/** Children still running when the main code returned, joined at exit. */
	leaked?: string[];
}

/** The program `file`, checked and transformed before anything starts; a string says why it cannot run (exit 2). */
export async function prepare(file: string, messages: Catalogue['program']['errors']): Promise<Program | string> {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(file);
	} catch {
		return messages.noFile(file);
	}
	if (!stat.isFile()) return messages.notFile(file);
	if (!EXTENSIONS.includes(path.extname(file))) return messages.extension(file, EXTENSIONS);
	try {
		return await Program.load(fs.realpathSync(file), messages);
	} catch (error) {
		if (error instanceof ProgramError) return error.message;
		throw error;
	}
}

/** Never settles: a race entry that only a rejection can win. */
const never = new Promise<never>(() => {});

/** Run `program` (given as `file`) with `args`, print it, and return its summary. */
export async function runFile(
	program: Program,
	file: string,
	args: string[],
	global: GlobalOptions,
	out: (line: string) => void,
	interrupter: Interrupter,
): Promise<ProgramSummary> {
	const catalogue = texts(global.env.lang);
	const say = catalogue.program;
	let hosted: Host | undefined;
	let status = 0;
	let leaked: string[] = [];
	try {
		const session = await runSession(
			{
				subject: {file, args},
				title: say.title(file, args),
				name: file,
				translate: event => (event.type === 'log' && event.pid !== process.pid ? {...event, text: program.original(event.text)} : event),
				main: async (run, _events, printer) => {
					const entry = program.writeTo(run.dir);
					setModuleMap(program);
					process.setSourceMapsEnabled(true);
					hosted = host(run, program.entry, args, interrupter);
					const asked = await Promise.race([
						import(pathToFileURL(entry).href).then(
							() => undefined,
							(error: unknown) => {
								const code = exitRequested(error);
								if (code === undefined) throw error;
								return code;
							},
						),
						hosted.ended,
					]);
					// Python joins the children that are not daemons once the main code is done: so does the run (main's own; theirs join their own).
					const running = [...run.members].filter(member => member.alive && !member.daemon && (member.parentKey ?? 0) === 0);
					if (running.length > 0) {
						leaked = running.map(member => member.name);
						if (!global.json && !global.quiet) printer.line(run.elapsed(), run.port.name, process.pid, `· ${say.leaked(leaked)}`, 'own');
						await Promise.race([Promise.all(running.map(member => joinFromMain(run, member))), hosted.ended.then(() => never)]);
					}
					status = asked ?? hosted.exitCode();
				},
			},
			global,
			out,
			interrupter,
		);
		const main = {proc: session.run.port.name, pid: process.pid};
		addStacks(session);
		// What the program did, without the stop's own traffic (permits taken back from the stopped, their joins).
		const summaryProfile = profile(session.drawn, session.durationMs, main);
		const verdict = programVerdict(catalogue, {
			ending: session.ending,
			events: session.drawn,
			...(session.waits ? {waits: session.waits} : {}),
			...(session.hang ? {hang: session.hang} : {}),
			crashed: session.crashed,
			killed: session.killed,
			leaked,
			children: session.events.filter(event => event.type === 'spawn').length,
			status,
		});
		const failed = exitStatus({
			ending: session.ending,
			verdict,
			strict: global.strict,
			failedProcesses: session.crashed.length + session.killed.length,
			traceFailed: session.traceError !== undefined,
		});
		const exitCode = failed !== 0 ? failed : status;
		const summary: ProgramSummary = {
			type: 'summary',
			file,
			args,
			profile: summaryProfile,
			...(leaked.length > 0 ? {leaked} : {}),
			verdict: {code: verdict.code, sentence: verdict.sentence, defect: verdict.defect},
			ok: exitCode === 0,
			exitCode,
			...session.ended,
		};
		report(session, summary, global, file, printer => printProfile(printer, summaryProfile, catalogue));
		return summary;
	} finally {
		hosted?.restore();
		setModuleMap(undefined);
		await (await import('esbuild')).stop();
	}
}

/** Each crashed process's stack: what a child wrote on stderr, or the error main threw. */
function addStacks(session: Session): void {
	for (const crash of session.crashed) {
		const stack =
			crash.pid === process.pid
				? session.mainError instanceof Error && session.mainError.stack
					? session.mainError.stack.split('\n')
					: []
				: session.events.flatMap(event => (event.type === 'log' && event.pid === crash.pid && event.stream === 'stderr' ? [event.text] : []));
		if (stack.length > 0) crash.stack = stack;
	}
}
