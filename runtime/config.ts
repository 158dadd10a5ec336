/**
 * One validated configuration object per service, from a JSON file and the environment
 * (ARCHITECTURE.md "Runtime shape"): defaults < file < environment < explicit overrides. Every
 * field is declared with its type, environment variable and default; unknown file keys, missing
 * required fields and ill-typed values are all reported together in one `ConfigError`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { DWalletError } from '../mpc/errors.ts';

export const ConfigErrorCodes = { CONFIG_INVALID: 'CONFIG_INVALID' } as const;

export class ConfigError extends DWalletError {
  constructor(readonly problems: readonly string[]) {
    super(ConfigErrorCodes.CONFIG_INVALID, `invalid configuration:\n  - ${problems.join('\n  - ')}`, { problems });
  }
}

type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'url' | 'string[]';

export interface FieldSpec {
  readonly type: FieldType;
  /** Environment variable that overrides the file, e.g. DWALLET_INDEXER_PORT. */
  readonly env?: string;
  readonly default?: unknown;
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly oneOf?: readonly string[];
  readonly description: string;
}

export type ConfigSpec = Readonly<Record<string, FieldSpec>>;

type ValueOf<F extends FieldSpec> = F['type'] extends 'integer' | 'number'
  ? number
  : F['type'] extends 'boolean'
    ? boolean
    : F['type'] extends 'string[]'
      ? string[]
      : string;

export type ConfigOf<S extends ConfigSpec> = { -readonly [K in keyof S]: ValueOf<S[K]> };

function coerce(name: string, spec: FieldSpec, raw: unknown, fromEnv: boolean, problems: string[]): unknown {
  const bad = (expected: string) => {
    problems.push(`${name}: expected ${expected}, got ${JSON.stringify(raw)}`);
    return undefined;
  };
  switch (spec.type) {
    case 'string':
    case 'url': {
      if (typeof raw !== 'string' || raw.length === 0) return bad('a non-empty string');
      if (spec.type === 'url') {
        try {
          new URL(raw);
        } catch {
          return bad('a URL');
        }
      }
      if (spec.oneOf && !spec.oneOf.includes(raw)) return bad(`one of ${spec.oneOf.join(', ')}`);
      return raw;
    }
    case 'integer':
    case 'number': {
      const n = fromEnv && typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isFinite(n) || (spec.type === 'integer' && !Number.isInteger(n))) return bad(`an ${spec.type}`);
      if (spec.min !== undefined && n < spec.min) return bad(`≥ ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) return bad(`≤ ${spec.max}`);
      return n;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (fromEnv && (raw === 'true' || raw === '1')) return true;
      if (fromEnv && (raw === 'false' || raw === '0')) return false;
      return bad('a boolean');
    }
    case 'string[]': {
      const list =
        fromEnv && typeof raw === 'string'
          ? raw
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : raw;
      if (!Array.isArray(list) || !list.every((s) => typeof s === 'string' && s.length > 0)) return bad('a list of strings');
      return list;
    }
  }
}

/** Load and validate a configuration; throws a {@link ConfigError} listing every problem. */
export function loadConfig<S extends ConfigSpec>(
  spec: S,
  options: { file?: string; env?: NodeJS.ProcessEnv; overrides?: Partial<Record<keyof S, unknown>> } = {},
): ConfigOf<S> {
  const problems: string[] = [];
  let fileValues: Record<string, unknown> = {};
  if (options.file !== undefined) {
    try {
      const parsed = JSON.parse(readFileSync(options.file, 'utf8')) as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        problems.push(`${options.file}: the file must hold a JSON object`);
      else fileValues = parsed as Record<string, unknown>;
    } catch (error) {
      problems.push(`${options.file}: ${(error as Error).message}`);
    }
    for (const k of Object.keys(fileValues)) if (!(k in spec)) problems.push(`${options.file}: unknown key "${k}"`);
  }
  const env = options.env ?? process.env;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(spec)) {
    const override = options.overrides?.[name as keyof S];
    const fromEnv = field.env !== undefined ? env[field.env] : undefined;
    if (override !== undefined) out[name] = coerce(name, field, override, false, problems);
    else if (fromEnv !== undefined && fromEnv !== '') out[name] = coerce(`${name} (${field.env})`, field, fromEnv, true, problems);
    else if (name in fileValues) out[name] = coerce(name, field, fileValues[name], false, problems);
    else if (field.default !== undefined) out[name] = field.default;
    else if (field.required) problems.push(`${name}: required (${field.description}${field.env ? `; env ${field.env}` : ''})`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}
