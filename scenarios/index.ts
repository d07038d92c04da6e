import fs from 'node:fs';
import type {Scenario} from './kit/scenario.ts';

/** What help, `list` and `explain` need of a scenario: data only, no library (what they say is in src/lang). */
export type ScenarioInfo = Pick<Scenario, 'name' | 'aliases' | 'primitive' | 'options' | 'more'>;

/** Scenarios in the tutorial's order; each module loads only when it runs. */
export const catalog: ReadonlyArray<{name: string; load: () => Promise<Scenario>}> = [
	{name: 'print-race', load: async () => (await import('./print-race.ts')).scenario},
	{name: 'ticket-grab', load: async () => (await import('./ticket-grab.ts')).scenario},
	{name: 'arcade-semaphore', load: async () => (await import('./arcade-semaphore.ts')).scenario},
	{name: 'event-basics', load: async () => (await import('./event-basics.ts')).scenario},
	{name: 'traffic-light', load: async () => (await import('./traffic-light.ts')).scenario},
	{name: 'queue-basics', load: async () => (await import('./queue-basics.ts')).scenario},
	{name: 'queue-message', load: async () => (await import('./queue-message.ts')).scenario},
	{name: 'queue-safety', load: async () => (await import('./queue-safety.ts')).scenario},
	{name: 'pc-v0', load: async () => (await import('./pc-v0.ts')).scenario},
	{name: 'pc-v1', load: async () => (await import('./pc-v1.ts')).scenario},
	{name: 'pc-v2', load: async () => (await import('./pc-v2.ts')).scenario},
	{name: 'pc-v3', load: async () => (await import('./pc-v3.ts')).scenario},
	{name: 'joinable', load: async () => (await import('./joinable.ts')).scenario},
	// Beyond the tutorial: the rest of the toolbox.
	{name: 'dining-philosophers', load: async () => (await import('./dining-philosophers.ts')).scenario},
	{name: 'rlock', load: async () => (await import('./rlock.ts')).scenario},
	{name: 'counter-race', load: async () => (await import('./counter-race.ts')).scenario},
	{name: 'barrier', load: async () => (await import('./barrier.ts')).scenario},
	{name: 'bounded-buffer', load: async () => (await import('./bounded-buffer.ts')).scenario},
	{name: 'pipe', load: async () => (await import('./pipe.ts')).scenario},
];

export async function loadAll(): Promise<Scenario[]> {
	return Promise.all(catalog.map(entry => entry.load()));
}

export async function load(name: string): Promise<Scenario> {
	const entry = catalog.find(candidate => candidate.name === name);
	if (!entry) throw new Error(`no scenario named ${name}`);
	return entry.load();
}

export function info({name, aliases, primitive, options, more}: Scenario): ScenarioInfo {
	return {name, aliases, primitive, options, ...(more ? {more} : {})};
}

/** The build writes catalog.json next to the compiled catalog, so that help and usage errors load no scenario. */
export const catalogFile = new URL('./catalog.json', import.meta.url);

/** A scenario's code for `explain --code` (scripts/code-listing.ts cuts it at build). */
export interface CodePart {
	/** The function: a target, or `main`. */
	name: string;
	/** Where it is defined, when not in the scenario's own file (a target shared with another scenario). */
	from?: string;
	code: string;
}

export interface PythonProgram {
	file: string;
	/** The tutorial, its author, and the date it bears. */
	tutorial: string;
	author: string;
	date: string;
	/** The tutorial's section the program is under. */
	section: string;
	/** The scenario's options that re-tell this program, if not its defaults. */
	options: string | null;
	code: string;
}

export interface Listing {
	/** The scenario's source file. */
	file: string;
	typescript: CodePart[];
	python: PythonProgram[];
}

/** The build writes code.json next to it: each scenario's code and the tutorial's programs it re-tells, for `explain --code`. */
export const codeFile = new URL('./code.json', import.meta.url);

/** The scenarios' data: from catalog.json when it is newer than every compiled scenario, else from the modules. */
export async function infos(): Promise<ScenarioInfo[]> {
	try {
		const written = fs.statSync(catalogFile).mtimeMs;
		const dir = new URL('.', catalogFile);
		const stale = fs.readdirSync(dir).some(name => name.endsWith('.js') && fs.statSync(new URL(name, dir)).mtimeMs > written);
		if (!stale) return JSON.parse(fs.readFileSync(catalogFile, 'utf8')) as ScenarioInfo[];
	} catch {}
	return (await loadAll()).map(info);
}
