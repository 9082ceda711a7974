/**
 * A small document model for reports (headings, paragraphs, lists, tables, code), rendered as
 * plain text for the terminal or as Markdown for an appeal file. Text tables align CJK
 * characters as double width.
 */
import { displayWidth } from '../diagnostics/render.ts';

export type Block =
  | { readonly k: 'para'; readonly text: string }
  | { readonly k: 'list'; readonly items: readonly string[] }
  | { readonly k: 'table'; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly right?: readonly boolean[] }
  | { readonly k: 'code'; readonly lines: readonly string[] }
  | { readonly k: 'sub'; readonly title: string; readonly blocks: readonly Block[] };

export interface Section {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** The figures the report states, printed as the results print them (for `--format json` and checks). */
export interface StatedResult {
  readonly status: 'ok' | 'error' | 'not_assessed';
  readonly total?: string;
  readonly gradeBefore?: string;
  readonly grade?: string;
  readonly reward?: string;
}

export interface Doc {
  readonly title: string;
  readonly lead: readonly string[];
  readonly sections: readonly Section[];
  readonly result?: StatedResult;
}

export type ReportFormat = 'text' | 'markdown';

export function renderDoc(doc: Doc, format: ReportFormat): string {
  return format === 'markdown' ? renderMarkdown(doc) : renderText(doc);
}

// ── text ─────────────────────────────────────────────────────────────────

function renderText(doc: Doc): string {
  const out: string[] = [doc.title, '═'.repeat(Math.min(78, Math.max(20, displayWidth(doc.title))))];
  out.push(...doc.lead);
  doc.sections.forEach((s, i) => {
    out.push('', `${i + 1}. ${s.title}`, '─'.repeat(Math.min(78, displayWidth(`${i + 1}. ${s.title}`))));
    textBlocks(s.blocks, '', out);
  });
  return out.join('\n').replace(/[ \t]+$/gm, '') + '\n';
}

function textBlocks(blocks: readonly Block[], indent: string, out: string[]): void {
  blocks.forEach((b, i) => {
    if (i > 0 && (b.k === 'sub' || b.k === 'table' || b.k === 'code' || blocks[i - 1]!.k === 'sub' || blocks[i - 1]!.k === 'table')) out.push('');
    switch (b.k) {
      case 'para':
        out.push(indent + b.text);
        break;
      case 'list':
        for (const it of b.items) {
          const [first, ...rest] = it.split('\n');
          out.push(`${indent}- ${first}`);
          for (const r of rest) out.push(`${indent}  ${r}`);
        }
        break;
      case 'table':
        for (const l of textTable(b.header, b.rows, b.right)) out.push(indent + l);
        break;
      case 'code':
        for (const l of b.lines) out.push(`${indent}    ${l}`);
        break;
      case 'sub':
        out.push(indent + b.title);
        textBlocks(b.blocks, indent + '  ', out);
        break;
    }
  });
}

function textTable(header: readonly string[], rows: readonly (readonly string[])[], right?: readonly boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - displayWidth(s));
    return right?.[i] ? fill + s : s + fill;
  };
  const line = (r: readonly string[]) => r.map((c, i) => pad(c ?? '', i)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

// ── markdown ─────────────────────────────────────────────────────────────

function renderMarkdown(doc: Doc): string {
  const out: string[] = [`# ${doc.title}`, ''];
  for (const l of doc.lead) out.push(`${l}  `);
  for (const [i, s] of doc.sections.entries()) {
    out.push('', `## ${i + 1}. ${s.title}`, '');
    mdBlocks(s.blocks, 3, out);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/[ \t]+$/gm, (m) => (m === '  ' ? m : '')).trimEnd() + '\n';
}

function mdBlocks(blocks: readonly Block[], level: number, out: string[]): void {
  for (const b of blocks) {
    switch (b.k) {
      case 'para':
        out.push(b.text, '');
        break;
      case 'list':
        for (const it of b.items) {
          const [first, ...rest] = it.split('\n');
          out.push(`- ${first}`);
          for (const r of rest) out.push(`  ${r}`);
        }
        out.push('');
        break;
      case 'table': {
        const cell = (s: string) => s.replace(/\|/g, '\\|');
        out.push(`| ${b.header.map(cell).join(' | ')} |`);
        out.push(`|${b.header.map((_, i) => (b.right?.[i] ? ' ---: ' : ' --- ')).join('|')}|`);
        for (const r of b.rows) out.push(`| ${r.map((c) => cell(c || ' ')).join(' | ')} |`);
        out.push('');
        break;
      }
      case 'code':
        out.push('```', ...b.lines, '```', '');
        break;
      case 'sub':
        out.push(`${'#'.repeat(Math.min(level, 6))} ${b.title}`, '');
        mdBlocks(b.blocks, level + 1, out);
        break;
    }
  }
}
