// Text the CLI prints: wrapped paragraphs and suggestions.

/** Break text into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/)) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	return line ? [...lines, line] : lines;
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
