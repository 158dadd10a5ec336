/**
 * Structured logging: one JSON object per line on stderr (or a given sink), with a timestamp,
 * level, service name, message and fields. Fields whose names look secret (keys, shares, seeds,
 * mnemonics, passwords, tokens) are replaced by "[redacted]" wherever they appear, so a careless
 * call cannot print a secret; bigints are printed as strings.
 * @module
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields` too (e.g. a session id). */
  child(fields: LogFields): Logger;
}

const SECRET_KEY = /secret|private|share|seed|mnemonic|password|token|^sk$|keypair/i;

function sanitize(value: unknown, depth = 0): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`;
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
  }
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : sanitize(v, depth + 1);
  return out;
}

export function createLogger(
  service: string,
  options: { level?: LogLevel; sink?: (line: string) => void; fields?: LogFields } = {},
): Logger {
  const threshold = ORDER[options.level ?? parseLevel(process.env.DWALLET_LOG_LEVEL) ?? 'info'];
  const sink = options.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const base = options.fields ?? {};
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[level] < threshold) return;
    const record = sanitize({ ...base, ...fields }) as LogFields;
    sink(JSON.stringify({ ts: new Date().toISOString(), level, service, msg: message, ...record }));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(service, { ...options, fields: { ...base, ...fields } }),
  };
}

export function parseLevel(value: string | undefined): LogLevel | undefined {
  return value === 'debug' || value === 'info' || value === 'warn' || value === 'error' ? value : undefined;
}
