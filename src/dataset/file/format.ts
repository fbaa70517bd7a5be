import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TypedEvalsError } from '../../errors.js';

export type DatasetFormat = 'yaml' | 'json' | 'jsonl';

const EXTENSIONS: Readonly<Record<string, DatasetFormat>> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.jsonl': 'jsonl',
};

const FORMATS: readonly DatasetFormat[] = ['yaml', 'json', 'jsonl'];

/** The format of a dataset file from its extension (case-insensitive), or an error naming the accepted ones. */
export function inferFormat(path: string, explicit?: DatasetFormat): DatasetFormat {
  if (explicit !== undefined) return checkFormat(explicit);
  const format = EXTENSIONS[extname(path).toLowerCase()];
  if (format) return format;
  throw new TypedEvalsError(
    `Could not infer format for filename '${basename(path)}'. Accepted extensions: ` +
      `${Object.keys(EXTENSIONS).join(', ')} (or pass the \`format\` option: ${FORMATS.map((f) => `'${f}'`).join(', ')})`,
    'UNKNOWN_DATASET_FORMAT',
  );
}

export function checkFormat(format: unknown): DatasetFormat {
  if (FORMATS.includes(format as DatasetFormat)) return format as DatasetFormat;
  throw new TypedEvalsError(
    `Unknown dataset format ${JSON.stringify(format)}; expected one of ${FORMATS.map((f) => `'${f}'`).join(', ')}`,
    'UNKNOWN_DATASET_FORMAT',
  );
}

/** `data/golden.test.yaml` → `golden.test`: the default dataset name. */
export function fileStem(path: string): string {
  const base = basename(path);
  const ext = extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

/** A file path from a string or a `file:` URL (`new URL('./cases.yaml', import.meta.url)`). */
export function toFilePath(path: string | URL): string {
  if (path instanceof URL) return fileURLToPath(path);
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypedEvalsError(`Expected a file path, got ${JSON.stringify(path)}`, 'INVALID_OPTION');
  }
  return path;
}
