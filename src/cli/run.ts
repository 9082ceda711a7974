/** Process entry of the `kpl` command (bin/kpl.mjs loads this file). */
import { main } from './main.ts';

process.exitCode = main(process.argv.slice(2));
