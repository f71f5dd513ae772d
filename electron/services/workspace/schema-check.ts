/**
 * Checks that a workspace's tables are the ones Tierscape made (issue 8: a workspace whose
 * tables were tampered with gets a clear message, never a white screen).
 *
 * The expected schema is built by running the migrations on an in-memory database, so it
 * can never drift from them. A table whose columns, types or STRICT typing differ is named
 * with what differs; one whose columns match but whose constraints (CHECK, UNIQUE,
 * REFERENCES) were rewritten is reported as changed. With the definitions intact, SQLite's
 * STRICT tables and CHECK constraints guarantee every stored value's type.
 */
import { migrate } from './migrate';
import { openSqlite, type SqliteDatabase } from './native';

interface ColumnShape {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

interface TableShape {
  strict: boolean;
  columns: ColumnShape[];
  /** the CREATE TABLE statement with runs of white space folded */
  sql: string;
}

type SchemaShape = Map<string, TableShape>;

function normaliseSql(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

export function readSchemaShape(db: SqliteDatabase): SchemaShape {
  const shape: SchemaShape = new Map();
  const strict = new Map(
    (db.pragma('table_list') as { schema: string; name: string; strict: number }[])
      .filter((t) => t.schema === 'main')
      .map((t) => [t.name, t.strict === 1] as const),
  );
  const tables = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .all() as { name: string; sql: string | null }[];
  for (const t of tables) {
    const columns = (db.pragma(`table_xinfo(${JSON.stringify(t.name)})`) as (ColumnShape & { hidden: number })[])
      .filter((c) => c.hidden === 0)
      .map(({ name, type, notnull, pk }) => ({ name, type: type.toUpperCase(), notnull, pk }));
    shape.set(t.name, { strict: strict.get(t.name) ?? false, columns, sql: normaliseSql(t.sql ?? '') });
  }
  return shape;
}

let expected: SchemaShape | undefined;

/** The schema a new workspace has at the latest version. */
export function expectedSchemaShape(): SchemaShape {
  if (!expected) {
    const db = openSqlite(':memory:');
    try {
      migrate(db);
      expected = readSchemaShape(db);
    } finally {
      db.close();
    }
  }
  return expected;
}

/**
 * What differs between `db`'s tables and the latest schema, in words, most telling first.
 * Extra tables are allowed (they are ignored); an empty list means the schema is intact.
 */
export function schemaProblems(db: SqliteDatabase): string[] {
  const actual = readSchemaShape(db);
  const missingTables: string[] = [];
  const problems: string[] = [];
  for (const [name, want] of expectedSchemaShape()) {
    const have = actual.get(name);
    if (!have) {
      missingTables.push(name);
      continue;
    }
    const before = problems.length;
    for (const column of want.columns) {
      const found = have.columns.find((c) => c.name === column.name);
      if (!found) problems.push(`the column ${name}.${column.name} is missing`);
      else if (found.type !== column.type) problems.push(`the column ${name}.${column.name} is ${found.type || 'untyped'} instead of ${column.type}`);
      else if (found.notnull !== column.notnull) problems.push(`the column ${name}.${column.name} ${column.notnull ? 'no longer requires a value' : 'now requires a value'}`);
      else if (found.pk !== column.pk) problems.push(`the key of the table ${name} was changed`);
    }
    for (const column of have.columns) {
      if (!want.columns.some((c) => c.name === column.name)) problems.push(`the table ${name} has an unknown column ${column.name}`);
    }
    if (want.strict && !have.strict) problems.push(`the table ${name} no longer checks the types of its values`);
    if (problems.length === before && have.sql !== want.sql) problems.push(`the definition of the table ${name} (its constraints) was changed`);
  }
  if (missingTables.length) {
    problems.unshift(`the table${missingTables.length === 1 ? '' : 's'} ${missingTables.join(', ')} ${missingTables.length === 1 ? 'is' : 'are'} missing`);
  }
  return problems;
}
