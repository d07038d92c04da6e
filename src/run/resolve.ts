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

/** Where children load a program's module from, when a runner keeps it elsewhere; undefined: from `compiled()`. */
export type ModuleMap = (file: string) => Promise<string | undefined>;
let moduleMap: ModuleMap | undefined;

/** `sync-demo run` serves a program's modules to its children as transformed copies. */
export function setModuleMap(map: ModuleMap | undefined): void {
	moduleMap = map;
}

/** The file a child imports for `module`, and the options its Node needs. */
export async function childModule(module: string | URL): Promise<{file: string; execArgv: string[]}> {
	const mapped = await moduleMap?.(module instanceof URL || module.startsWith('file:') ? fileURLToPath(module) : path.resolve(module));
	return mapped ? {file: mapped, execArgv: []} : compiled(module);
}
