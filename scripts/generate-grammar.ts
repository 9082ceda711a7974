/**
 * `npm run grammar`: writes the generated grammar artefacts. All the logic is in src/; this only
 * writes files (test/unit/grammar and test/unit/plan check that the committed copies are current).
 *
 *   grammar/kpl.ebnf                    EBNF of the parser          (src/syntax/grammar-ebnf.ts)
 *   grammar/generated/diagrams.html     railroad diagrams, offline  (src/syntax/grammar-diagrams.ts)
 *   grammar/generated/chevrotain-diagrams/…   the scripts and stylesheet the diagrams page loads
 *   grammar/plan.schema.json            JSON Schema of the plan     (src/plan/json-schema.ts)
 *   editors/vscode/syntaxes/kpl.tmLanguage.json, kpltest.tmLanguage.json, editors/vscode/language-configuration.json
 *                                       VS Code's grammar and brackets, from the tokens (src/editor/highlight.ts)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kplEbnf } from '../src/syntax/grammar-ebnf.ts';
import { diagramResources, diagramsHtml } from '../src/syntax/grammar-diagrams.ts';
import { planJsonSchemaText } from '../src/plan/json-schema.ts';
import { kpltestGrammarText, textmateGrammarText, vscodeLanguageConfigurationText } from '../src/editor/highlight.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function write(path: string, content: string): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  console.log(`wrote ${relative(root, file)}`);
}

write('grammar/kpl.ebnf', kplEbnf());
write('grammar/generated/diagrams.html', diagramsHtml());
for (const r of diagramResources()) write(join('grammar/generated', r.path), r.content);
write('grammar/plan.schema.json', planJsonSchemaText());
write('editors/vscode/syntaxes/kpl.tmLanguage.json', textmateGrammarText());
write('editors/vscode/syntaxes/kpltest.tmLanguage.json', kpltestGrammarText());
write('editors/vscode/language-configuration.json', vscodeLanguageConfigurationText());
