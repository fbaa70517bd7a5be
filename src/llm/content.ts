/**
 * @module
 * The judge's user prompt: tagged sections (`<Input>`, `<Output>`, ...), each tag on its own line.
 * Strings are written verbatim, other values as compact JSON; AI SDK media parts (`{ type: 'image',
 * image }`, `{ type: 'file', data, mediaType }`) found in the values are passed to the model as content
 * parts, not as text.
 */
import { toJsonSafe } from '../util/json-safe.js';

export interface TextContent {
  type: 'text';
  text: string;
}
/** An AI SDK ImagePart or FilePart, passed through unchanged. */
export type MediaContent =
  | { type: 'image'; image: unknown; mediaType?: string; [key: string]: unknown }
  | { type: 'file'; data: unknown; mediaType: string; filename?: string; [key: string]: unknown };
export type PromptContent = TextContent | MediaContent;

/** One tagged section of the prompt. */
export interface PromptSection {
  tag: string;
  value: unknown;
}

/** True for an AI SDK image or file content part. */
export function isMediaPart(value: unknown): value is MediaContent {
  if (typeof value !== 'object' || value === null) return false;
  const part = value as Record<string, unknown>;
  if (part.type === 'image') return part.image !== undefined && part.image !== null;
  if (part.type === 'file')
    return part.data !== undefined && part.data !== null && typeof part.mediaType === 'string';
  return false;
}

function isTextPart(value: unknown): value is TextContent {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'text' &&
    typeof (value as { text?: unknown }).text === 'string'
  );
}

/** Collects content, merging neighbouring text. */
class ContentBuilder {
  readonly parts: PromptContent[] = [];
  #attachments = 0;

  text(text: string): void {
    const last = this.parts.at(-1);
    if (last?.type === 'text') last.text += text;
    else this.parts.push({ type: 'text', text });
  }

  media(part: MediaContent): void {
    this.parts.push(part);
  }

  nextAttachmentLabel(part: MediaContent): string {
    this.#attachments++;
    const type = part.mediaType ?? part.type;
    return `[attachment ${this.#attachments}: ${type}]`;
  }
}

/** The sections as content parts: text parts joined by blank lines, media parts where they occur. */
export function buildPromptContent(sections: readonly PromptSection[]): PromptContent[] {
  const builder = new ContentBuilder();
  sections.forEach((section, i) => {
    builder.text(`${i > 0 ? '\n\n' : ''}<${section.tag}>\n`);
    renderValue(section.value, builder);
    builder.text(`\n</${section.tag}>`);
  });
  return builder.parts;
}

/** The whole prompt as one string, or undefined when it holds media parts. */
export function promptText(parts: readonly PromptContent[]): string | undefined {
  if (parts.length === 1 && parts[0]!.type === 'text') return parts[0]!.text;
  return parts.length === 0 ? '' : undefined;
}

function renderValue(value: unknown, builder: ContentBuilder): void {
  if (typeof value === 'string') {
    builder.text(value);
    return;
  }
  if (isMediaPart(value)) {
    builder.media(value);
    return;
  }
  if (Array.isArray(value) && value.some((item) => isMediaPart(item) || isTextPart(item))) {
    // A list of message parts: item by item, one per line.
    value.forEach((item, i) => {
      if (i > 0) builder.text('\n');
      if (typeof item === 'string') builder.text(item);
      else if (isTextPart(item)) builder.text(item.text);
      else if (isMediaPart(item)) builder.media(item);
      else renderJson(item, builder);
    });
    return;
  }
  renderJson(value, builder);
}

/** Compact JSON; media parts nested in the value become `[attachment N: type]` and follow the JSON. */
function renderJson(value: unknown, builder: ContentBuilder): void {
  const found: MediaContent[] = [];
  const replaced = extractMedia(value, builder, found, new Set());
  builder.text(compactJson(replaced));
  for (const part of found) {
    builder.text('\n');
    builder.media(part);
  }
}

function extractMedia(
  value: unknown,
  builder: ContentBuilder,
  found: MediaContent[],
  seen: Set<object>,
): unknown {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  if (isMediaPart(value)) {
    found.push(value);
    return builder.nextAttachmentLabel(value);
  }
  const proto = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && proto !== Object.prototype && proto !== null) return value;
  seen.add(value);
  try {
    if (isArray) return value.map((item) => extractMedia(item, builder, found, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = extractMedia(v, builder, found, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** `JSON.stringify` of a JSON-safe copy; `undefined` reads as `null`. */
export function compactJson(value: unknown): string {
  return JSON.stringify(toJsonSafe(value)) ?? 'null';
}
