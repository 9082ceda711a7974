/**
 * The playground's state and wiring: the editor, the two compiler workers, the tabs, saving and
 * sharing. Views read the state from here and call back into it; nothing is rendered from HTML
 * strings.
 */
import * as monaco from 'monaco-editor/editor';
import type { Analysis, Explanation, Reply, RunRequest, RunResult, ServiceReply, ServiceRequest, Summary, Symbols } from './protocol.ts';
import { ReceivedParts, WorkerLane } from './client.ts';
import { LANGUAGE_ID, MARKER_OWNER, registerKpl, setMarkers } from './language.ts';
import { lang, setLang, t, type Lang } from './i18n.ts';
import { EXAMPLES, findExample, type Example } from './examples.ts';
import { type Baseline, type DataSlot, type Snapshot, decodeShare, encodeShare, loadLocal, saveLocal, clearLocal } from './share.ts';
import { debounce, fill, h } from './dom.ts';
import { scaleData } from './csv.ts';
import { renderResults } from './views/results.ts';
import { renderDistribution } from './views/distribution.ts';
import { renderExplain } from './views/explain.ts';
import { renderChange } from './views/change.ts';
import { groupDiagnostics, renderData } from './views/data.ts';
import { openGallery, openShare } from './views/dialogs.ts';
import { renderProblems } from './views/problems.ts';
import { renderTests } from './views/tests.ts';
import { compareSummaries, type Comparison } from './compare.ts';

export type TabId = 'results' | 'distribution' | 'explain' | 'change' | 'tests' | 'data';
export const TABS: TabId[] = ['results', 'distribution', 'explain', 'change', 'tests', 'data'];
const TAB_LABEL = { results: 'tabResults', distribution: 'tabDistribution', explain: 'tabExplain', change: 'tabChange', tests: 'tabTests', data: 'tabData' } as const;

export type Level = 'none' | 'top' | 'all';

export interface Good {
  readonly version: number;
  readonly summary: Summary;
  readonly baseline?: Summary;
  readonly baselineError?: string;
}

const enc = new TextEncoder();

export class App {
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  readonly model: monaco.editor.ITextModel;
  private readonly langLane: WorkerLane;
  private readonly evalLane: WorkerLane;
  compilerVersion = '';
  formatAvailable = false;

  exampleId: string | undefined;
  /** The policy's `.kpltest` tables (the example's, as edited on the Tests tab). */
  testsText: string | undefined;
  data: Record<string, DataSlot> = {};
  dataVersion = 1;
  baseline: Baseline | undefined;
  tab: TabId = 'results';
  analysis: Analysis | undefined;
  symbols: Symbols | undefined;
  result: RunResult | undefined;
  good: Good | undefined;
  explanation: Explanation | undefined;
  selectedKey: string | undefined;
  sort: { col: string; dir: 1 | -1 } | undefined;
  filter = '';
  level: Level = 'none';
  groupBy: string | undefined;
  compareFilter: { onlyChanged: boolean; gradeOnly: boolean; from?: string; to?: string } = { onlyChanged: true, gradeOnly: false };
  notice: { text: string; kind: 'info' | 'warn' | 'error' } | undefined;
  running = false;
  stopped = false;
  workerError: string | undefined;
  editorError = false;

  /** performance.now() of each model version's edit, to time edit → results. */
  private editAt = new Map<number, number>();
  lastEditToResults: number | undefined;
  /** performance.now() when the first results were shown (ms since the page started loading). */
  firstResultsAt: number | undefined;
  renderedVersion = 0;
  analyzedVersion = 0;
  private explainDecorations: monaco.editor.IEditorDecorationsCollection;
  private focusDecorations: monaco.editor.IEditorDecorationsCollection;
  private readonly tabBodies = new Map<TabId, HTMLElement>();
  private serviceId = 0;
  private serviceWaiters = new Map<number, (r: ServiceReply) => void>();
  private formatWaiters = new Map<number, (r: { text?: string; reason?: string }) => void>();
  private csvWaiters = new Map<number, (text: string | undefined, bytes?: Uint8Array) => void>();
  private runTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly root: {
      editor: HTMLElement;
      problems: HTMLElement;
      tabs: HTMLElement;
      body: HTMLElement;
      status: HTMLElement;
      header: HTMLElement;
      notice: HTMLElement;
    },
    private readonly makeWorker: () => Worker,
    ready: Extract<Reply, { kind: 'ready' }>,
    langLane: WorkerLane,
  ) {
    this.compilerVersion = ready.compilerVersion;
    this.formatAvailable = ready.formatAvailable;
    this.langLane = langLane;
    this.evalLane = new WorkerLane(makeWorker, (r) => this.onEvalReply(r), new Set(['run']));
    this.evalLane.onBusyChange = (busy) => this.onBusy(busy);
    registerKpl(ready, {
      symbols: () => this.symbols,
      diagnostics: () => this.analysis?.diagnostics ?? [],
      summary: () => this.good?.summary,
      format: (source, version) => this.format(source, version).then((r) => ({ kind: 'formatted', version, ...r })),
      service: (req) =>
        new Promise((resolve) => {
          const id = ++this.serviceId;
          this.serviceWaiters.set(id, resolve);
          this.langLane.send({ ...req, id } as ServiceRequest);
        }),
    });
    this.model = monaco.editor.createModel('', LANGUAGE_ID, monaco.Uri.parse('file:///policy.kpl'));
    this.editor = monaco.editor.create(root.editor, {
      model: this.model,
      theme: 'kpl-light',
      ariaLabel: 'policy.kpl',
      automaticLayout: true,
      fontSize: 14,
      lineHeight: 21,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      tabSize: 2,
      renderWhitespace: 'none',
      glyphMargin: true,
      fontFamily: "'JetBrains Mono', 'Noto Sans Mono CJK SC', 'Source Han Mono', Menlo, Consolas, monospace",
      wordBasedSuggestions: 'off',
      quickSuggestions: { other: true, comments: false, strings: false },
      fixedOverflowWidgets: true,
      // Chinese policies are full of full-width punctuation; do not box it as 'ambiguous'.
      unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
    });
    // Tab indents in the editor; Esc (when no widget of the editor is open) moves the focus on to
    // the tab list, so the keyboard is never trapped. Ctrl+M (Monaco's own) makes Tab move the focus.
    this.editor.addCommand(
      monaco.KeyCode.Escape,
      () => this.leaveEditor(),
      'editorTextFocus && !suggestWidgetVisible && !findWidgetVisible && !renameInputVisible && !parameterHintsVisible && !markersNavigationVisible && !referenceSearchVisible && !inSnippetMode && !hasMultipleSelections && !inReferenceSearchEditor && !editorHasSelection',
    );
    this.explainDecorations = this.editor.createDecorationsCollection();
    this.focusDecorations = this.editor.createDecorationsCollection();
    this.model.onDidChangeContent(() => this.onEdit());
    monaco.editor.onDidChangeMarkers(() => renderProblems(this, this.root.problems));
    for (const id of TABS) {
      const el = h('div', { class: `tab-body tab-${id}`, role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}` });
      this.tabBodies.set(id, el);
      root.body.append(el);
    }
  }

  /** Esc in the editor: the focus goes to the active tab. */
  leaveEditor(): void {
    this.root.tabs.querySelector<HTMLElement>('.tab.active')?.focus();
  }

  /** Results that do not belong to the text in the editor, and will not (the run was stopped). */
  outdated(): boolean {
    return this.stopped && this.good !== undefined && this.good.version !== this.model.getVersionId();
  }

  /** No analysis or evaluation running or waiting (for tests and timing). */
  idle(): boolean {
    return this.langLane.idle && this.evalLane.idle;
  }

  // ── workers ────────────────────────────────────────────────────────────────────────────

  onLangReply(r: Reply): void {
    if (r.kind === 'analysis') {
      if (r.version !== this.model.getVersionId()) return; // stale: a newer edit is on its way
      this.analysis = r;
      this.symbols = r.symbols;
      this.analyzedVersion = r.version;
      setMarkers(this.model, r);
      this.renderStatus();
      this.showCoverage();
      if (this.tab === 'tests') this.renderTab();
    } else if (r.kind === 'references' || r.kind === 'fixes') {
      this.serviceWaiters.get(r.id)?.(r);
      this.serviceWaiters.delete(r.id);
    } else if (r.kind === 'formatted') {
      this.formatWaiters.get(r.version)?.({ ...(r.text !== undefined ? { text: r.text } : {}), ...(r.reason ? { reason: r.reason } : {}) });
      this.formatWaiters.delete(r.version);
    }
  }

  private readonly received = new ReceivedParts();

  private onResult(reply: RunResult): void {
    const r = this.received.restore(reply);
    if (!r) {
      // It refers to parts this page does not hold: ask for everything again.
      this.evalLane.send(() => ({ ...this.runRequest(), full: true }));
      return;
    }
    if (r.version !== this.model.getVersionId()) {
      this.stats.dropped++;
      return;
    }
    this.stats.rendered++;
    this.result = r;
    this.workerError = undefined;
    if (r.summary) {
      this.good = { version: r.version, summary: r.summary, ...(r.baseline ? { baseline: r.baseline } : {}), ...(r.baselineError ? { baselineError: r.baselineError } : {}) };
      if (!this.groupBy || !r.summary.groupColumns.includes(this.groupBy)) this.groupBy = r.summary.defaultGroup;
    }
    this.render();
    this.renderedVersion = r.version;
    const at = this.editAt.get(r.version);
    if (at !== undefined) this.lastEditToResults = performance.now() - at;
    this.firstResultsAt ??= performance.now();
    this.editAt.clear();
    this.renderStatus();
    if (this.selectedKey && r.summary) this.requestExplain();
  }

  private onEvalReply(r: Reply): void {
    switch (r.kind) {
      case 'result':
        this.onResult(r);
        break;
      case 'explanation':
        if (r.version !== this.model.getVersionId() || r.key !== this.selectedKey) return;
        // Keep the report already shown while a newer explanation without it arrives.
        this.explanation = r.text === undefined && this.explanation?.key === r.key && this.explanation.text !== undefined && this.reportOpen ? { ...r, text: this.explanation.text, ...(this.explanation.textLang ? { textLang: this.explanation.textLang } : {}) } : r;
        if (this.tab === 'explain') this.renderTab();
        break;
      case 'csv':
        this.csvWaiters.get(r.version)?.(r.text, r.bytes);
        this.csvWaiters.delete(r.version);
        break;
      case 'failure':
        this.workerError = r.message.split('\n')[0];
        console.warn('kpl worker:', r.message);
        this.renderStatus();
        break;
      default:
        break;
    }
  }

  private onBusy(busy: boolean): void {
    this.running = busy;
    if (this.runTimer) clearTimeout(this.runTimer);
    // Show the stop button only for runs that take a noticeable time.
    if (busy) this.runTimer = setTimeout(() => this.renderStatus(), 250);
    else this.renderStatus();
  }

  /** Terminates the evaluation worker (a long run stops at once) and starts a fresh one. */
  stop(): void {
    this.evalLane.restart();
    this.received.clear();
    // Whatever waited on the old worker will get no answer.
    for (const resolve of this.csvWaiters.values()) resolve(undefined);
    this.csvWaiters.clear();
    this.stopped = true;
    this.renderStatus();
    this.renderTabs();
    this.renderTab();
  }

  /** Runs sent, stale results dropped and results shown (for the tests of coalescing). */
  readonly stats = { runs: 0, dropped: 0, rendered: 0 };

  private runRequest(): RunRequest {
    this.stats.runs++;
    const version = this.model.getVersionId();
    const needData = this.evalLane.dataVersion !== this.dataVersion;
    const req: RunRequest = {
      kind: 'run',
      version,
      source: this.model.getValue(),
      dataVersion: this.dataVersion,
      ...(needData ? { files: Object.entries(this.data).map(([table, d]) => ({ table, fileName: d.fileName, bytes: d.bytes })) } : {}),
      ...(this.baseline ? { baseline: this.baseline.source } : {}),
      withIndicators: this.level !== 'none',
    };
    this.evalLane.dataVersion = this.dataVersion;
    return req;
  }

  /** Re-runs the evaluation (after a data, baseline or option change). */
  rerun(): void {
    this.stopped = false;
    this.evalLane.send(() => this.runRequest());
  }

  private onEdit(): void {
    const version = this.model.getVersionId();
    this.editAt.set(version, performance.now());
    this.stopped = false;
    this.analyzeNow();
    this.evalLane.send(() => this.runRequest());
    this.save();
  }

  private analyzeNow(): void {
    this.langLane.send(() => ({ kind: 'analyze', version: this.model.getVersionId(), source: this.model.getValue(), ...(this.testsText !== undefined ? { tests: this.testsText, lang: lang() } : {}) }));
  }

  /** The test tables were edited: run them again (with the analysis of the current text). */
  setTests(text: string): void {
    if (text === this.testsText) return;
    this.testsText = text;
    this.analyzeNow();
  }

  private coverageDecorations: monaco.editor.IEditorDecorationsCollection | undefined;
  /** Decision coverage of the tests in the policy's gutter, while the Tests tab is open. */
  private showCoverage(): void {
    this.coverageDecorations ??= this.editor.createDecorationsCollection();
    const cov = this.tab === 'tests' ? this.analysis?.tests?.coverage : undefined;
    if (!cov) {
      this.coverageDecorations.clear();
      return;
    }
    const deco = (line: number, hit: boolean): monaco.editor.IModelDeltaDecoration => ({ range: new monaco.Range(line, 1, line, 1), options: { isWholeLine: true, linesDecorationsClassName: hit ? 'cov-hit' : 'cov-miss', linesDecorationsTooltip: hit ? t('covHit') : t('covMiss') } });
    this.coverageDecorations.set([...cov.coveredLines.map((l) => deco(l, true)), ...cov.missedLines.map((l) => deco(l, false))]);
  }

  format(source: string, version: number): Promise<{ text?: string; reason?: string }> {
    return new Promise((resolve) => {
      this.formatWaiters.set(version, resolve);
      this.langLane.send({ kind: 'format', version, source });
    });
  }

  async formatDocument(): Promise<void> {
    if (!this.formatAvailable) {
      this.setNotice(t('formatUnavailable'), 'info');
      return;
    }
    const action = this.editor.getAction('editor.action.formatDocument');
    const before = this.model.getValue();
    await action?.run();
    if (this.model.getValue() === before && this.analysis?.diagnostics.some((d) => d.severity === 'error' && d.code.startsWith('KPL1'))) this.setNotice(t('formatFailed'), 'warn');
  }

  csv(): Promise<string | undefined> {
    const version = this.model.getVersionId();
    return new Promise((resolve) => {
      this.csvWaiters.set(version, resolve);
      this.evalLane.send({ kind: 'csv', version });
    });
  }

  /** The results workbook, as `kpl eval --out results.xlsx` writes it. */
  xlsx(): Promise<Uint8Array | undefined> {
    const version = this.model.getVersionId();
    return new Promise((resolve) => {
      this.csvWaiters.set(version, (_text, bytes) => resolve(bytes));
      this.evalLane.send({ kind: 'csv', version, format: 'xlsx' });
    });
  }

  /** The CSV download starts with the UTF-8 BOM, so Excel on a Chinese Windows opens it without 乱码. */
  async download(): Promise<void> {
    const text = await this.csv();
    if (text === undefined) return;
    this.saveBlob(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }), `${this.exampleId ?? 'results'}-results.csv`);
  }

  async downloadXlsx(): Promise<void> {
    const bytes = await this.xlsx();
    if (bytes === undefined) return;
    this.saveBlob(new Blob([bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), `${this.exampleId ?? 'results'}-results.xlsx`);
  }

  private saveBlob(blob: Blob, name: string): void {
    const a = h('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  select(key: string | undefined, tab?: TabId): void {
    this.selectedKey = key;
    this.explanation = undefined;
    if (tab) this.setTab(tab);
    this.requestExplain();
    this.renderTab();
  }

  /** Whether the CLI report is open in the explanation panel (it is computed on demand). */
  reportOpen = false;

  requestExplain(): void {
    if (!this.selectedKey) return;
    this.evalLane.send({ kind: 'explain', version: this.model.getVersionId(), key: this.selectedKey, ...(this.reportOpen ? { report: lang() } : {}) });
  }

  // ── editor decorations (explanation) ───────────────────────────────────────────────────

  highlightSources(ranges: { start: number; end: number }[]): void {
    const decos = ranges.map((r) => {
      const s = this.model.getPositionAt(r.start);
      const e = this.model.getPositionAt(r.end);
      return {
        range: new monaco.Range(s.lineNumber, 1, e.lineNumber, 1),
        options: { isWholeLine: true, className: 'explain-line', linesDecorationsClassName: 'explain-gutter', overviewRuler: { color: '#f59e0b', position: monaco.editor.OverviewRulerLane.Left } },
      };
    });
    this.explainDecorations.set(decos);
  }

  focusSource(r: { start: number; end: number } | undefined, reveal = false): void {
    if (!r) {
      this.focusDecorations.clear();
      return;
    }
    const s = this.model.getPositionAt(r.start);
    const e = this.model.getPositionAt(r.end);
    this.focusDecorations.set([{ range: new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column), options: { className: 'explain-focus', isWholeLine: false } }]);
    if (reveal) {
      this.editor.revealRangeInCenterIfOutsideViewport(new monaco.Range(s.lineNumber, 1, e.lineNumber, 1));
      this.editor.setSelection(new monaco.Range(s.lineNumber, s.column, s.lineNumber, s.column));
    }
  }

  clearSourceHighlights(): void {
    this.explainDecorations.clear();
    this.focusDecorations.clear();
  }

  revealOffset(start: number, end: number): void {
    const s = this.model.getPositionAt(start);
    const e = this.model.getPositionAt(end);
    this.editor.revealRangeInCenter(new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column));
    this.editor.setSelection(new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column));
    this.editor.focus();
  }

  // ── state changes ──────────────────────────────────────────────────────────────────────

  setTab(tab: TabId): void {
    if (this.tab === tab) return;
    this.tab = tab;
    if (tab !== 'explain') this.clearSourceHighlights();
    this.showCoverage();
    this.renderTabs();
    this.renderTab();
    this.save();
  }

  setLanguage(l: Lang): void {
    setLang(l);
    if (this.reportOpen) this.requestExplain();
    if (this.analysis) setMarkers(this.model, this.analysis);
    this.render();
    this.save();
  }

  setNotice(text: string | undefined, kind: 'info' | 'warn' | 'error' = 'info'): void {
    this.notice = text === undefined ? undefined : { text, kind };
    this.renderNotice();
  }

  loadExample(ex: Example, opts: { keepBaseline?: boolean } = {}): void {
    this.exampleId = ex.id;
    this.testsText = ex.tests;
    this.data = exampleData(ex);
    this.dataVersion++;
    this.selectedKey = undefined;
    this.explanation = undefined;
    this.sort = undefined;
    this.filter = '';
    this.groupBy = undefined;
    // The example as loaded is the natural baseline for the change preview.
    if (!opts.keepBaseline) this.baseline = { source: ex.source, label: 'example', at: Date.now() };
    this.replaceDocument(ex.source);
    this.render();
  }

  setSource(text: string): void {
    if (this.model.getValue() === text) {
      this.onEdit();
      return;
    }
    this.editor.pushUndoStop();
    this.model.pushEditOperations([], [{ range: this.model.getFullModelRange(), text }], () => null);
    this.editor.pushUndoStop();
  }

  setData(table: string, slot: DataSlot | undefined): void {
    if (slot) this.data = { ...this.data, [table]: slot };
    else {
      const { [table]: _, ...rest } = this.data;
      this.data = rest;
    }
    this.dataVersion++;
    this.rerun();
    this.save();
    this.renderTab();
  }

  restoreExampleData(table?: string): void {
    const ex = findExample(this.exampleId);
    if (!ex) return;
    const all = exampleData(ex);
    if (table) {
      if (all[table]) this.setData(table, all[table]);
      return;
    }
    this.data = all;
    this.dataVersion++;
    this.rerun();
    this.save();
    this.renderTab();
  }

  /** Scales the current data up to `n` people (copies with new keys), for performance checks. */
  generate(n: number): void {
    const tables = this.symbols?.tables ?? [];
    const dec = new TextDecoder();
    const input = tables.filter((tb) => this.data[tb.name]).map((tb) => ({ name: tb.name, role: tb.role, ...(tb.key ? { key: tb.key } : {}), ...(tb.by ? { by: tb.by } : {}), text: dec.decode(this.data[tb.name]!.bytes) }));
    const out = scaleData(input, n);
    for (const [name, text] of Object.entries(out)) this.data[name] = { fileName: `${name}.csv`, bytes: enc.encode(text), origin: name === input.find((x) => x.role === 'population')?.name ? 'generated' : this.data[name]!.origin };
    this.data = { ...this.data };
    this.dataVersion++;
    this.rerun();
    this.save();
    this.renderTab();
  }

  pin(): void {
    if (!this.analysis?.compiled) {
      this.setNotice(t('pinNeedsValid'), 'warn');
      return;
    }
    this.baseline = { source: this.model.getValue(), label: 'moment', at: Date.now() };
    this.rerun();
    this.save();
    this.render();
  }

  unpin(): void {
    this.baseline = undefined;
    if (this.good) this.good = { version: this.good.version, summary: this.good.summary };
    this.rerun();
    this.save();
    this.render();
  }

  revertToBaseline(): void {
    if (this.baseline) this.setSource(this.baseline.source);
  }

  setLevel(level: Level): void {
    this.level = level;
    this.rerun();
    this.renderTab();
  }

  // ── saving and sharing ─────────────────────────────────────────────────────────────────

  snapshot(withData: boolean, withBaseline = true): Snapshot {
    const ex = findExample(this.exampleId);
    const dataIsExample = ex !== undefined && this.dataIsExample(ex);
    return {
      source: this.model.getValue(),
      ...(this.exampleId ? { exampleId: this.exampleId } : {}),
      ...(dataIsExample ? { dataFrom: 'example' as const } : withData ? { data: this.data } : { dataFrom: 'withheld' as const }),
      ...(withBaseline && this.baseline ? { baseline: this.baseline } : {}),
      lang: lang(),
    };
  }

  private exampleCheck: { data: Record<string, DataSlot>; ex: Example; same: boolean } | undefined;
  /** Whether the data is the example's own (decoded once per data record, not on every save). */
  private dataIsExample(ex: Example): boolean {
    const c = this.exampleCheck;
    if (c?.data !== this.data || c.ex !== ex) this.exampleCheck = { data: this.data, ex, same: sameAsExample(this.data, ex) };
    return this.exampleCheck!.same;
  }

  shareLink(withData: boolean, withBaseline: boolean): string {
    return `${location.origin}${location.pathname}${encodeShare(this.snapshot(withData, withBaseline), this.compilerVersion)}`;
  }

  readonly save = debounce(400, () => {
    const ok = saveLocal(localStorage, this.snapshot(true), this.compilerVersion, { tab: this.tab, level: this.level });
    if (!ok) this.setNotice(t('dataNotSaved'), 'warn');
  });

  /** First state: a share link, else the saved work, else the first example. A link pasted into the open page is opened too. */
  start(): void {
    window.addEventListener('hashchange', () => this.openLink(false));
    const shared = this.openLink(true);
    if (shared === 'opened') return;
    const saved = loadLocal(localStorage);
    if (saved) {
      if (saved.extra['tab'] && TABS.includes(saved.extra['tab'] as TabId)) this.tab = saved.extra['tab'] as TabId;
      if (saved.extra['level'] === 'top' || saved.extra['level'] === 'all') this.level = saved.extra['level'];
      this.applySnapshot(saved.snapshot);
      if (!shared) this.setNotice(saved.extra['dataDropped'] ? t('dataNotSaved') : t('restored'), saved.extra['dataDropped'] ? 'warn' : 'info');
      return;
    }
    this.loadExample(EXAMPLES[0]!);
  }

  /**
   * Opens the share link in the address bar's fragment, if there is one. On a page already in use
   * (`fresh` false) a link without data keeps the data loaded here; a fresh page takes the
   * example's sample data — and the notice says which data the results are computed on.
   */
  openLink(fresh: boolean): 'opened' | 'failed' | undefined {
    const hash = location.hash;
    const shared = hash ? decodeShare(hash) : undefined;
    if (!shared) return undefined;
    history.replaceState(null, '', location.pathname + location.search);
    if ('error' in shared) {
      this.setNotice(shared.error === 'format' ? t('linkBadFormat', { f: shared.format ?? '?' }) : t('linkCorrupt'), 'error');
      return 'failed';
    }
    const s = shared.snapshot;
    const ex = findExample(s.exampleId);
    const haveData = !fresh && Object.keys(this.data).length > 0;
    let dataNote: string | undefined;
    if (!s.data && s.dataFrom !== 'example') dataNote = haveData ? t('linkNoDataKept') : ex ? t('linkNoDataExample', { e: ex.title || ex.id }) : t('linkNoData');
    this.applySnapshot(s, haveData && !s.data && s.dataFrom !== 'example');
    const parts = [shared.compiler !== this.compilerVersion ? t('linkOtherCompiler', { c: shared.compiler, cur: this.compilerVersion }) : t('linkOpened'), dataNote].filter(Boolean);
    this.setNotice(parts.join(' '), shared.compiler !== this.compilerVersion || dataNote ? 'warn' : 'info');
    return 'opened';
  }

  /** Shows a snapshot; `keepData`: the data loaded now stays (the snapshot carries none). */
  applySnapshot(s: Snapshot, keepData = false): void {
    if (s.lang) setLang(s.lang);
    this.exampleId = s.exampleId;
    const ex = findExample(s.exampleId);
    this.testsText = ex?.tests;
    if (!keepData) {
      this.data = s.data ?? (ex ? exampleData(ex) : {});
      this.dataVersion++;
    }
    this.baseline = s.baseline;
    this.selectedKey = undefined;
    this.explanation = undefined;
    this.replaceDocument(s.source);
    this.render();
  }

  /**
   * A new document (an example, a link, restored work): the text is set with an empty undo
   * history, so undo never goes back to the empty editor or to an unrelated policy.
   */
  private replaceDocument(text: string): void {
    if (this.model.getValue() === text) {
      this.onEdit();
      return;
    }
    this.model.setValue(text);
  }

  reset(): void {
    clearLocal(localStorage);
    this.loadExample(EXAMPLES[0]!);
  }

  // ── rendering ──────────────────────────────────────────────────────────────────────────

  render(): void {
    document.title = t('title');
    this.renderHeader();
    this.renderTabs();
    this.renderTab();
    this.renderStatus();
    this.renderNotice();
    renderProblems(this, this.root.problems);
  }

  renderTab(): void {
    for (const [id, el] of this.tabBodies) el.hidden = id !== this.tab;
    const el = this.tabBodies.get(this.tab)!;
    switch (this.tab) {
      case 'results':
        renderResults(this, el);
        break;
      case 'distribution':
        renderDistribution(this, el);
        break;
      case 'explain':
        renderExplain(this, el);
        break;
      case 'change':
        renderChange(this, el);
        break;
      case 'tests':
        renderTests(this, el);
        break;
      case 'data':
        renderData(this, el);
        break;
    }
  }

  private renderTabs(): void {
    const cmp = this.comparison();
    const changes = cmp ? cmp.gradeChanges + cmp.statusChanges : undefined;
    fill(
      this.root.tabs,
      TABS.map((id, i) =>
        h(
          'button',
          {
            class: `tab${id === this.tab ? ' active' : ''}`,
            role: 'tab',
            id: `tab-${id}`,
            'aria-controls': `panel-${id}`,
            'aria-selected': id === this.tab ? 'true' : 'false',
            // One tab stop for the tab list; the arrow keys move between the tabs (WAI-ARIA tabs).
            tabindex: id === this.tab ? 0 : -1,
            dataset: { tab: id },
            onclick: () => this.setTab(id),
            onkeydown: (e: Event) => {
              const k = (e as KeyboardEvent).key;
              const j = k === 'ArrowRight' ? i + 1 : k === 'ArrowLeft' ? i - 1 : k === 'Home' ? 0 : k === 'End' ? TABS.length - 1 : undefined;
              if (j === undefined) return;
              e.preventDefault();
              this.setTab(TABS[(j + TABS.length) % TABS.length]!);
              this.root.tabs.querySelector<HTMLElement>('.tab.active')?.focus();
            },
          },
          t(TAB_LABEL[id]),
          id === 'change' && changes !== undefined && changes > 0 ? h('span', { class: 'badge' }, String(changes)) : null,
          id === 'data' && this.dataProblemCount() > 0 ? h('span', { class: 'badge warn' }, String(this.dataProblemCount())) : null,
        ),
      ),
    );
  }

  private compared: { key: unknown[]; cmp: Comparison } | undefined;
  /**
   * The change preview's comparison of the current results with the baseline's, computed again
   * only when either side's people (kept by identity across results: `ReceivedParts`), what it
   * reads of the policy, or the grouping changed.
   */
  comparison(): Comparison | undefined {
    const good = this.good;
    if (!good?.baseline) return undefined;
    const side = (s: Summary) => [s.people, s.pools, JSON.stringify([s.grades.map((g) => g.grade), s.top, s.groupColumns, s.hasReward])];
    const key = [...side(good.baseline), ...side(good.summary), this.groupBy];
    if (!this.compared || this.compared.key.some((x, i) => x !== key[i])) this.compared = { key, cmp: compareSummaries(good.baseline, good.summary, this.groupBy) };
    return this.compared.cmp;
  }

  dataProblemCount(): number {
    return groupDiagnostics(this.good?.summary.diagnostics.filter((d) => d.data && d.severity === 'error') ?? []).length;
  }

  renderHeader(): void {
    const ex = findExample(this.exampleId);
    const bar = this.root.header;
    fill(
      bar,
      h('div', { class: 'brand' }, h('span', { class: 'logo' }, 'KPL'), h('span', { class: 'brand-title' }, t('title')), h('span', { class: 'brand-sub' }, t('brandSub'))),
      h('button', { class: 'btn', id: 'btn-examples', onclick: () => openGallery(this) }, '▦ ', t('examples')),
      ex ? h('span', { class: 'example-name', title: ex.description }, ex.title) : null,
      h('div', { class: 'spacer' }),
      h('button', { id: 'btn-format', title: this.formatAvailable ? 'Shift+Alt+F' : t('formatUnavailable'), class: `btn${this.formatAvailable ? '' : ' unavailable'}`, onclick: () => void this.formatDocument() }, t('format')),
      h('button', { class: 'btn', id: 'btn-pin', onclick: () => this.pin() }, this.baseline ? t('repin') : t('pin')),
      h('button', { class: 'btn', id: 'btn-share', onclick: () => openShare(this) }, t('share')),
      h('button', { class: 'btn', id: 'btn-download', onclick: () => void this.download(), ...(this.good ? {} : { disabled: true }) }, '⬇ ', t('download')),
      h('button', { class: 'btn', id: 'btn-download-xlsx', onclick: () => void this.downloadXlsx(), ...(this.good ? {} : { disabled: true }) }, '⬇ ', t('downloadXlsx')),
      h('button', { class: 'btn lang', id: 'btn-lang', onclick: () => this.setLanguage(lang() === 'zh' ? 'en' : 'zh') }, t('lang')),
    );
  }

  renderNotice(): void {
    const n = this.notice;
    this.root.notice.hidden = !n;
    if (!n) return;
    fill(this.root.notice, h('span', { class: `notice-text ${n.kind}` }, n.text), h('button', { class: 'notice-close', 'aria-label': t('close'), onclick: () => this.setNotice(undefined) }, '×'));
    this.root.notice.className = `notice ${n.kind}`;
  }

  renderStatus(): void {
    const r = this.result;
    const parts: (HTMLElement | string)[] = [];
    parts.push(h('span', { class: 'st-compiler' }, `${t('compiler')} ${this.compilerVersion}`));
    const a = this.analysis;
    if (a) {
      const e = a.diagnostics.filter((d) => d.severity === 'error').length;
      const w = a.diagnostics.filter((d) => d.severity === 'warning').length;
      parts.push(h('span', { class: `st-problems${e ? ' has-errors' : ''}` }, t('problemsCount', { e, w })));
    }
    if (r?.summary) {
      const tm = r.timing;
      parts.push(h('span', { class: 'st-timing' }, t('statusTiming', { c: tm.compileMs.toFixed(0), e: tm.evalMs.toFixed(0), l: tm.loadMs.toFixed(0) })));
      const err = r.summary.people.filter((p) => p.status === 'error').length;
      parts.push(h('span', { class: 'st-people' }, t('statusPeople', { n: r.summary.people.length, err })));
    }
    if (this.lastEditToResults !== undefined) parts.push(h('span', { class: 'st-edit', id: 'edit-to-results' }, t('editToResults', { ms: this.lastEditToResults.toFixed(0) })));
    if (this.running) parts.push(h('span', { class: 'st-running' }, h('span', { class: 'spinner' }), t('running'), ' ', h('button', { class: 'btn danger small', id: 'btn-stop', onclick: () => this.stop() }, '■ ', t('stop'))));
    else if (this.stopped) parts.push(h('span', { class: 'st-stopped' }, t('stopped')));
    if (this.workerError) parts.push(h('span', { class: 'st-error' }, t('workerFailed', { m: this.workerError })));
    fill(this.root.status, parts);
  }
}

function exampleData(ex: Example): Record<string, DataSlot> {
  const out: Record<string, DataSlot> = {};
  for (const [table, f] of Object.entries(ex.data)) out[table] = { fileName: f.fileName, bytes: enc.encode(f.text), origin: 'example' };
  return out;
}

function sameAsExample(data: Record<string, DataSlot>, ex: Example): boolean {
  const keys = Object.keys(data);
  if (keys.length !== Object.keys(ex.data).length) return false;
  const dec = new TextDecoder();
  return keys.every((k) => ex.data[k] !== undefined && data[k]!.origin === 'example' && dec.decode(data[k]!.bytes) === ex.data[k]!.text);
}


export { MARKER_OWNER };
