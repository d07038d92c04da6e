// Text the CLI prints: the terminal's width, text measured in columns and wrapped to it, suggestions.

/** Width when the output is no terminal and COLUMNS says nothing. */
export const DEFAULT_WIDTH = 80;
/** Narrower than this, nothing fits anyway: lay out for this much. */
const MIN_WIDTH = 40;

/** Columns to lay the output out in: the terminal's, else COLUMNS, else 80. */
export function terminalWidth(stream: {isTTY?: boolean; columns?: number} = process.stdout, env = process.env): number {
	const columns = stream.isTTY && stream.columns ? stream.columns : Number.parseInt(env.COLUMNS ?? '', 10);
	return Number.isInteger(columns) && columns > 0 ? Math.max(MIN_WIDTH, columns) : DEFAULT_WIDTH;
}

/** East Asian wide and fullwidth characters: two columns in a terminal. */
const WIDE =
	/[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
/** Combining marks and zero-width characters: no column. */
const ZERO = /[\u0300-\u036f]|[\u200b-\u200f]|\ufe0f/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour sequences start with ESC.
const ANSI = /\u001b\[[0-9;]*m/g;

/** Columns `text` takes in a terminal: colour codes none, wide characters two. */
export function displayWidth(text: string): number {
	let width = 0;
	for (const char of text.replace(ANSI, '')) width += ZERO.test(char) ? 0 : WIDE.test(char) ? 2 : 1;
	return width;
}

/** Never at the start of a line (closing punctuation), never at its end (opening). */
const CLOSING = /^[,.;:!?)\]}…、，。；：！？）」』》]/u;
const OPENING = /[([{（「『《]$/u;

/** Pieces a line may break between: words, and each wide character on its own (Chinese has no spaces). */
function pieces(text: string): Array<{text: string; space: boolean}> {
	const out: Array<{text: string; space: boolean}> = [];
	let space = false;
	for (const char of text) {
		if (/\s/.test(char)) {
			space = out.length > 0;
			continue;
		}
		const last = out.at(-1);
		const joined = last !== undefined && !space && !((WIDE.test(char) || WIDE.test(last.text.at(-1)!)) && !CLOSING.test(char) && !OPENING.test(last.text));
		if (joined) last.text += char;
		else out.push({text: char, space});
		space = false;
	}
	return out;
}

/**
 * Break text into lines of at most `width` columns, at spaces or between
 * wide characters; continuation lines are `indent` columns narrower (the
 * caller indents them). Text that fits is returned as it is.
 */
export function wrap(text: string, width: number, indent = 0): string[] {
	if (displayWidth(text) <= width) return [text];
	const lines: string[] = [];
	let line = '';
	const room = () => Math.max(1, lines.length === 0 ? width : width - indent);
	for (const piece of pieces(text)) {
		let next = line && piece.space ? `${line} ${piece.text}` : line + piece.text;
		if (line && displayWidth(next) > room()) {
			lines.push(line);
			next = piece.text;
		}
		// A word longer than a whole line is cut.
		while (displayWidth(next) > room()) {
			let cut = '';
			for (const char of next) {
				if (displayWidth(cut + char) > room()) break;
				cut += char;
			}
			lines.push(cut);
			next = next.slice(cut.length);
		}
		line = next;
	}
	return line ? [...lines, line] : lines;
}

/** `text` wrapped to `width`, continuation lines indented by `indent` spaces. */
export function wrapIndented(text: string, width: number, indent: number): string[] {
	return wrap(text, width, indent).map((line, i) => (i === 0 ? line : `${' '.repeat(indent)}${line}`));
}

/** "; did you mean …?" for the closest of `names` within 3 edits, else a pointer to the list. */
export function suggest(name: string, names: readonly string[]): string {
	const distance = (a: string, b: string) => {
		const d = Array.from({length: a.length + 1}, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
		for (let j = 1; j <= b.length; j++) d[0]![j] = j;
		for (let i = 1; i <= a.length; i++)
			for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		return d[a.length]![b.length]!;
	};
	const best = names.map(n => [n, distance(name, n)] as const).sort((a, b) => a[1] - b[1])[0];
	return best && best[1] <= 3 ? `; did you mean ${best[0]}?` : `; see sync-demo list`;
}
