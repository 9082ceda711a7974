/**
 * A compiler worker seen from the page: requests of a coalescing kind (`analyze`, `run`) are sent
 * one at a time and only the newest waiting one is kept, so a burst of keystrokes never queues up
 * stale work. `restart()` terminates the worker (stopping a long run at once) and starts a new one.
 */
import type { PersonSummary, Reply, Request, RunResult, Summary } from './protocol.ts';

export class WorkerLane {
  private worker!: Worker;
  private inflight: Request['kind'] | undefined;
  private pending: (() => Request) | undefined;
  private started = 0;
  /** Data version the current worker instance holds. */
  dataVersion = -1;
  onBusyChange: (busy: boolean, since: number) => void = () => {};

  constructor(
    private readonly factory: () => Worker,
    private readonly onReply: (r: Reply) => void,
    private readonly coalesce: ReadonlySet<Request['kind']>,
  ) {
    this.spawn();
  }

  private spawn(): void {
    this.worker = this.factory();
    this.dataVersion = -1;
    this.worker.onmessage = (e: MessageEvent<Reply>) => {
      const r = e.data;
      const done = r.kind === 'analysis' ? 'analyze' : r.kind === 'result' ? 'run' : r.kind === 'failure' ? this.inflight : undefined;
      if (done && done === this.inflight) {
        this.inflight = undefined;
        this.onBusyChange(false, this.started);
        this.flush();
      }
      this.onReply(r);
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      const kind = this.inflight;
      this.inflight = undefined;
      this.onBusyChange(false, this.started);
      this.onReply({ kind: 'failure', version: -1, message: e.message || `worker error (${kind ?? 'idle'})` });
      this.flush();
    };
  }

  get busy(): boolean {
    return this.inflight !== undefined;
  }

  /** Nothing running and nothing waiting. */
  get idle(): boolean {
    return this.inflight === undefined && this.pending === undefined;
  }

  /**
   * Sends a request. A coalescing request may be given as a function, called only when it is
   * actually sent (so it can attach the data the worker does not hold yet).
   */
  send(req: Request | (() => Request)): void {
    if (typeof req !== 'function' && !this.coalesce.has(req.kind)) {
      this.worker.postMessage(req);
      return;
    }
    this.pending = typeof req === 'function' ? req : () => req;
    this.flush();
  }

  private flush(): void {
    if (this.inflight || !this.pending) return;
    const req = this.pending();
    this.pending = undefined;
    this.inflight = req.kind;
    this.started = performance.now();
    this.onBusyChange(true, this.started);
    this.worker.postMessage(req);
  }

  /** Stops whatever runs now; pending work is dropped too. */
  restart(): void {
    this.worker.terminate();
    const was = this.inflight !== undefined;
    this.inflight = undefined;
    this.pending = undefined;
    if (was) this.onBusyChange(false, this.started);
    this.spawn();
  }
}

/**
 * The page's side of `SentParts` (worker-core.ts): keeps the last people and baseline received,
 * fills them into a result that refers to them, and keeps their identity, so views can cache what
 * they computed from them (the change comparison).
 */
export class ReceivedParts {
  private people?: { id: number; people: PersonSummary[]; pools: Summary['pools'] };
  private baseline?: { id: number; summary: Summary };

  /** Call for every result, also a stale one. Undefined: it refers to parts not held (ask for a full run). */
  restore(r: RunResult): RunResult | undefined {
    let out = r;
    if (r.summary && r.peopleId !== undefined) this.people = { id: r.peopleId, people: r.summary.people, pools: r.summary.pools };
    if (r.baseline && r.baselineId !== undefined) this.baseline = { id: r.baselineId, summary: r.baseline };
    if (r.summary && r.peopleRef !== undefined) {
      if (this.people?.id !== r.peopleRef) return undefined;
      out = { ...out, summary: { ...r.summary, people: this.people.people, pools: this.people.pools } };
    }
    if (r.baselineRef !== undefined) {
      if (this.baseline?.id !== r.baselineRef) return undefined;
      out = { ...out, baseline: this.baseline.summary };
    }
    return out;
  }

  clear(): void {
    this.people = undefined;
    this.baseline = undefined;
  }
}
