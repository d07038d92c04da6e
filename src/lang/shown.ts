/**
 * A name as the terminal shows it: characters that would start a new line,
 * move the cursor or change colours (C0 and C1 controls, DEL, U+2028/2029)
 * written as escapes, so a process or primitive named with a newline cannot
 * print a line of its own in the run's output. `--json` keeps the real name.
 */
export function shown(name: string): string {
	return name.replace(/[\p{Cc}\u2028\u2029]/gu, char => {
		const escaped = JSON.stringify(char).slice(1, -1);
		return escaped !== char ? escaped : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
	});
}
