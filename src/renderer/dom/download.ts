/** Offers `text` as a file download named `fileName` (a save dialog in Electron). */
export function downloadText(fileName: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has taken its copy once click() returns; a tick later is safe everywhere.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
