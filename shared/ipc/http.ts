/**
 * How browser mode's page talks to its server: the same IpcResult answers as Electron's
 * IPC, over these paths and headers (electron/web/server.ts serves them,
 * renderer/src/api/client.ts calls them).
 */
export const API_PATH = '/api/invoke';
/** Browser mode's stand-in for a file path: the page uploads the file it was given. */
export const UPLOAD_PATH = '/api/upload';
/** The session token on every API call and upload (header names are case-insensitive). */
export const TOKEN_HEADER = 'X-Tierscape-Token';
/** The uploaded file's name, URI-encoded. */
export const FILE_NAME_HEADER = 'x-file-name';
/** Browser mode's stand-in for a save dialog: the page fetches an exported workbook once (GET, `?id=`). */
export const DOWNLOAD_PATH = '/api/download';
/** The content type of a binary answer: a dataset's columns (`dataset:columns`, shared/ipc/columns.ts). */
export const BINARY_CONTENT_TYPE = 'application/octet-stream';
