/**
 * Build step for `sync-demo explain <scenario> --code`: a scenario's process
 * targets and its main(), cut from its TypeScript source, and the tutorial's
 * Python programs it re-tells (scenarios/python/, each naming its source).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type {CodePart, PythonProgram} from '../scenarios/index.ts';

/** Tabs as two spaces (a terminal's eight would widen every line), and `levels` tabs of indentation taken off. */
function plain(text: string, levels = 0): string {
	return text
		.split('\n')
		.map(line => line.replace(new RegExp(`^\\t{0,${levels}}`), '').replace(/\t/g, '  '))
		.join('\n')
		.replace(/^\s*\n/, '')
		.trimEnd();
}

const exported = (node: ts.FunctionDeclaration) => node.modifiers?.some(modifier => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false;

function parse(file: string): ts.SourceFile {
	return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The exported function `name` of `file`, with the comment above it. */
function functionIn(file: string, name: string): string | undefined {
	const source = parse(file);
	const found = source.statements.find((node): node is ts.FunctionDeclaration => ts.isFunctionDeclaration(node) && node.name?.text === name);
	return found && plain(found.getFullText(source));
}

/** The process targets a scenario exports (its own, and those it re-exports from another scenario), then its main(). */
export function typescriptParts(file: string, root: string): CodePart[] {
	const source = parse(file);
	const importedFrom = new Map<string, string>();
	const parts: CodePart[] = [];
	let main: CodePart | undefined;
	for (const node of source.statements) {
		if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text.startsWith('.')) {
			const bindings = node.importClause?.namedBindings;
			const from = path.resolve(path.dirname(file), node.moduleSpecifier.text);
			if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) importedFrom.set(element.name.text, from);
		}
		if (ts.isFunctionDeclaration(node) && node.name && exported(node)) parts.push({name: node.name.text, code: plain(node.getFullText(source))});
		if (ts.isExportDeclaration(node) && !node.moduleSpecifier && node.exportClause && ts.isNamedExports(node.exportClause)) {
			for (const element of node.exportClause.elements) {
				const from = importedFrom.get(element.name.text);
				const code = from && functionIn(from, element.name.text);
				if (from && code) parts.push({name: element.name.text, from: path.relative(root, from), code});
			}
		}
		if (ts.isVariableStatement(node)) {
			for (const declaration of node.declarationList.declarations) {
				if (!declaration.initializer || !ts.isObjectLiteralExpression(declaration.initializer)) continue;
				const method = declaration.initializer.properties.find(property => ts.isMethodDeclaration(property) && property.name.getText(source) === 'main');
				if (method) main = {name: 'main', code: plain(method.getFullText(source), 1)};
			}
		}
	}
	return main ? [...parts, main] : parts;
}

/** A program of scenarios/python/: its `#: key: value` header (the source), then the tutorial's text. */
export function pythonProgram(file: string): PythonProgram {
	const lines = fs.readFileSync(file, 'utf8').split('\n');
	const header = new Map<string, string>();
	let at = 0;
	for (; at < lines.length && lines[at]!.startsWith('#:'); at++) {
		const match = /^#: (\w+): (.*)$/.exec(lines[at]!);
		if (match) header.set(match[1]!, match[2]!);
	}
	const [tutorial, author, date, section] = ['tutorial', 'author', 'date', 'section'].map(key => header.get(key));
	if (!tutorial || !author || !date || !section) throw new Error(`${file}: the header must name the tutorial, its author, its date and the section`);
	return {file: path.basename(file), tutorial, author, date, section, options: header.get('options') ?? null, code: lines.slice(at).join('\n').trim()};
}
