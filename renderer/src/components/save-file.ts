/** Hands a file to the browser's downloads (browser mode's stand-in for a save dialog). */
export function saveFile(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // long enough for a large workbook to be handed over
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
