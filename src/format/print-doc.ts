/**
 * Doc → text: the fits/break algorithm of Wadler's pretty printer as Prettier implements it
 * (`printDocToString` and `fits`). A group is printed flat when its contents fit on the rest of
 * the line (up to the next possible break after it), otherwise its lines break. Groups that
 * contain a hard line or a break-parent always break. Widths count display columns: CJK and
 * full-width characters take two.
 */
import type { Doc, DocCommand, Group, Choice } from './doc.ts';
import { willBreak } from './doc.ts';

const INDENT = 2;

type Mode = 'break' | 'flat';
interface Cmd {
  readonly ind: number;
  readonly mode: Mode;
  readonly doc: Doc;
}

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u;

/** Display width of `s`: CJK ideographs, kana, hangul and full-width forms count as 2. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

const brokenCache = new WeakMap<Group | Choice, boolean>();
/** A group breaks when asked to or when it contains a hard break (Prettier's `propagateBreaks`). */
function mustBreak(d: Group | Choice): boolean {
  let b = brokenCache.get(d);
  if (b === undefined) {
    b = willBreak(d);
    brokenCache.set(d, b);
  }
  return b;
}

/** Prints `doc` with lines at most `width` columns wide where the doc allows it. */
export function printDoc(doc: Doc, width = 100): string {
  return render([{ ind: 0, mode: 'break', doc }], 0, width, false);
}

function render(cmds: Cmd[], startPos: number, width: number, measuring: boolean): string {
  const out: string[] = [];
  let pos = startPos;
  let suffixes: Cmd[] = [];
  while (cmds.length > 0 || suffixes.length > 0) {
    if (cmds.length === 0) {
      // Trailing comments still pending at the very end.
      for (const s of suffixes.reverse()) cmds.push(s);
      suffixes = [];
      continue;
    }
    const { ind, mode, doc } = cmds.pop()!;
    if (typeof doc === 'string') {
      out.push(doc);
      pos += textWidth(doc);
      continue;
    }
    if (Array.isArray(doc)) {
      const parts = doc as readonly Doc[];
      for (let i = parts.length - 1; i >= 0; i--) cmds.push({ ind, mode, doc: parts[i]! });
      continue;
    }
    const d = doc as DocCommand;
    switch (d.type) {
      case 'indent':
        cmds.push({ ind: ind + INDENT, mode, doc: d.contents });
        break;
      case 'group': {
        if (mustBreak(d)) cmds.push({ ind, mode: 'break', doc: d.contents });
        else if (mode === 'flat') cmds.push({ ind, mode: 'flat', doc: d.contents });
        else {
          const flat: Cmd = { ind, mode: 'flat', doc: d.contents };
          cmds.push(fits(flat, cmds, width - pos) ? flat : { ind, mode: 'break', doc: d.contents });
        }
        break;
      }
      case 'choice': {
        let chosen: Cmd | undefined;
        for (let i = 0; i < d.states.length - 1 && !chosen; i++) {
          const cmd: Cmd = { ind, mode: 'flat', doc: d.states[i]! };
          if (fitsFully(cmd, cmds, pos, width)) chosen = cmd;
        }
        cmds.push(chosen ?? { ind, mode: 'break', doc: d.states[d.states.length - 1]! });
        break;
      }
      case 'if-break':
        cmds.push({ ind, mode, doc: mode === 'break' ? d.breakContents : d.flatContents });
        break;
      case 'line-suffix':
        // While measuring a layout, trailing comments take no room (they cannot move anyway).
        if (!measuring) suffixes.push({ ind, mode, doc: d.contents });
        break;
      case 'break-parent':
        break;
      case 'line':
        if (mode === 'flat' && !d.hard) {
          if (!d.soft) {
            out.push(' ');
            pos += 1;
          }
          break;
        }
        if (suffixes.length > 0) {
          cmds.push({ ind, mode, doc: d });
          for (const s of suffixes.reverse()) cmds.push(s);
          suffixes = [];
          break;
        }
        trimTrailingSpaces(out);
        out.push('\n' + ' '.repeat(ind));
        pos = ind;
        break;
    }
  }
  trimTrailingSpaces(out);
  return out.join('');
}

function trimTrailingSpaces(out: string[]): void {
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    const trimmed = last.replace(/[ \t]+$/, '');
    if (trimmed.length > 0) {
      out[out.length - 1] = trimmed;
      return;
    }
    out.pop();
  }
}

/**
 * Whether `next` printed flat, followed by the commands after it up to their first line break,
 * fits in `remaining` columns (Prettier's `fits`).
 */
function fits(next: Cmd, rest: readonly Cmd[], remaining: number): boolean {
  let restIdx = rest.length;
  const cmds: { mode: Mode; doc: Doc }[] = [next];
  let w = remaining;
  while (w >= 0) {
    if (cmds.length === 0) {
      if (restIdx === 0) return true;
      cmds.push(rest[--restIdx]!);
      continue;
    }
    const { mode, doc } = cmds.pop()!;
    if (typeof doc === 'string') {
      w -= textWidth(doc);
      continue;
    }
    if (Array.isArray(doc)) {
      const parts = doc as readonly Doc[];
      for (let i = parts.length - 1; i >= 0; i--) cmds.push({ mode, doc: parts[i]! });
      continue;
    }
    const d = doc as DocCommand;
    switch (d.type) {
      case 'indent':
        cmds.push({ mode, doc: d.contents });
        break;
      case 'group':
        cmds.push({ mode: mustBreak(d) ? 'break' : mode, doc: d.contents });
        break;
      case 'choice':
        cmds.push(mode === 'flat' ? { mode, doc: d.states[0]! } : { mode: 'break', doc: d.states[d.states.length - 1]! });
        break;
      case 'if-break':
        cmds.push({ mode, doc: mode === 'break' ? d.breakContents : d.flatContents });
        break;
      case 'line':
        if (mode === 'break' || d.hard) return true;
        if (!d.soft) w -= 1;
        break;
      case 'line-suffix':
      case 'break-parent':
        break;
    }
  }
  return false;
}

/** Whether every line of `cmd`, printed from column `pos`, and the rest of its last line fit. */
function fitsFully(cmd: Cmd, rest: readonly Cmd[], pos: number, width: number): boolean {
  const lines = render([cmd], pos, width, true).split('\n');
  for (let i = 0; i < lines.length; i++) {
    if ((i === 0 ? pos : 0) + textWidth(lines[i]!) > width) return false;
  }
  const last = lines[lines.length - 1]!;
  const used = (lines.length === 1 ? pos : 0) + textWidth(last);
  return fits({ ind: 0, mode: 'flat', doc: '' }, rest, width - used);
}
