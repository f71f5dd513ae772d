/** `tierscape import`: a partner list (CSV / XLSX / XLS / ODS) as a new dataset, with its validation report. */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { RecentFiles } from '../../services/recent';
import type { ImportPreview } from '../../services/import/service';
import { columnLetter, ImportMappingSchema, PARTNER_FIELD_LABELS, type ImportMapping, type ValidationReport } from '../../../shared/io/types';
import { describeZodIssues } from '../../../shared/ipc/result';
import { IsoDateSchema } from '../../../shared/ipc/contract';
import { packageVersion } from '../../services/paths';
import { UserFacingError } from '../../services/workspace/errors';
import { type CliIo, parse, UsageError } from '../common';

function describeTarget(target: ImportMapping['columns'][number]['target']): string {
  if (target.type === 'ignore') return 'ignored';
  if (target.type === 'field') return PARTNER_FIELD_LABELS[target.field];
  return `metric ${target.key} (${target.kind}${target.unit ? `, ${target.unit}` : ''})`;
}

function describeReport(report: ValidationReport): string[] {
  const lines = [
    `${report.rowCount} rows: ${report.validRows} importable, ${report.badRows} with errors, ${report.emptyRows} left out (empty or totals)`,
  ];
  for (const message of report.mappingErrors) lines.push(`  mapping: ${message}`);
  for (const group of report.groups) {
    lines.push(`  ${group.severity} ${group.kind.replace(/_/g, ' ')} (${group.count}):`);
    for (const example of group.examples) lines.push(`    ${example.message}`);
    if (group.count > group.examples.length) lines.push(`    … and ${group.count - group.examples.length} more`);
  }
  return lines;
}

function readMappingFile(file: string): ImportMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserFacingError('invalid_request', `The mapping file ${file} is not readable JSON: ${(error as Error).message}`);
  }
  const parsed = ImportMappingSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = describeZodIssues(parsed.error).map((i) => `${i.path}: ${i.message}`);
    throw new UserFacingError('invalid_request', `The mapping file ${file} is not a column mapping: ${issues.slice(0, 5).join('; ')}`);
  }
  return parsed.data;
}

export async function cmdImport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(() =>
    parseArgs({
      args,
      options: {
        sheet: { type: 'string' },
        label: { type: 'string' },
        'as-of': { type: 'string' },
        mapping: { type: 'string' },
        'skip-bad-rows': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (positionals.length !== 2) throw new UsageError(`expected a workspace and a file, got ${positionals.length} argument(s)`);
  const [workspaceFile, sourceFile] = positionals as [string, string];
  if (values['as-of'] !== undefined && !IsoDateSchema.safeParse(values['as-of']).success) {
    throw new UsageError(`--as-of must be a date written YYYY-MM-DD, not "${values['as-of']}"`);
  }
  const mappingFromFile = values.mapping !== undefined ? readMappingFile(values.mapping) : null;
  // loaded on demand: the other commands start without the import readers (SheetJS)
  const { createAppServices } = await import('../../services/app-services');
  const services = createAppServices({ recent: RecentFiles.disabled(), appVersion: packageVersion() });
  const { session, imports } = services;
  const jobId = randomUUID();
  try {
    await session.open(workspaceFile);
    const preview: ImportPreview = await imports.preview({ jobId, path: sourceFile, sheet: values.sheet });
    const mapping = mappingFromFile ?? preview.mapping;
    const report = mappingFromFile ? await imports.validate(jobId, mappingFromFile) : preview.report;
    const mappingSource = mappingFromFile ? 'file' : preview.mappingSource;
    const label = values.label ?? preview.suggestedLabel;
    const asOf = values['as-of'] ?? preview.suggestedAsOf;
    const refused = report.mappingErrors.length > 0 || (report.badRows > 0 && !values['skip-bad-rows']) || report.validRows === 0;
    let outcome: { written: boolean; dataset?: { id: number; label: string; partnerCount: number }; imported: number; skipped: number } = {
      written: false,
      imported: 0,
      skipped: 0,
    };
    if (!refused) {
      const result = await imports.commit({ jobId, mapping, label, asOf, skipBadRows: Boolean(values['skip-bad-rows']) });
      outcome = {
        written: true,
        dataset: { id: result.dataset.id, label: result.dataset.label, partnerCount: result.dataset.partnerCount },
        imported: result.imported,
        skipped: result.skipped,
      };
    }
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            file: preview.fileName,
            workspace: session.workspace?.file,
            format: preview.format,
            encoding: preview.encoding,
            delimiter: preview.delimiter,
            sheet: preview.sheet,
            sheets: preview.sheets,
            headers: preview.headers,
            mappingSource,
            mapping,
            label,
            asOf,
            report,
            ...outcome,
          },
          null,
          2,
        ),
      );
    } else {
      const how = [preview.format.toUpperCase(), preview.encoding, preview.delimiter ? `delimiter ${JSON.stringify(preview.delimiter)}` : null, preview.sheet ? `sheet "${preview.sheet}"` : null]
        .filter(Boolean)
        .join(', ');
      io.out(`${preview.fileName} (${how}), header on row ${preview.firstDataRow - 1}`);
      io.out(`Mapping (${mappingSource}):`);
      for (const column of mapping.columns) io.out(`  ${columnLetter(column.index)} "${column.header}" → ${describeTarget(column.target)}`);
      for (const line of describeReport(report)) io.out(line);
      if (outcome.written) {
        io.out(
          `Imported ${outcome.imported} partners as dataset "${outcome.dataset!.label}"${outcome.skipped ? ` (${outcome.skipped} bad rows skipped)` : ''}.`,
        );
      }
    }
    if (!outcome.written) {
      const why = report.mappingErrors.length
        ? 'the column mapping has problems (see above); pass a corrected --mapping file'
        : report.validRows === 0
          ? 'no row can be imported'
          : `${report.badRows} row(s) have errors; fix the file, or pass --skip-bad-rows to import the other ${report.validRows}`;
      io.err(`tierscape: nothing was written: ${why}.`);
      return 1;
    }
    return 0;
  } finally {
    services.close();
  }
}
