/**
 * Entry point: Monaco (the editor core and the features KPL uses; no language packs or workers but its own), the two KPL compiler workers,
 * then the app. Exposes `window.__playground` for the end-to-end tests.
 */
import * as monaco from 'monaco-editor/editor';
// The editor features KPL uses, not `features/register.all` (color picker, inline completions,
// sticky scroll, links, GPU rendering, … are not shipped). Monaco's language packs and their
// workers are never imported: KPL's language services are its own.
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/documentSymbols/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/quickCommand/register';
import 'monaco-editor/features/quickOutline/register';
import 'monaco-editor/features/referenceSearch/register';
import 'monaco-editor/features/rename/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
// The suggest widget itself (register.all brought it in through inline completions).
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/tokenization/register';
import 'monaco-editor/features/unicodeHighlighter/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import KplWorker from './kpl.worker.ts?worker';
import './styles.css';
import { App } from './app.ts';
import { WorkerLane } from './client.ts';
import { MARKER_OWNER } from './language.ts';
import type { Ready, Reply } from './protocol.ts';
import { EXAMPLES, findExample } from './examples.ts';
import { setLang } from './i18n.ts';
import { sortedPeople } from './views/results.ts';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

const $ = (id: string) => document.getElementById(id)!;

async function boot(): Promise<void> {
  setLang('zh');
  let app: App | undefined;
  const early: Reply[] = [];
  let resolveReady!: (r: Ready) => void;
  const ready = new Promise<Ready>((r) => (resolveReady = r));
  const langLane = new WorkerLane(
    () => new KplWorker({ name: 'kpl-language' }),
    (r) => {
      if (r.kind === 'ready') resolveReady(r);
      else if (app) app.onLangReply(r);
      else if (r.kind === 'failure') showBootError(r.message);
      else early.push(r);
    },
    new Set(['analyze']),
  );
  // The evaluation worker loads and starts its compiler while the language worker does: the
  // first run does not wait for the second worker after the first is ready.
  let evalWorker: Worker | undefined = new KplWorker({ name: 'kpl-eval' });
  const r = await ready;
  app = new App(
    { editor: $('editor'), problems: $('problems'), tabs: $('tabs'), body: $('tab-bodies'), status: $('status'), header: $('header'), notice: $('notice') },
    () => {
      const w = evalWorker ?? new KplWorker({ name: 'kpl-eval' });
      evalWorker = undefined;
      return w;
    },
    r,
    langLane,
  );
  early.forEach((x) => app!.onLangReply(x));
  app.start();
  installSplitter();
  expose(app);
  document.getElementById('boot')?.remove();
  document.body.classList.add('ready');
}

/** The compiler worker could not start: say so instead of leaving an empty page. */
function showBootError(message: string): void {
  const box = document.getElementById('boot');
  if (!box) return;
  box.className = 'boot error';
  box.textContent = `KPL 编译器无法启动 / The KPL compiler could not start: ${message}`;
}

function installSplitter(): void {
  const split = $('splitter');
  const ws = $('workspace');
  split.addEventListener('pointerdown', (e) => {
    split.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      const rect = ws.getBoundingClientRect();
      const f = Math.min(0.75, Math.max(0.25, (ev.clientX - rect.left) / rect.width));
      ws.style.setProperty('--left', `${(f * 100).toFixed(1)}%`);
    };
    const up = () => {
      split.removeEventListener('pointermove', move);
      split.removeEventListener('pointerup', up);
    };
    split.addEventListener('pointermove', move);
    split.addEventListener('pointerup', up);
  });
}

/** Test hooks (see docs/playground.md): state is set through the model, never the DOM. */
function expose(app: App): void {
  (window as unknown as { __playground: unknown }).__playground = {
    app,
    editor: app.editor,
    monaco,
    examples: () => EXAMPLES.map((e) => e.id),
    loadExample: (id: string) => app.loadExample(findExample(id)!),
    setSource: (text: string) => app.setSource(text),
    getSource: () => app.model.getValue(),
    modelVersion: () => app.model.getVersionId(),
    compiledVersion: () => app.analyzedVersion,
    resultsVersion: () => app.renderedVersion,
    idle: () => app.idle(),
    stats: () => ({ ...app.stats }),
    formatAvailable: () => app.formatAvailable,
    markers: () => monaco.editor.getModelMarkers({ owner: MARKER_OWNER }).map((m) => ({ line: m.startLineNumber, col: m.startColumn, endLine: m.endLineNumber, endCol: m.endColumn, message: m.message, code: m.code, severity: m.severity })),
    editToResultsMs: () => app.lastEditToResults,
    firstResultsMs: () => app.firstResultsAt,
    timing: () => app.result?.timing,
    people: () => app.good?.summary.people.length ?? 0,
    rows: () => (app.good ? sortedPeople(app, app.good.summary).map((p) => p.cells) : []),
    columns: () => app.good?.summary.columns ?? [],
    comparison: () => app.comparison(),
    setTab: (tab: Parameters<App['setTab']>[0]) => app.setTab(tab),
    pin: () => app.pin(),
    generate: (n: number) => app.generate(n),
    stop: () => app.stop(),
    running: () => app.running,
    shareLink: (withData: boolean) => app.shareLink(withData, true),
    select: (key: string) => app.select(key, 'explain'),
    explanation: () => app.explanation,
    tests: () => {
      const r = app.analysis?.tests;
      return r ? { version: app.analyzedVersion, cases: r.cases.length, rows: r.rows, failed: r.failures.length, problems: r.cases.filter((c) => !c.passed).length, percent: r.coverage?.percent } : undefined;
    },
    coverageLines: () => app.analysis?.tests?.coverage?.coveredLines ?? [],
    setTests: (text: string) => app.setTests(text),
  };
}

void boot();
