/**
 * The import's check of a changed mapping (DESIGN D9.2, D9.3): the service re-computes the
 * validation report (`import:validate`) once the mapping has stayed still for
 * VALIDATE_DELAY_MS; one check runs at a time, the newest mapping is checked next, and an
 * answer for an older mapping or flow is dropped. Used by import.slice.ts.
 */
import type { ImportMapping } from '../../../shared/io/types';
import { ApiError, getApi } from '../api/client';
import { messageOf } from '../lib/errors';
import { columnProblems } from '../lib/mapping';
import type { ImportFlow, ImportMessage } from './import-flow';
import type { Store } from './store';

/** How long the mapping must stay still before it is checked again. */
export const VALIDATE_DELAY_MS = 250;

/** What the check needs of the import slice: the store, and its flow by generation (a new file or a closed flow starts another). */
export interface MappingCheckHost {
  get(): Store;
  set(partial: Partial<Store>): void;
  generation(): number;
  flowOf(gen: number): ImportFlow | null;
  patch(gen: number, update: Partial<ImportFlow>): void;
  stopped(gen: number, message: ImportMessage): void;
}

export interface MappingCheck {
  /** Changes the open flow's mapping (on the mapping screen only), and checks it once it stays still. */
  change(update: (mapping: ImportMapping) => ImportMapping): void;
  /** Drops a check still waiting (a new file starts, the flow ends). */
  stop(): void;
}

export function createMappingCheck(host: MappingCheckHost): MappingCheck {
  const { get, set, flowOf, patch, stopped } = host;
  let validateTimer: ReturnType<typeof setTimeout> | null = null;
  let validateInFlight = false;
  let validateAgain = false;
  let mappingVersion = 0;

  function scheduleValidate(): void {
    if (validateTimer) clearTimeout(validateTimer);
    validateTimer = setTimeout(() => {
      validateTimer = null;
      void validate();
    }, VALIDATE_DELAY_MS);
  }

  async function validate(): Promise<void> {
    if (validateInFlight) {
      validateAgain = true;
      return;
    }
    const gen = host.generation();
    const flow = flowOf(gen);
    if (!flow?.mapping || flow.phase !== 'mapping') return;
    if (Object.keys(flow.columnErrors).length > 0) {
      // the service would refuse this mapping; the screen already says what to fix
      patch(gen, { validating: false });
      return;
    }
    const version = mappingVersion;
    validateInFlight = true;
    try {
      const report = await getApi().call('import:validate', { jobId: flow.jobId, mapping: flow.mapping });
      if (flowOf(gen) && version === mappingVersion) patch(gen, { report, validating: false });
    } catch (error) {
      if (flowOf(gen) && version === mappingVersion) {
        const expired = error instanceof ApiError && error.code === 'not_found';
        if (expired) stopped(gen, { tone: 'error', text: messageOf(error) });
        else patch(gen, { validating: false, message: { tone: 'error', text: `The mapping could not be checked: ${messageOf(error)}` } });
      }
    } finally {
      validateInFlight = false;
      if (validateAgain) {
        validateAgain = false;
        void validate();
      }
    }
  }

  return {
    change(update) {
      const flow = get().importFlow;
      if (!flow?.mapping || flow.phase !== 'mapping') return;
      const mapping = update(flow.mapping);
      mappingVersion += 1;
      set({ importFlow: { ...flow, mapping, columnErrors: columnProblems(mapping), validating: true, message: null } });
      scheduleValidate();
    },

    stop() {
      if (validateTimer) clearTimeout(validateTimer);
      validateTimer = null;
      validateAgain = false;
    },
  };
}
