import { migration0001 } from './0001_initial';
import { migration0002 } from './0002_import_mapping';
import { migration0003 } from './0003_id_sequence';
import { migration0004 } from './0004_metric_kind_unchecked';
import { migration0005 } from './0005_partner_text';
import { migration0006 } from './0006_drop_partner_rows';
import { migration0007 } from './0007_narrow_metric_values';
import type { Migration } from './types';

/** Every migration, in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
