import fs from 'node:fs';

/**
 * Identity of a process that survives pid reuse: the pid plus its start time
 * (field 22 of /proc/<pid>/stat, in clock ticks since boot). Where /proc is
 * missing, the start time is '-' and only the pid is checked.
 */
export function startTimeOf(pid: number): string | null {
	let stat: string;
	try {
		stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT' && fs.existsSync('/proc/self/stat')) return null;
		try {
			process.kill(pid, 0);
			return '-';
		} catch (killError) {
			return (killError as NodeJS.ErrnoException).code === 'EPERM' ? '-' : null;
		}
	}
	// The command name (field 2) may hold spaces and parentheses: split after the last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	if (fields[0] === 'Z' || fields[0] === 'X') return null; // exited, not yet reaped
	return fields[19] ?? '-';
}

export interface Owner {
	pid: number;
	start: string;
	name: string;
}

export function formatOwner(owner: Owner): string {
	return `${owner.pid} ${owner.start} ${owner.name}\n`;
}

export function parseOwner(text: string): Owner | null {
	const match = /^(\d+) (\S+) (.*)\n?$/.exec(text);
	if (!match) return null;
	return {pid: Number(match[1]), start: match[2]!, name: match[3]!};
}

/** True while the process that wrote `owner` runs; false once it died, even if its pid was reused. */
export function isAlive(owner: Owner): boolean {
	const start = startTimeOf(owner.pid);
	if (start === null) return false;
	return start === '-' || owner.start === '-' || start === owner.start;
}

/** The owner recorded in a lock file, or null if there is no file (or it is still being written). */
export function readOwner(path: string): Owner | null {
	try {
		return parseOwner(fs.readFileSync(path, 'utf8'));
	} catch {
		return null;
	}
}
