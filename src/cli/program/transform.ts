/**
 * A learner's program, made runnable by plain Node in every process: each of
 * its own modules (the entry and the local modules it imports, TypeScript or
 * JavaScript) is transformed once by esbuild into an ES module whose imports
 * are rewritten — `'sync-demo'` to the running sync-demo, packages to the
 * files they resolve to from the program's folder, its own modules to their
 * transformed copies. Children import the copies: no loader hook, no
 * TypeScript start-up, no source-map support in any of them. `import.meta.url`
 * keeps naming the original file; an inline source map points main's stacks
 * back at it, and the copy's map, kept here, the stack lines children print.
 */
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import type {SourceMapPayload} from 'node:module';
import {SourceMap} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import type {Message, Plugin} from 'esbuild';
import type {Catalogue} from '../../lang/index.ts';

/** The module kinds `sync-demo run` takes. */
export const EXTENSIONS: readonly string[] = ['.js', '.mjs', '.ts', '.mts'];

/** What `'sync-demo'` means in a program: the library of the sync-demo that runs it. */
const LIBRARY = new URL(import.meta.url.endsWith('.ts') ? '../../index.ts' : '../../index.js', import.meta.url).href;
const PACKAGE = 'sync-demo';
/** Marks the resolutions the plugin asks esbuild for itself. */
const OWN = Symbol('sync-demo');

/** A program that cannot be loaded: a syntax error, an import that resolves nowhere. */
export class ProgramError extends Error {}

/** A module of the program itself, not of a package: transformed and served as a copy. */
function isOwn(file: string): boolean {
	return EXTENSIONS.includes(path.extname(file)) && !file.split(path.sep).includes('node_modules');
}

/** The copy's file name: flat in the run's folder (which the sweep of a killed run can then remove), unique per original path. */
function copyName(file: string): string {
	return `program-${createHash('sha256').update(file).digest('hex').slice(0, 16)}-${path.basename(file)}.mjs`;
}

/** A copy's place in a stack line: `/…/program-<hash>-<name>.mjs:<line>:<column>`, with or without `file://`. */
const COPY_AT = /(?:file:\/\/)?\/[^\s()'"]*?\/(program-[0-9a-f]{16}-[^\s()'"/]+?\.mjs):(\d+):(\d+)/g;

/** Written whole or not at all: a child may be importing the copy while a second start() of the same module writes it again. */
function writeCopy(dir: string, file: string, code: string): void {
	const target = path.join(dir, copyName(file));
	const fresh = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
	fs.writeFileSync(fresh, code, {mode: 0o600, flag: 'wx'});
	fs.renameSync(fresh, target);
}

function describe(error: Message): string {
	const where = error.location ? `${error.location.file}:${error.location.line}:${error.location.column + 1}: ` : '';
	return `${where}${error.text}`;
}

/** The program's own modules, each transformed once; written to a folder once the run has one. */
export class Program {
	readonly entry: string;
	readonly #code = new Map<string, string>();
	/** Says why a module cannot be loaded, in the run's language. */
	readonly #errors: Catalogue['program']['errors'];
	/** Each copy's source map, by the copy's name. */
	readonly #maps = new Map<string, {file: string; map: SourceMap}>();
	#dir: string | undefined;

	private constructor(entry: string, errors: Catalogue['program']['errors']) {
		this.entry = entry;
		this.#errors = errors;
	}

	/** Transform `file` and every own module it imports; a ProgramError says why it cannot be loaded. */
	static async load(file: string, errors: Catalogue['program']['errors']): Promise<Program> {
		const program = new Program(file, errors);
		await program.#add(file);
		return program;
	}

	/** Write every copy into `dir` (the run's folder); modules added later are written at once. */
	writeTo(dir: string): string {
		this.#dir = dir;
		for (const [file, code] of this.#code) writeCopy(dir, file, code);
		return path.join(dir, copyName(this.entry));
	}

	/** Transform `file` now if it is a module of the program's that the program never imported (a child's module, a barrier's action). */
	async prepare(file: string): Promise<void> {
		if (isOwn(file) && !this.#code.has(file) && fs.existsSync(file)) await this.#add(file);
	}

	/** The copy a child imports for `file`; undefined for what is no transformed module of the program (a package's). */
	copy(file: string): string | undefined {
		return this.#dir && this.#code.has(file) ? path.join(this.#dir, copyName(file)) : undefined;
	}

	/** `text` (a child's stack line) with every place in a copy replaced by the place in the program's own file. */
	original(text: string): string {
		if (!text.includes('program-')) return text;
		return text.replace(COPY_AT, (whole, name: string, line: string, column: string) => {
			const copy = this.#maps.get(name);
			const entry = copy?.map.findEntry(Number(line) - 1, Number(column) - 1);
			if (!copy || !entry || !('originalLine' in entry)) return whole;
			return `${copy.file}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
		});
	}

	async #add(entry: string): Promise<void> {
		const esbuild = await import('esbuild');
		const pending = [entry];
		while (pending.length > 0) {
			const file = pending.pop()!;
			if (this.#code.has(file)) continue;
			const found: string[] = [];
			let code: string;
			try {
				const result = await esbuild.build({
					entryPoints: [file],
					bundle: true,
					write: false,
					format: 'esm',
					platform: 'node',
					target: `node${process.versions.node}`,
					sourcemap: 'inline',
					logLevel: 'silent',
					define: {
						'import.meta.url': JSON.stringify(pathToFileURL(file).href),
						'import.meta.filename': JSON.stringify(file),
						'import.meta.dirname': JSON.stringify(path.dirname(file)),
					},
					plugins: [rewrite(file, found)],
				});
				const output = pointMapAt(result.outputFiles[0]!.text, file);
				code = output.code;
				if (output.map) this.#maps.set(copyName(file), {file, map: new SourceMap(output.map)});
			} catch (error) {
				const errors = (error as {errors?: Message[]}).errors;
				if (!errors) throw error;
				throw new ProgramError(this.#errors.notModule(file, errors.map(describe).join('; ')), {cause: error});
			}
			this.#code.set(file, code);
			if (this.#dir) writeCopy(this.#dir, file, code);
			pending.push(...found);
		}
	}
}

/** Every import of `file` made external, under the name the copy must use; own modules it imports go to `found`. */
function rewrite(file: string, found: string[]): Plugin {
	return {
		name: 'sync-demo-program',
		setup(build) {
			build.onResolve({filter: /.*/}, async args => {
				if (args.kind === 'entry-point' || args.pluginData === OWN) return undefined;
				if (args.path === PACKAGE) return {path: LIBRARY, external: true};
				const resolved = await build.resolve(args.path, {
					kind: args.kind,
					resolveDir: args.resolveDir,
					importer: args.importer,
					with: args.with,
					pluginData: OWN,
				});
				if (resolved.errors.length > 0) return {errors: resolved.errors};
				// Node's own modules stay as they are.
				if (resolved.external) return {path: args.path, external: true};
				if (isOwn(resolved.path)) {
					if (resolved.path !== file) found.push(resolved.path);
					return {path: `./${copyName(resolved.path)}`, external: true};
				}
				return {path: pathToFileURL(resolved.path).href, external: true};
			});
		},
	};
}

/** The inline source map names the original file by its absolute URL, so that Node maps main's stacks to it wherever the copy lies. */
function pointMapAt(code: string, file: string): {code: string; map?: SourceMapPayload} {
	const marker = '//# sourceMappingURL=data:application/json;base64,';
	const at = code.lastIndexOf(marker);
	if (at < 0) return {code};
	const map = JSON.parse(Buffer.from(code.slice(at + marker.length).trim(), 'base64').toString('utf8')) as SourceMapPayload;
	map.sources = [pathToFileURL(file).href];
	return {code: `${code.slice(0, at)}${marker}${Buffer.from(JSON.stringify(map)).toString('base64')}\n`, map};
}
