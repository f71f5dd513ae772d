/** What the window shows of an error the API or a worker threw: its message (ApiError's is the handler's words). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
