/**
 * The compiler web worker. The page runs two of these: one answers `analyze` and `format` while
 * the author types (always quick), the other runs the policy over the data (`run`, `explain`,
 * `csv`), which can take seconds on a large population and can be stopped by terminating it.
 */
import { analyze, EvalSession, formatSource, quickFixesFor, readyMessage, referencesOf, SentParts } from './worker-core.ts';
import type { Reply, Request } from './protocol.ts';

const session = new EvalSession();
const sent = new SentParts();

function reply(r: Reply): void {
  self.postMessage(r);
}

self.onmessage = (e: MessageEvent<Request>) => {
  const req = e.data;
  try {
    switch (req.kind) {
      case 'analyze':
        reply(analyze(req.version, req.source, req.tests, req.lang));
        break;
      case 'references':
        reply({ kind: 'references', version: req.version, id: req.id, ranges: referencesOf(req.source, req.target) });
        break;
      case 'fixes':
        reply({ kind: 'fixes', version: req.version, id: req.id, fixes: quickFixesFor(req.source, req.diagnostics, req.lang) });
        break;
      case 'format':
        reply({ kind: 'formatted', version: req.version, ...formatSource(req.source) });
        break;
      case 'run':
        if (req.files) session.setData(req.dataVersion, req.files);
        reply(sent.wire(session.run(req.version, req.source, req.withIndicators, req.baseline), req.full));
        break;
      case 'explain':
        reply(session.explain(req.version, req.key, req.report));
        break;
      case 'csv': {
        if (req.format === 'xlsx') {
          const bytes = session.xlsx(req.version);
          reply({ kind: 'csv', version: req.version, ...(bytes !== undefined ? { bytes } : {}) });
          break;
        }
        const text = session.csv(req.version);
        reply({ kind: 'csv', version: req.version, ...(text !== undefined ? { text } : {}) });
        break;
      }
    }
  } catch (err) {
    reply({ kind: 'failure', version: 'version' in req ? req.version : -1, message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  }
};

reply(readyMessage());
