import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * Children run compiled JavaScript: a `.ts` module inside a package maps to
 * its build output `<package>/dist/<same path>.js`. Without a build, the
 * child falls back to the tsx loader (slower; development only).
 */
export function compiled(module: string | URL): {file: string; execArgv: string[]} {
	const file = module instanceof URL || module.startsWith('file:') ? fileURLToPath(module) : path.resolve(module);
	if (!file.endsWith('.ts')) return {file, execArgv: []};
	let dir = path.dirname(file);
	while (!fs.existsSync(path.join(dir, 'package.json'))) {
		const parent = path.dirname(dir);
		if (parent === dir) return {file, execArgv: ['--import', 'tsx']};
		dir = parent;
	}
	const built = path.join(dir, 'dist', path.relative(dir, file)).replace(/\.ts$/, '.js');
	return fs.existsSync(built) ? {file: built, execArgv: []} : {file, execArgv: ['--import', 'tsx']};
}

/**
 * Where children load a program's modules from, when a runner keeps them
 * elsewhere (`sync-demo run`: transformed copies). `prepare` makes the copy
 * of a module the program never imported; `copy` names it, or says
 * undefined for a module the map does not serve.
 */
export interface ModuleMap {
	prepare(file: string): Promise<void>;
	copy(file: string): string | undefined;
}
let moduleMap: ModuleMap | undefined;

export function setModuleMap(map: ModuleMap | undefined): void {
	moduleMap = map;
}

const pathOf = (module: string | URL): string => (module instanceof URL || module.startsWith('file:') ? fileURLToPath(module) : path.resolve(module));

/** Before a fork turn: let the map make its copy of `module`. */
export async function prepareModule(module: string | URL): Promise<void> {
	await moduleMap?.prepare(pathOf(module));
}

/** The file a child imports for `module`, and the options its Node needs: the map's copy, or `compiled()`. */
export function childModule(module: string | URL): {file: string; execArgv: string[]} {
	const copy = moduleMap?.copy(pathOf(module));
	return copy ? {file: copy, execArgv: []} : compiled(module);
}
