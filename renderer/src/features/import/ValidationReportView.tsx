import { columnLetter, type IssueGroup, type Severity, type ValidationReport } from '../../../../shared/io/types';
import { formatCount } from '../../../../shared/model/format';
import { describeExample, ISSUE_TITLES } from '../../lib/mapping';

const SEVERITY_TITLES: Record<Severity, string> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Notes',
};
const SEVERITY_HINTS: Record<Severity, string> = {
  error: 'rows that cannot be imported',
  warning: 'imported as described',
  info: 'nothing lost',
};
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

interface Props {
  report: ValidationReport | null;
  /** problems of the mapping found in the page (an empty metric name …), by column index */
  columnErrors: Record<number, string>;
  validating: boolean;
}

function Count({ label, value, testId, tone }: { label: string; value: number; testId: string; tone?: 'bad' | 'good' }) {
  return (
    <div className={`report-count${tone ? ` ${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{formatCount(value)}</dd>
    </div>
  );
}

function Group({ group }: { group: IssueGroup }) {
  const more = group.count - group.examples.length;
  return (
    <details className="issue-group" open={group.severity !== 'info'} data-testid={`issue-${group.kind}`}>
      <summary>
        <span>{ISSUE_TITLES[group.kind]}</span>
        <span className="issue-count">{formatCount(group.count)}</span>
      </summary>
      <ul>
        {group.examples.map((example, i) => (
          <li key={i}>{describeExample(example)}</li>
        ))}
        {more > 0 && <li className="muted">…and {formatCount(more)} more</li>}
      </ul>
    </details>
  );
}

/** The validation report (DESIGN D9.3): counts, blocking mapping errors, then issues by severity with examples. */
export function ValidationReportView({ report, columnErrors, validating }: Props) {
  const localErrors = Object.entries(columnErrors).map(([index, message]) => `Column ${columnLetter(Number(index))}: ${message}`);
  const mappingErrors = [...localErrors, ...(report?.mappingErrors ?? [])];
  return (
    <section className="import-report" aria-labelledby="import-report-title" data-testid="import-report" aria-busy={validating}>
      <div className="report-title">
        <h3 id="import-report-title">Validation report</h3>
        {validating && (
          <span className="muted small" data-testid="report-checking">
            Checking…
          </span>
        )}
      </div>
      {report && (
        <dl className="report-counts">
          <Count label="Rows" value={report.rowCount} testId="report-rows" />
          <Count label="Importable" value={report.validRows} testId="report-importable" tone="good" />
          <Count label="With errors" value={report.badRows} testId="report-bad" tone={report.badRows > 0 ? 'bad' : undefined} />
          <Count label="Left out" value={report.emptyRows} testId="report-empty" />
        </dl>
      )}
      {mappingErrors.length > 0 && (
        <div className="report-mapping-errors" role="alert" data-testid="mapping-errors">
          <h4>Fix the mapping before importing</h4>
          <ul>
            {mappingErrors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {report &&
        SEVERITIES.map((severity) => {
          const groups = report.groups.filter((g) => g.severity === severity);
          if (groups.length === 0) return null;
          const total = groups.reduce((n, g) => n + g.count, 0);
          return (
            <section key={severity} className={`issue-severity issue-${severity}`} data-testid={`severity-${severity}`}>
              <h4>
                {SEVERITY_TITLES[severity]} <span className="issue-count">{formatCount(total)}</span>
                <span className="muted small"> · {SEVERITY_HINTS[severity]}</span>
              </h4>
              {groups.map((group) => (
                <Group key={group.kind} group={group} />
              ))}
            </section>
          );
        })}
      {report && report.groups.length === 0 && mappingErrors.length === 0 && <p className="report-ok">No problems found: every row can be imported.</p>}
    </section>
  );
}
