/**
 * The one IPC contract (ARCHITECTURE): channel → zod request schema → response schema.
 * Electron's main process and browser mode register the same handler table against it;
 * the renderer's client is typed by it. Requests are validated in the main process.
 */
import { z } from 'zod';
import {
  DatasetSummarySchema,
  PartnerPageSchema,
  RecentFileSchema,
  WorkspaceInfoSchema,
} from '../model/workspace';
import type { Channel } from './channels';

/** An absolute or relative path as typed or picked; the service resolves and checks it. */
export const FilePathSchema = z
  .string()
  .min(1, 'a file path is required')
  .max(4096, 'the path is too long')
  .refine((p) => !p.includes('\0'), 'the path contains a NUL character');

const NoPayload = z.undefined().or(z.null()).transform(() => undefined);

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  runtime: z.enum(['electron', 'web']),
  platform: z.string(),
  /** true when the runtime can show native file dialogs (Electron) */
  nativeDialogs: z.boolean(),
  /** folder suggested for new workspaces */
  documentsDir: z.string(),
  /** why the workspace asked for at start-up could not be opened, if it could not */
  startupNotice: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const PickPurposeSchema = z.enum(['open', 'new', 'saveAs']);
export type PickPurpose = z.infer<typeof PickPurposeSchema>;

export const contract = {
  'app:info': { req: NoPayload, res: AppInfoSchema },
  'workspace:current': { req: NoPayload, res: WorkspaceInfoSchema.nullable() },
  'workspace:new': {
    req: z.object({ path: FilePathSchema, sample: z.boolean().default(false), overwrite: z.boolean().default(false) }).strict(),
    res: WorkspaceInfoSchema,
  },
  'workspace:open': { req: z.object({ path: FilePathSchema }).strict(), res: WorkspaceInfoSchema },
  'workspace:saveAs': {
    req: z.object({ path: FilePathSchema, overwrite: z.boolean().default(false) }).strict(),
    res: WorkspaceInfoSchema,
  },
  'workspace:close': { req: NoPayload, res: z.null() },
  'workspace:recent': { req: NoPayload, res: z.array(RecentFileSchema) },
  'workspace:forgetRecent': { req: z.object({ path: FilePathSchema }).strict(), res: z.array(RecentFileSchema) },
  /** Native file dialog (Electron only); `null` when the user cancels. */
  'workspace:pickPath': { req: z.object({ purpose: PickPurposeSchema }).strict(), res: FilePathSchema.nullable() },
  'dataset:list': { req: NoPayload, res: z.array(DatasetSummarySchema) },
  'partners:page': {
    req: z
      .object({
        datasetId: z.number().int().positive(),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().positive().max(10_000).default(1000),
      })
      .strict(),
    res: PartnerPageSchema,
  },
  'shell:openExternal': { req: z.object({ url: z.string().url().max(2048) }).strict(), res: z.null() },
} as const satisfies Record<Channel, { req: z.ZodType; res: z.ZodType }>;

export type Contract = typeof contract;
/** What the caller sends (before defaults are applied). */
export type Req<C extends Channel> = z.input<Contract[C]['req']>;
/** What the handler receives (after validation and defaults). */
export type ParsedReq<C extends Channel> = z.output<Contract[C]['req']>;
export type Res<C extends Channel> = z.output<Contract[C]['res']>;

/** Channels whose request carries nothing. */
export type NoPayloadChannel = {
  [C in Channel]: undefined extends Req<C> ? C : never;
}[Channel];
