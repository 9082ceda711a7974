/**
 * The data-input layer: decoding, CSV/JSON reading, cell typing, cross-table loading and CSV
 * output. Other stages import from here only.
 */
export { decodeText, firstInvalidUtf8, encodingLabel, ENCODINGS, type Decoded } from './decode.ts';
export { readXlsx, number15, cellName, columnLetters, isDateFormat, type XlsxSheet } from './xlsx-read.ts';
export { readCsv } from './csv-read.ts';
export { readJson } from './json-read.ts';
export type { RawRecord, RawTable } from './raw-table.ts';
export { convertCell, rangeText, isIsoDate, halfWidth, serialDate, type CellResult } from './convert-cell.ts';
export { keyText } from './key-text.ts';
export { loadTables, allDiagnostics, type DataFile } from './load-tables.ts';
export { formatOf, headerOf } from './header.ts';
export { groupRelated } from './group-related.ts';
export type { LoadedData, Row, RowRef, Table } from './table.ts';
export type { Value } from './value.ts';
export { writeCsv, protectText, type CsvCell } from './write-csv.ts';
export { writeXlsx, resultsXlsx, type SheetSpec, type ResultRow } from './write-xlsx.ts';
