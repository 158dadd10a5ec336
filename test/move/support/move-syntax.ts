/**
 * Reads Move sources with the tree-sitter Move grammar shipped inside `@mysten/prettier-plugin-move`
 * (no `sui` binary exists on these machines, so this grammar is the only Move front end here).
 *
 * It reports syntax errors (ERROR and MISSING nodes) with file:line:column, and extracts what the
 * parity tests compare against the TypeScript schemas: structs (abilities, fields), functions
 * (visibility, parameters, return types), constants and `#[test_only]` markers.
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import Parser from 'web-tree-sitter';

const require = createRequire(import.meta.url);

export interface MoveSyntaxError {
  file: string;
  line: number;
  column: number;
  kind: 'ERROR' | 'MISSING';
  /** The source text the error node covers (or the missing token's type). */
  text: string;
}

export interface MoveField {
  name: string;
  type: string;
}

export interface MoveStruct {
  name: string;
  abilities: string[];
  fields: MoveField[];
  testOnly: boolean;
}

export interface MoveFunction {
  name: string;
  /** `public`, `public(package)`, `entry`, `public entry` or `private`. */
  visibility: string;
  params: MoveField[];
  returns: string[];
  testOnly: boolean;
  isTest: boolean;
}

export interface MoveConstant {
  name: string;
  type: string;
  value: string;
}

export interface MoveModule {
  file: string;
  address: string;
  name: string;
  structs: MoveStruct[];
  functions: MoveFunction[];
  constants: MoveConstant[];
}

let parserPromise: Promise<Parser> | undefined;

/** The tree-sitter parser with the Move language loaded; created once per process. */
export function moveParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const wasm = join(require.resolve('@mysten/prettier-plugin-move/package.json'), '..', 'tree-sitter-move.wasm');
    const language = await Parser.Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

/** Every `.move` file under `dir`, sorted, as paths relative to `root`. */
export function moveFiles(dir: string, root: string = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'build') out.push(...moveFiles(path, root));
    } else if (name.endsWith('.move')) {
      out.push(relative(root, path));
    }
  }
  return out;
}

/** The ERROR and MISSING nodes of `source`, 1-based line and column. */
export function syntaxErrors(parser: Parser, file: string, source: string): MoveSyntaxError[] {
  const errors: MoveSyntaxError[] = [];
  const visit = (node: Parser.SyntaxNode): void => {
    if (node.isMissing()) {
      errors.push({ file, line: node.startPosition.row + 1, column: node.startPosition.column + 1, kind: 'MISSING', text: node.type });
      return;
    }
    if (node.type === 'ERROR') {
      errors.push({
        file,
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        kind: 'ERROR',
        text: node.text.slice(0, 60),
      });
      return;
    }
    if (!node.hasError()) return;
    for (const child of node.children) visit(child);
  };
  visit(parser.parse(source).rootNode);
  return errors;
}

export function formatSyntaxError(error: MoveSyntaxError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.kind === 'MISSING' ? `missing ${error.text}` : `syntax error near ${JSON.stringify(error.text)}`}`;
}

/** Collapses whitespace so that types compare independently of formatting. */
function normaliseType(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s*([<>,()])\s*/g, '$1')
    .replace(/,/g, ', ')
    .replace(/&mut(?=\S)/g, '&mut ')
    .trim();
}

function annotationsBefore(node: Parser.SyntaxNode): string[] {
  const names: string[] = [];
  let sibling = node.previousNamedSibling;
  while (sibling && (sibling.type === 'annotation' || sibling.type === 'newline')) {
    if (sibling.type === 'annotation') names.push(sibling.text);
    sibling = sibling.previousNamedSibling;
  }
  return names;
}

/** Parses one module file (Move 2024 `module a::b;` form) into its declarations. */
export function readModule(parser: Parser, file: string, source: string): MoveModule {
  const tree = parser.parse(source);
  const errors = syntaxErrors(parser, file, source);
  if (errors.length > 0) throw new Error(errors.map(formatSyntaxError).join('\n'));
  const definition = tree.rootNode.descendantsOfType('module_definition')[0];
  if (!definition) throw new Error(`${file}: no module definition`);
  const identity = definition.childForFieldName('module_identity');
  const body = definition.childForFieldName('module_body');
  if (!identity || !body) throw new Error(`${file}: module without identity or body`);
  const module: MoveModule = {
    file,
    address: identity.childForFieldName('address')?.text ?? '',
    name: identity.childForFieldName('module')?.text ?? '',
    structs: [],
    functions: [],
    constants: [],
  };
  for (const node of body.namedChildren) {
    const annotations = annotationsBefore(node);
    const testOnly = annotations.some((a) => /\btest_only\b/.test(a));
    const isTest = annotations.some((a) => /#\[\s*test\b/.test(a));
    if (node.type === 'struct_definition') {
      const abilities = node.childForFieldName('ability_declarations')?.namedChildren.map((a) => a.text) ?? [];
      const fields = (node.childForFieldName('struct_fields')?.descendantsOfType('field_annotation') ?? []).map((f) => ({
        name: f.childForFieldName('field')?.text ?? '',
        type: normaliseType(f.childForFieldName('type')?.text ?? ''),
      }));
      module.structs.push({ name: node.childForFieldName('name')?.text ?? '', abilities, fields, testOnly });
    } else if (node.type === 'function_definition') {
      const modifiers = node.namedChildren.filter((c) => c.type === 'modifier').map((c) => c.text.replace(/\s+/g, ''));
      const visibility = modifiers.length === 0 ? 'private' : modifiers.join(' ');
      const params = (node.childForFieldName('parameters')?.namedChildren ?? [])
        .filter((p) => p.type === 'function_parameter')
        .map((p) => ({ name: p.childForFieldName('name')?.text ?? '', type: normaliseType(p.childForFieldName('type')?.text ?? '') }));
      const ret = node.childForFieldName('return_type');
      const retType = ret?.namedChildren[0];
      const returns = !retType
        ? []
        : retType.type === 'tuple_type'
          ? retType.namedChildren.map((t) => normaliseType(t.text))
          : [normaliseType(retType.text)];
      module.functions.push({ name: node.childForFieldName('name')?.text ?? '', visibility, params, returns, testOnly, isTest });
    } else if (node.type === 'constant') {
      module.constants.push({
        name: node.childForFieldName('name')?.text ?? '',
        type: normaliseType(node.childForFieldName('type')?.text ?? ''),
        value: node.childForFieldName('expr')?.text ?? '',
      });
    }
  }
  return module;
}

/** Reads and parses a file from disk. */
export async function readModuleFile(path: string, file: string = path): Promise<MoveModule> {
  return readModule(await moveParser(), file, readFileSync(path, 'utf8'));
}
